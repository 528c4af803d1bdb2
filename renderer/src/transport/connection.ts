import type { Transport } from '../../../shared/contract'

/** How the console is connected to its services. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

/** A transport that also reports its connection state and where it runs. */
export interface ConsoleTransport extends Transport {
  /** Which front door carries the calls. */
  readonly frontDoor: 'electron' | 'browser' | 'in-process'
  /** The current connection state. */
  readonly state: ConnectionState
  /** Listens for connection changes (a reconnect means events may have been missed); returns an unsubscribe. */
  onState(listener: (state: ConnectionState) => void): () => void
  /** Stops background work (sockets, timers). */
  close(): void
}

/** Wraps a plain Transport (in-process, tests) as an always-connected ConsoleTransport. */
export function asConsoleTransport(
  transport: Transport,
  frontDoor: ConsoleTransport['frontDoor'] = 'in-process',
): ConsoleTransport {
  return {
    frontDoor,
    state: 'connected',
    invoke: (channel, input) => transport.invoke(channel, input),
    on: (event, listener) => transport.on(event, listener),
    onState: () => () => {},
    close: () => {},
  }
}
