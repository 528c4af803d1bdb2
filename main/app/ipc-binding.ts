import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { channelNames, eventNames, type Result } from '../../shared/contract'
import { dispatch } from '../core/runtime/dispatch'
import type { Services } from '../core/runtime/services'
import { isTrustedSender, type SenderFacts, type TrustedRenderer } from './sender-guard'

/** The answer to a call from a frame the guard does not trust. */
const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Calls are accepted only from the Patchbay console window.' },
}

/** The guard's facts about an IPC call's sender, read from Electron's event. */
export function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  const frame = event.senderFrame
  const main = event.sender.mainFrame
  const isMainFrame =
    frame !== null &&
    frame.parent === null &&
    frame.processId === main.processId &&
    frame.routingId === main.routingId
  return { frameUrl: frame?.url, isMainFrame, webContentsId: event.sender.id }
}

/** Where the binding learns what to trust (read on every call: windows come and go). */
export type TrustSource = () => TrustedRenderer

/**
 * Registers one `ipcMain.handle` per contract channel, all through one guard (sender check, then
 * `dispatch`: schema validation + handler). Returns a function that removes the handlers.
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  services: Services,
  trust: TrustSource,
) {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(senderFacts(event), trust())) return forbidden
      return dispatch(services, channel, input)
    })
  }
  return () => channelNames.forEach((channel) => ipcMain.removeHandler(channel))
}

/** Forwards every contract event to our windows as `event:<name>`; returns the unsubscribe function. */
export function forwardEvents(services: Services, targets: () => WebContents[]): () => void {
  const offs = eventNames.map((event) =>
    services.events.on(event, (payload) => {
      for (const wc of targets()) if (!wc.isDestroyed()) wc.send(`event:${event}`, payload)
    }),
  )
  return () => offs.forEach((off) => off())
}
