import { eventNames } from '../../../shared/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { call, startHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h?.stop()
})

const wsUrl = () => `ws://127.0.0.1:${h.server.port}/api/events`

/** Opens a socket and resolves once it is open, or rejects with the HTTP status that refused it. */
function open(headers: Record<string, string>, url = wsUrl(), protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

describe('browser-mode events WebSocket', () => {
  it('pushes a services event to a page that offers its token as a subprotocol, choosing only "patchbay"', async () => {
    const ws = await open({ origin: `http://127.0.0.1:${h.server.port}` }, wsUrl(), [
      'patchbay',
      `patchbay.token.${h.server.token}`,
    ])
    expect(ws.protocol).toBe('patchbay')
    const received: unknown[] = []
    ws.on('message', (data) => received.push(JSON.parse(String(data))))
    await call(h, 'resources:create', { name: 'evt01', address: '127.0.0.31' })
    await expect
      .poll(() => received)
      .toContainEqual({ event: 'site:changed', payload: { entity: 'resources', ids: expect.any(Array) } })
    ws.close()
  })

  it('pushes an event emitted directly on the bus to a bearer client', async () => {
    const ws = await open({ authorization: `Bearer ${h.server.token}` })
    const next = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
    h.services.events.emit('site:changed', { entity: 'packages', ids: ['LAB00001'] })
    expect(await next).toEqual({ event: 'site:changed', payload: { entity: 'packages', ids: ['LAB00001'] } })
    ws.close()
  })

  it('unsubscribes from the bus when the client closes', async () => {
    const bus = h.services.events
    const original = bus.on.bind(bus)
    let live = 0
    bus.on = ((event, listener) => {
      live++
      const off = original(event, listener)
      return () => {
        live--
        off()
      }
    }) as typeof bus.on
    try {
      const ws = await open({ authorization: `Bearer ${h.server.token}` })
      await expect.poll(() => live).toBe(eventNames.length)
      ws.close()
      await expect.poll(() => live).toBe(0)
    } finally {
      bus.on = original
    }
  })

  it('refuses the upgrade without or with a wrong token (401), and never takes one from a cookie', async () => {
    await expect(open({})).rejects.toThrow('HTTP 401')
    await expect(open({ authorization: 'Bearer nope' })).rejects.toThrow('HTTP 401')
    await expect(open({}, wsUrl(), ['patchbay', 'patchbay.token.nope'])).rejects.toThrow('HTTP 401')
    await expect(open({ cookie: `patchbay_token=${h.server.token}` })).rejects.toThrow('HTTP 401')
  })

  it('refuses the upgrade from another Origin (403)', async () => {
    await expect(
      open({ authorization: `Bearer ${h.server.token}`, origin: 'http://evil.invalid' }),
    ).rejects.toThrow('HTTP 403')
  })

  it('refuses the upgrade with a foreign Host (403) and on another path (404)', async () => {
    await expect(open({ authorization: `Bearer ${h.server.token}`, host: 'evil.invalid' })).rejects.toThrow(
      'HTTP 403',
    )
    await expect(
      open({ authorization: `Bearer ${h.server.token}` }, `ws://127.0.0.1:${h.server.port}/api/other`),
    ).rejects.toThrow('HTTP 404')
  })
})
