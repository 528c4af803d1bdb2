import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PatchbayBridge } from '../../../shared/contract'
import { PatchbayError } from '../../../shared/errors'
import { createElectronTransport } from '../../../renderer/src/transport/electron-transport'
import { createHttpTransport } from '../../../renderer/src/transport/http-transport'
import { takePageToken } from '../../../renderer/src/transport/page-token'
import { pickTransport } from '../../../renderer/src/transport/pick-transport'
import { unwrapResult } from '../../../renderer/src/transport/result'

class FakeSocket {
  static all: FakeSocket[] = []
  onopen?: () => void
  onclose?: () => void
  onmessage?: (m: { data: string }) => void
  onerror?: () => void
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.all.push(this)
  }
  close() {
    this.onclose?.()
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  FakeSocket.all = []
})

describe('transports', () => {
  it('rebuilds PatchbayError (code, message, field) from a failed Result', () => {
    expect(unwrapResult({ ok: true, value: 3 })).toBe(3)
    try {
      unwrapResult({
        ok: false,
        error: { code: 'invalid-input', message: 'port: Port must be 1–65535', field: 'port' },
      })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(PatchbayError)
      expect(err).toMatchObject({ code: 'invalid-input', field: 'port' })
    }
  })

  it('browser mode posts to /api/call/<channel>, reports disconnects and reconnects with backoff', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:4000' })
    vi.stubGlobal('WebSocket', FakeSocket)
    const fetchMock = vi.fn(
      async () =>
        new Response(
          JSON.stringify({ ok: false, error: { code: 'conflict', message: 'exists', field: 'name' } }),
        ),
    )
    vi.stubGlobal('fetch', fetchMock)
    const t = createHttpTransport({ minDelay: 100, maxDelay: 400, token: 'T0K' })
    const states: string[] = []
    t.onState((s) => states.push(s))
    const events: unknown[] = []
    t.on('site:changed', (p) => events.push(p))
    expect(FakeSocket.all[0]!.url).toBe('ws://127.0.0.1:4000/api/events')
    expect(FakeSocket.all[0]!.protocols).toEqual(['patchbay', 'patchbay.token.T0K'])
    FakeSocket.all[0]!.onopen!()
    FakeSocket.all[0]!.onmessage!({
      data: JSON.stringify({ event: 'site:changed', payload: { entity: 'resources', ids: ['1'] } }),
    })
    expect(events).toEqual([{ entity: 'resources', ids: ['1'] }])

    const err = await t.invoke('collections:create', { name: 'x' }).catch((e) => e)
    expect(err).toBeInstanceOf(PatchbayError)
    expect(err.field).toBe('name')
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/call/collections:create',
      expect.objectContaining({
        method: 'POST',
        credentials: 'omit',
        headers: expect.objectContaining({ authorization: 'Bearer T0K' }),
      }),
    )

    FakeSocket.all[0]!.close()
    expect(t.state).toBe('disconnected')
    vi.advanceTimersByTime(100)
    expect(FakeSocket.all).toHaveLength(2)
    FakeSocket.all[1]!.close()
    vi.advanceTimersByTime(150)
    expect(FakeSocket.all).toHaveLength(2) // second wait is 200 ms
    vi.advanceTimersByTime(60)
    expect(FakeSocket.all).toHaveLength(3)
    FakeSocket.all[2]!.onopen!()
    expect(states).toEqual(['connected', 'disconnected', 'connected'])
    t.close()
  })

  it('a network failure rejects with an "unavailable" PatchbayError', async () => {
    vi.stubGlobal('location', { protocol: 'http:', host: 'h' })
    vi.stubGlobal('WebSocket', FakeSocket)
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed')
    })
    const t = createHttpTransport({ token: 'x' })
    const err = await t.invoke('site:info', {}).catch((e) => e)
    expect(err).toMatchObject({ code: 'unavailable' })
    t.close()
  })

  it('picks the Electron bridge when present and unwraps its Results', async () => {
    const bridge = {
      frontDoor: 'electron',
      invoke: new Proxy(
        {},
        { get: () => async () => ({ ok: false, error: { code: 'not-found', message: 'gone' } }) },
      ),
      on: new Proxy({}, { get: () => () => () => {} }),
    } as unknown as PatchbayBridge
    const picked = pickTransport({ patchbay: bridge } as unknown as Window)
    expect(picked.frontDoor).toBe('electron')
    await expect(createElectronTransport(bridge).invoke('site:info', {})).rejects.toMatchObject({
      code: 'not-found',
      message: 'gone',
    })
  })

  it('the page keeps the printed token in its session and takes it out of the address bar', () => {
    const store = new Map<string, string>()
    const replaced: string[] = []
    const win = (href: string) =>
      ({
        location: { href },
        sessionStorage: {
          getItem: (k: string) => store.get(k) ?? null,
          setItem: (k: string, v: string) => void store.set(k, v),
        },
        history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
      }) as unknown as Window
    expect(takePageToken(win('http://127.0.0.1:4000/'))).toBe('')
    expect(takePageToken(win('http://127.0.0.1:4000/?token=abc&x=1#/resource/3'))).toBe('abc')
    expect(replaced).toEqual(['/?x=1#/resource/3'])
    expect(takePageToken(win('http://127.0.0.1:4000/#/resource/4'))).toBe('abc') // a reload, or a window it opened
  })
})
