// Shared fixtures for the bundle tests: temp folders, payload files, a sample manifest, tar surgery.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extract, pack, type Header } from 'tar-stream'
import type { BundleManifestInput, BundleSourceFile } from '../../../../main/clients/bundle'

/** A fresh temp folder. */
export function tempDir(prefix = 'pb-bundle-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Deterministic pseudo-random bytes (fast, no crypto needed): a SHA-256 counter stream. */
export function pseudoRandom(size: number, seed: string): Buffer {
  const out = Buffer.allocUnsafe(size)
  let block = createHash('sha256').update(seed).digest()
  for (let at = 0; at < size; at += 32) {
    block.copy(out, at, 0, Math.min(32, size - at))
    if (at % 4096 === 0) block = createHash('sha256').update(block).digest()
    else block = Buffer.from(block.map((b, i) => (b + i + at) & 0xff))
  }
  return out
}

/** Write payload files of the given sizes into `dir`; returns them as bundle sources. */
export function makeFiles(dir: string, sizes: Record<string, number>): BundleSourceFile[] {
  return Object.entries(sizes).map(([path, size]) => {
    const source = join(dir, 'src-' + createHash('sha256').update(path).digest('hex').slice(0, 16))
    writeFileSync(source, pseudoRandom(size, path))
    return { path, source }
  })
}

/** A manifest (without files) such as the CLI would give for a two-update package. */
export function sampleManifest(): BundleManifestInput {
  return {
    createdAt: '2024-02-20T10:00:00.000Z',
    createdBy: 'patchbay 0.1.0 (test)',
    package: {
      name: 'Offline updates',
      version: '2024.02',
      manufacturer: 'Patchbay',
      language: 'en',
      comment: '',
    },
    programs: [
      {
        name: 'Install updates',
        commandLine: 'apt-get install -y ./*.deb',
        runMode: 'administrative',
        afterRunning: 'no-action',
        platform: 'linux',
      },
    ],
    updates: [
      {
        id: 'deb:openssl:3.0.13',
        title: 'openssl 3.0.13',
        classification: 'Security Updates',
        vendor: 'Debian',
      },
      {
        id: 'KB5034441',
        title: '2024-01 update',
        classification: 'Security Updates',
        vendor: 'Microsoft',
        kb: '5034441',
      },
    ],
  }
}

/** A fresh Ed25519 key pair in memory. */
export function newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519')
}

/** One tar entry read fully into memory (test bundles only). */
export interface TarEntry {
  header: Header
  data: Buffer
}

/** Read every entry of a (small) tar into memory. */
export async function readEntries(file: string): Promise<TarEntry[]> {
  const ex = extract()
  ex.end(readFileSync(file))
  const entries: TarEntry[] = []
  for await (const entry of ex) {
    const chunks: Buffer[] = []
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk)
    entries.push({ header: { ...entry.header }, data: Buffer.concat(chunks) })
  }
  return entries
}

/** An entry to write: any header fields (name required), data for regular files. */
export interface CraftedEntry {
  header: Partial<Header> & { name: string }
  data?: Buffer
}

/** Write entries as a tar with tar-stream (each header's size follows its data). */
export async function writeEntries(file: string, entries: CraftedEntry[]): Promise<void> {
  const p = pack()
  const done = (async () => {
    const chunks: Buffer[] = []
    for await (const chunk of p as AsyncIterable<Buffer>) chunks.push(chunk)
    writeFileSync(file, Buffer.concat(chunks))
  })()
  for (const e of entries) {
    p.entry({ ...e.header, pax: undefined }, e.data ?? Buffer.alloc(0))
  }
  p.finalize()
  await done
}

/** Leftover temp folders of an extraction next to `target`. */
export function extractionLeftovers(parent: string): string[] {
  return readdirSync(parent).filter((n) => n.includes('.partial'))
}
