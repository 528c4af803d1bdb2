import type { PatchbayBridge } from '../../../shared/contract'
import type { ConsoleTransport } from './connection'
import { createElectronTransport } from './electron-transport'
import { createHttpTransport } from './http-transport'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    patchbay?: PatchbayBridge
  }
}

/** Picks the preload bridge when Electron provides one, else the browser-mode HTTP/WebSocket transport. */
export function pickTransport(win: Window = window): ConsoleTransport {
  const bridge = win.patchbay
  if (bridge && bridge.frontDoor === 'electron') return createElectronTransport(bridge)
  return createHttpTransport()
}
