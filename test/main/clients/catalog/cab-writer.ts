/** Builds an uncompressed Microsoft Cabinet (MS-CAB: one folder, typeCompress 0) so tests need no cab tool. */
export function buildCab(files: Array<{ name: string; data: Buffer }>): Buffer {
  const stream = Buffer.concat(files.map((f) => f.data))
  const blocks: Buffer[] = []
  for (let off = 0; off < stream.length || blocks.length === 0; off += 32768)
    blocks.push(stream.subarray(off, off + 32768))
  const fileEntries = files.map((f) => 16 + Buffer.byteLength(f.name) + 1)
  const headerSize = 36
  const folderSize = 8
  const coffFiles = headerSize + folderSize
  const coffCabStart = coffFiles + fileEntries.reduce((a, b) => a + b, 0)
  const total = coffCabStart + blocks.reduce((a, b) => a + 8 + b.length, 0)
  const out = Buffer.alloc(total)
  out.write('MSCF', 0, 'latin1')
  out.writeUInt32LE(total, 8)
  out.writeUInt32LE(coffFiles, 16)
  out.writeUInt8(3, 24) // versionMinor
  out.writeUInt8(1, 25) // versionMajor
  out.writeUInt16LE(1, 26) // cFolders
  out.writeUInt16LE(files.length, 28)
  out.writeUInt16LE(0x1234, 32) // setID
  out.writeUInt32LE(coffCabStart, 36)
  out.writeUInt16LE(blocks.length, 40)
  out.writeUInt16LE(0, 42) // typeCompress: none
  let p = coffFiles
  let uoff = 0
  for (const f of files) {
    out.writeUInt32LE(f.data.length, p)
    out.writeUInt32LE(uoff, p + 4)
    out.writeUInt16LE(0, p + 8) // iFolder
    out.writeUInt16LE(((2024 - 1980) << 9) | (1 << 5) | 1, p + 10) // date 2024-01-01
    out.writeUInt16LE(0, p + 12)
    out.writeUInt16LE(0x20, p + 14) // archive
    out.write(`${f.name}\0`, p + 16, 'latin1')
    p += 16 + Buffer.byteLength(f.name) + 1
    uoff += f.data.length
  }
  for (const b of blocks) {
    out.writeUInt32LE(0, p) // no checksum
    out.writeUInt16LE(b.length, p + 4)
    out.writeUInt16LE(b.length, p + 6)
    b.copy(out, p + 8)
    p += 8 + b.length
  }
  return out
}
