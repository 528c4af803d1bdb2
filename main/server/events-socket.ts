import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { eventNames, eventsProtocol } from '../../shared/contract'
import type { EventBus } from '../core/runtime/event-bus'

/** The `/api/events` WebSocket endpoint: pushes every contract event as `{ event, payload }`. */
export interface EventsSocket {
  /** Completes an upgrade the caller has already authorized. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Closes every client and the endpoint. */
  close(): Promise<void>
}

/** Refuses an upgrade with a plain HTTP status before any WebSocket handshake. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

/** Creates the events endpoint over the services' event bus. */
export function createEventsSocket(events: EventBus): EventsSocket {
  // Clients only listen: anything they send is ignored, so keep incoming frames tiny.
  // The page offers the token as a second subprotocol; only the plain one is ever chosen (and echoed).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(eventsProtocol) ? eventsProtocol : false),
  })

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = eventNames.map((event) =>
      events.on(event, (payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }))
      }),
    )
    const dispose = () => unsubscribe.forEach((off) => off())
    ws.on('close', dispose)
    ws.on('error', dispose)
  })

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    close() {
      for (const ws of wss.clients) ws.terminate()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}
