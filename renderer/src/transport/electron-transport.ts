import type { PatchbayBridge } from '../../../shared/contract'
import type { ConsoleTransport } from './connection'
import { toPatchbayError, unwrapResult } from './result'

/** Electron: calls and events go through the preload bridge (`window.patchbay`). */
export function createElectronTransport(bridge: PatchbayBridge): ConsoleTransport {
  return {
    frontDoor: 'electron',
    state: 'connected',
    async invoke(channel, input) {
      const call = bridge.invoke[channel] as (input: unknown) => Promise<unknown>
      let result: unknown
      try {
        result = await call(input)
      } catch (err) {
        throw toPatchbayError(err)
      }
      return unwrapResult(result as never)
    },
    on(event, listener) {
      return bridge.on[event](listener)
    },
    onState: () => () => {},
    close: () => {},
  }
}
