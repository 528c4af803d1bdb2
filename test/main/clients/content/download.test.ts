import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  contentFileName,
  downloadFiles,
  ensureSourceFolder,
  parseDigest,
  verifyFolder,
  wsusContentFiles,
  type ContentFile,
} from '../../../../main/clients/content'

const payload = randomBytes(300_000)
const sha256 = createHash('sha256').update(payload).digest('hex')
const sha1b64 = createHash('sha1').update(payload).digest('base64')

/** A real HTTP server: /file serves `payload` with Range support; /cut sends half and then drops the connection once. */
let server: Server
let base: string
const requests: Array<{ path: string; range: string }> = []
let cutsLeft = 0

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const range = req.headers.range ?? ''
    requests.push({ path, range })
    if (path === '/missing') return res.writeHead(404).end()
    const body = path === '/wrong' ? Buffer.from(payload).fill(1, 0, 10) : payload
    const m = /^bytes=(\d+)-$/.exec(range)
    const start = m ? Number(m[1]) : 0
    const part = body.subarray(start)
    res.writeHead(m ? 206 : 200, {
      'content-length': part.length,
      ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    })
    if (path === '/cut' && cutsLeft > 0) {
      cutsLeft--
      res.write(part.subarray(0, part.length / 2), () => setTimeout(() => req.socket.end(), 20))
      return
    }
    res.end(part)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const file = (path: string, name = 'pkg_1.0_amd64.deb', digest = sha256): ContentFile => ({
  updateId: 'deb:pkg:1.0',
  name,
  url: base + path,
  size: payload.length,
  sha256: digest,
})
const dir = () => mkdtempSync(join(tmpdir(), 'pb-content-'))

describe('downloadFiles', () => {
  it('resumes a transfer cut half way with a Range request, and the result verifies', async () => {
    const d = dir()
    cutsLeft = 1
    requests.length = 0
    const seen: string[] = []
    const [p] = await downloadFiles([file('/cut')], d, { onProgress: (x) => seen.push(x.state) })
    expect(p).toMatchObject({ state: 'done', error: '', bytesDone: payload.length, sha256 })
    // The second request resumes from what arrived before the cut (at most the half that was sent).
    expect(requests).toHaveLength(2)
    expect(requests[0]!.range).toBe('')
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range)?.[1])
    expect(resumedAt).toBeGreaterThan(0)
    expect(resumedAt).toBeLessThanOrEqual(payload.length / 2)
    expect(readFileSync(join(d, 'pkg_1.0_amd64.deb')).equals(payload)).toBe(true)
    expect(existsSync(join(d, 'pkg_1.0_amd64.deb.partial'))).toBe(false)
    expect(seen).toContain('running')
  })

  it('resumes partial data left by an earlier run, and skips a file already present', async () => {
    const d = dir()
    writeFileSync(join(d, 'pkg_1.0_amd64.deb.partial'), payload.subarray(0, 1000))
    requests.length = 0
    const [p] = await downloadFiles([file('/file')], d)
    expect(p!.state).toBe('done')
    expect(requests).toEqual([{ path: '/file', range: 'bytes=1000-' }])
    requests.length = 0
    const [again] = await downloadFiles([file('/file')], d)
    expect(again).toMatchObject({ state: 'skipped', error: 'already present', sha256 })
    expect(requests).toEqual([])
  })

  it('refuses a file whose hash does not match the catalog, names both hashes and deletes it', async () => {
    const d = dir()
    const [p] = await downloadFiles([file('/wrong')], d)
    expect(p!.state).toBe('failed')
    expect(p!.error).toContain(`expected SHA-256 ${sha256}`)
    expect(p!.error).toMatch(/got SHA-256 [0-9a-f]{64}/)
    expect(existsSync(join(d, 'pkg_1.0_amd64.deb'))).toBe(false)
    expect(existsSync(join(d, 'pkg_1.0_amd64.deb.partial'))).toBe(false)
  })

  it('verifies a Windows file against the base64 SHA-1 of its WSUS metadata, and refuses a wrong one', async () => {
    const d = dir()
    const [wsus] = wsusContentFiles({
      updateId: '0b6e0b04-0000-4000-8000-000000000001',
      files: [{ id: sha1b64, url: `${base}/file/windows10.0-kb5034441-x64.cab` }],
    })
    expect(wsus).toMatchObject({ name: 'windows10.0-kb5034441-x64.cab', sha256: `sha1:${sha1b64}` })
    const [ok] = await downloadFiles([{ ...wsus!, size: payload.length }], d)
    expect(ok).toMatchObject({ state: 'done', sha256 })
    const [bad] = await downloadFiles([{ ...wsus!, name: 'other.cab', url: base + '/wrong' }], d)
    expect(bad!.state).toBe('failed')
    expect(bad!.error).toContain(`expected SHA-1 ${Buffer.from(sha1b64, 'base64').toString('hex')}`)
    const b64sha256 = Buffer.from(sha256, 'hex').toString('base64')
    const [ok256] = await downloadFiles([file('/file', 'x.msu', b64sha256)], d)
    expect(ok256!.state).toBe('done')
  })

  it('fails an HTTP error without retrying, and names a Debian epoch file with %3a instead of refusing it', async () => {
    const d = dir()
    requests.length = 0
    const [missing, epoch] = await downloadFiles(
      [file('/missing', 'a.deb'), file('/file', 'pkg_1:2.0_all.deb')],
      d,
    )
    expect(missing!.error).toContain('HTTP 404')
    expect(requests.filter((r) => r.path === '/missing')).toHaveLength(1)
    expect(epoch).toMatchObject({ state: 'done', file: 'pkg_1%3a2.0_all.deb' })
    expect(contentFileName('a%b:c')).toBe('a%25b%3ac')
    expect(() => parseDigest('abc')).toThrow(/not a SHA-256 or SHA-1 digest/)
  })
})

describe('source folders and Verify package', () => {
  it('creates the source folder owner-only and names every file that changed, went missing or was added', async () => {
    const root = dir()
    const src = join(root, 'pkg', 'source')
    expect(await ensureSourceFolder(src)).toEqual({ created: true })
    expect(statSync(src).mode & 0o777).toBe(0o700)
    expect(await ensureSourceFolder(src)).toEqual({ created: false })
    const a = Buffer.from('alpha')
    writeFileSync(join(src, 'a.deb'), a)
    writeFileSync(join(src, 'b.deb'), 'beta')
    const expected = [
      { path: 'a.deb', size: 5, sha256: createHash('sha256').update(a).digest('hex') },
      { path: 'b.deb', size: 4, sha256: createHash('sha256').update('BETA').digest('hex') },
      { path: 'c.deb', size: 1, sha256: '0'.repeat(64) },
    ]
    writeFileSync(join(src, 'extra.txt'), 'x')
    const problems = await verifyFolder(src, expected)
    expect(problems.map((p) => [p.path, p.problem.split(':')[0]])).toEqual([
      ['b.deb', 'changed'],
      ['c.deb', 'missing'],
      ['extra.txt', 'extra file, not part of the package'],
    ])
    expect(
      await verifyFolder(src, [
        ...expected.slice(0, 1),
        { path: 'extra.txt', size: 1, sha256: createHash('sha256').update('x').digest('hex') },
        { path: 'b.deb', size: 4, sha256: createHash('sha256').update('beta').digest('hex') },
      ]),
    ).toEqual([])
  })
})
