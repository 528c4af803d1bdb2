import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeFilePath } from '../../../main/server/static-files'
import { bearer, indexHtml, send, startHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

const get = (path: string) => send(h.server.port, { path, headers: bearer(h.server.token) })

describe('browser-mode static files', () => {
  it('serves index.html for / and for client routes, with a base so relative asset URLs work on deep links', async () => {
    for (const path of ['/', '/resource/12', '/collections/LAB00012']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.body).toBe(indexHtml.replace('<head>', '<head><base href="/">'))
      expect(res.body).toContain('<base href="/">')
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['content-security-policy']).toBeDefined()
    }
  })

  it('serves assets with their content type', async () => {
    const js = await get('/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const css = await get('/assets/app.css')
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('answers 404 for a missing file rather than index.html', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404)
  })

  it('refuses directory traversal, plain or encoded', async () => {
    for (const path of [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2fsite.db',
      '/assets/%2e%2e%5c..%5csite.db',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.body, path).not.toContain('"name"')
      expect(res.body, path).not.toContain('SQLite format')
    }
  })

  it('maps only paths inside the root', () => {
    expect(safeFilePath('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js')
    expect(safeFilePath('/srv/r', '/')).toBe('/srv/r')
    expect(safeFilePath('/srv/r', '/../x')).toBeNull()
    expect(safeFilePath('/srv/r', '/%2e%2e/x')).toBeNull()
    expect(safeFilePath('/srv/r', '/a\\..\\..\\x')).toBeNull()
  })
})
