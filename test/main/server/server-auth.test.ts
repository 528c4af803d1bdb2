import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, send, startHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

describe('browser-mode server: token', () => {
  it('prints a 127.0.0.1 URL with a 256-bit base64url token', () => {
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/?token=${h.server.token}`)
    expect(h.server.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses an API call without a token with 401 and a JSON error naming what to do', async () => {
    const res = await send(h.server.port, { method: 'POST', path: '/api/call/site:info' })
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/open the address Patchbay printed/) },
    })
    expect((await send(h.server.port, { path: '/api/other' })).status).toBe(401)
  })

  it('refuses a wrong or short bearer token on the API', async () => {
    const wrong = h.server.token.slice(0, -1) + (h.server.token.endsWith('A') ? 'B' : 'A')
    const call = (headers: Record<string, string>) =>
      send(h.server.port, { method: 'POST', path: '/api/call/site:info', headers })
    expect((await call(bearer(wrong))).status).toBe(401)
    expect((await call(bearer('short'))).status).toBe(401)
  })

  it('takes no token from a cookie and sets none: a cookie for 127.0.0.1 reaches every local port', async () => {
    const withCookie = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/site:info',
      headers: { cookie: `patchbay_token=${h.server.token}` },
    })
    expect(withCookie.status).toBe(401)
    const page = await send(h.server.port, { path: `/?token=${h.server.token}` })
    expect(page.status).toBe(200)
    expect(page.headers['set-cookie']).toBeUndefined()
    expect(page.body).toContain('Patchbay test')
    expect(page.body).not.toContain(h.server.token)
  })

  it('serves the page and its bundle without the token (they hold no secret)', async () => {
    const page = await send(h.server.port, { path: '/' })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Patchbay test')
  })

  it('accepts Authorization: Bearer on the API', async () => {
    const res = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/site:info',
      headers: bearer(h.server.token),
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({
      ok: true,
      value: { frontDoor: 'browser', dbKind: 'sqlite' },
    })
  })
})

describe('browser-mode server: origin, host, address', () => {
  it('refuses another Origin with 403, even with the right token', async () => {
    for (const origin of [
      'http://evil.invalid',
      `http://localhost:${h.server.port}`,
      `http://127.0.0.1:${h.server.port + 1}`,
      'null',
    ]) {
      const res = await send(h.server.port, {
        method: 'POST',
        path: '/api/call/site:info',
        headers: { ...bearer(h.server.token), origin },
      })
      expect(res.status, origin).toBe(403)
    }
  })

  it("accepts the page's own Origin when it was opened as localhost:PORT", async () => {
    const res = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/site:info',
      headers: {
        ...bearer(h.server.token),
        host: `localhost:${h.server.port}`,
        origin: `http://localhost:${h.server.port}`,
      },
    })
    expect(res.status).toBe(200)
  })

  it('accepts its own exact Origin', async () => {
    const res = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/site:info',
      headers: { ...bearer(h.server.token), origin: `http://127.0.0.1:${h.server.port}` },
    })
    expect(res.status).toBe(200)
  })

  it('refuses a Host header other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    for (const host of [
      'evil.invalid',
      `evil.invalid:${h.server.port}`,
      '127.0.0.1',
      `127.0.0.2:${h.server.port}`,
    ]) {
      const res = await send(h.server.port, { headers: { ...bearer(h.server.token), host } })
      expect(res.status, host).toBe(403)
    }
    const ok = await send(h.server.port, {
      headers: { ...bearer(h.server.token), host: `localhost:${h.server.port}` },
    })
    expect(ok.status).toBe(200)
  })

  it('listens on 127.0.0.1 only', async () => {
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port: h.server.port })
        socket.once('connect', () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
    expect(await reachable('127.0.0.1')).toBe(true)
    expect(await reachable('127.0.0.2')).toBe(false)
  })

  it('sets the security headers', async () => {
    const page = await send(h.server.port, { headers: bearer(h.server.token) })
    const csp = String(page.headers['content-security-policy'])
    for (const part of [
      "default-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${h.server.port}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
    ]) {
      expect(csp).toContain(part)
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const api = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/site:info',
      headers: bearer(h.server.token),
    })
    expect(api.headers['cache-control']).toBe('no-store')
    expect(api.headers['x-content-type-options']).toBe('nosniff')
  })
})
