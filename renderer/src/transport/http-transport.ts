import {
  apiPrefix,
  eventsProtocol,
  tokenProtocolPrefix,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../shared/contract'
import { PatchbayError } from '../../../shared/errors'
import type { ConnectionState, ConsoleTransport } from './connection'
import { takePageToken } from './page-token'
import { toPatchbayError, unwrapResult } from './result'

type AnyListener = (payload: unknown) => void

/** Options of the browser-mode transport (overridable for tests). */
export interface HttpTransportOptions {
  /** Origin-relative base, default `apiPrefix`. */
  base?: string
  /** WebSocket URL of the event stream; default ws(s)://<host>/api/events. */
  eventsUrl?: string
  /** First reconnect delay in ms (doubles up to maxDelay). */
  minDelay?: number
  /** Longest reconnect delay in ms. */
  maxDelay?: number
  /** The per-launch token sent with every call and on the events socket; default: the one the page holds. */
  token?: string
}

/** Browser mode: calls are POSTs to /api/call/<channel> with the page's token, events arrive over a reconnecting WebSocket. */
export function createHttpTransport(options: HttpTransportOptions = {}): ConsoleTransport {
  const base = options.base ?? apiPrefix
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const eventsUrl = options.eventsUrl ?? `${scheme}//${location.host}${apiPrefix}/events`
  const minDelay = options.minDelay ?? 500
  const maxDelay = options.maxDelay ?? 10_000
  const token = options.token ?? takePageToken()
  const listeners = new Map<EventName, Set<AnyListener>>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  let state: ConnectionState = 'connecting'
  let socket: WebSocket | null = null
  let delay = minDelay
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  const setState = (next: ConnectionState) => {
    if (next === state) return
    state = next
    for (const l of stateListeners) l(next)
  }

  const connect = () => {
    if (closed) return
    let ws: WebSocket
    try {
      ws = new WebSocket(eventsUrl, [eventsProtocol, `${tokenProtocolPrefix}${token}`])
    } catch {
      scheduleReconnect()
      return
    }
    socket = ws
    ws.onopen = () => {
      delay = minDelay
      setState('connected')
    }
    ws.onmessage = (message) => {
      let parsed: { event?: EventName; payload?: unknown }
      try {
        parsed = JSON.parse(String(message.data))
      } catch {
        return
      }
      if (!parsed.event) return
      for (const l of listeners.get(parsed.event) ?? []) l(parsed.payload)
    }
    ws.onclose = () => {
      if (socket === ws) socket = null
      if (closed) return
      setState('disconnected')
      scheduleReconnect()
    }
    ws.onerror = () => ws.close()
  }

  const scheduleReconnect = () => {
    if (closed || timer) return
    timer = setTimeout(() => {
      timer = null
      connect()
    }, delay)
    delay = Math.min(delay * 2, maxDelay)
  }

  connect()

  return {
    frontDoor: 'browser',
    get state() {
      return state
    },
    async invoke(channel, input) {
      let response: Response
      try {
        response = await fetch(`${base}/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
          credentials: 'omit',
        })
      } catch (err) {
        throw toPatchbayError(err)
      }
      let body: Result<never>
      try {
        body = (await response.json()) as Result<never>
      } catch {
        throw new PatchbayError(
          response.status === 401 || response.status === 403 ? 'forbidden' : 'internal',
          `The service answered HTTP ${response.status} without a result`,
        )
      }
      return unwrapResult(body)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as AnyListener)
      return () => void set.delete(listener as AnyListener)
    },
    onState(listener) {
      stateListeners.add(listener)
      return () => void stateListeners.delete(listener)
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      socket?.close()
    },
  }
}
