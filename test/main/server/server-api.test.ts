import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, call, send, startHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

describe('browser-mode API', () => {
  it('answers the Result of a call', async () => {
    const created = await call(h, 'resources:create', { name: 'web01', address: '127.0.0.21' })
    expect(created.status).toBe(200)
    expect(created.json).toMatchObject({
      ok: true,
      value: { name: 'web01', address: '127.0.0.21', port: 22 },
    })
    const list = await call(h, 'resources:list')
    expect(list.json.ok).toBe(true)
    expect(list.json.value).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'web01' })]))
  })

  it('answers a Result error naming the field for invalid input', async () => {
    const res = await call(h, 'resources:create', { name: 'web02', address: '127.0.0.22', port: 70000 })
    expect(res.status).toBe(200)
    expect(res.json.ok).toBe(false)
    expect(res.json.error).toMatchObject({ code: 'invalid-input', field: 'port' })
  })

  it('answers 400 with a Result error for a body that is not JSON', async () => {
    const res = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/resources:create',
      headers: { ...bearer(h.server.token), 'content-type': 'application/json' },
      body: '{"name": ',
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('answers not-found for an unknown channel and 404 for other API paths', async () => {
    expect((await call(h, 'nope:nothing')).json).toMatchObject({ ok: false, error: { code: 'not-found' } })
    const other = await send(h.server.port, { path: '/api/other', headers: bearer(h.server.token) })
    expect(other.status).toBe(404)
  })

  it('accepts POST only on a channel', async () => {
    const res = await send(h.server.port, { path: '/api/call/site:info', headers: bearer(h.server.token) })
    expect(res.status).toBe(405)
  })

  it('refuses a body over 10 MB with 413', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)
    const res = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/resources:create',
      headers: { ...bearer(h.server.token), 'content-type': 'application/json' },
      body: big,
    }).catch((err: NodeJS.ErrnoException) => ({
      status: err.code === 'EPIPE' || err.code === 'ECONNRESET' ? 413 : 0,
    }))
    expect(res.status).toBe(413)
  })

  it('refuses a form-encoded body', async () => {
    const res = await send(h.server.port, {
      method: 'POST',
      path: '/api/call/resources:create',
      headers: { ...bearer(h.server.token), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    })
    expect(res.status).toBe(415)
  })
})
