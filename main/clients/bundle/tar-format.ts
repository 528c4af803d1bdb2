// A minimal POSIX tar (ustar + pax) header writer: enough for regular files with any UTF-8 name and any size.
// Readers: GNU tar, bsdtar, 7-Zip, tar-stream. Offsets are exact, which the builder relies on.

/** Size of a tar block. */
export const BLOCK = 512
/** The end-of-archive marker: two zero blocks. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2)

const MAX_OCTAL_SIZE = 0o77777777777 // 11 octal digits: 8 GiB - 1

/** A regular-file entry header. */
export interface TarFileHeader {
  name: string
  size: number
  mtime: Date
  mode?: number
}

/** Header bytes for a regular file: a ustar block, preceded by a pax block when the name or size needs it. */
export function encodeFileHeader(h: TarFileHeader): Buffer {
  const ascii = /^[\x20-\x7e]*$/.test(h.name)
  const split = ascii ? splitUstarName(h.name) : null
  const pax: string[] = []
  if (!split) pax.push(paxRecord('path', h.name))
  if (h.size > MAX_OCTAL_SIZE) pax.push(paxRecord('size', String(h.size)))
  const block = ustarBlock({
    name: split ? split.name : fallbackName(h.name),
    prefix: split ? split.prefix : '',
    size: h.size > MAX_OCTAL_SIZE ? 0 : h.size,
    mtime: h.mtime,
    mode: h.mode ?? 0o644,
    type: '0',
  })
  if (pax.length === 0) return block
  const body = Buffer.from(pax.join(''))
  const paxHeader = ustarBlock({
    name: 'PaxHeaders/' + fallbackName(h.name).slice(0, 80),
    prefix: '',
    size: body.length,
    mtime: h.mtime,
    mode: 0o644,
    type: 'x',
  })
  return Buffer.concat([paxHeader, body, padding(body.length), block])
}

/** Zero bytes that pad `size` bytes of data to a whole block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest)
}

/** `size` rounded up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK
}

function splitUstarName(name: string): { name: string; prefix: string } | null {
  if (name.length <= 100) return { name, prefix: '' }
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i)
    const rest = name.slice(i + 1)
    if (prefix.length <= 155 && rest.length <= 100 && rest.length > 0) return { name: rest, prefix }
    if (prefix.length <= 155) return null
  }
  return null
}

function fallbackName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_')
  return ascii.length <= 100 ? ascii : ascii.slice(ascii.length - 100)
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  const bodyLength = Buffer.byteLength(body)
  let length = bodyLength + String(bodyLength).length
  if (String(length).length !== String(bodyLength).length) length = bodyLength + String(length).length
  return `${length}${body}`
}

function ustarBlock(f: {
  name: string
  prefix: string
  size: number
  mtime: Date
  mode: number
  type: string
}): Buffer {
  const b = Buffer.alloc(BLOCK)
  b.write(f.name, 0, 100, 'utf8')
  b.write(octal(f.mode, 8), 100, 'ascii')
  b.write(octal(0, 8), 108, 'ascii') // uid
  b.write(octal(0, 8), 116, 'ascii') // gid
  b.write(octal(f.size, 12), 124, 'ascii')
  b.write(octal(Math.max(0, Math.floor(f.mtime.getTime() / 1000)), 12), 136, 'ascii')
  b.write(' '.repeat(8), 148, 'ascii') // checksum placeholder
  b.write(f.type, 156, 'ascii')
  b.write('ustar\u000000', 257, 'ascii')
  b.write('root', 265, 'ascii')
  b.write('root', 297, 'ascii')
  b.write(f.prefix, 345, 155, 'utf8')
  let sum = 0
  for (const byte of b) sum += byte
  b.write(octal(sum, 7) + ' ', 148, 'ascii')
  return b
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\u0000'
}
