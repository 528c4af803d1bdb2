import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { PatchbayBridge } from '../../shared/contract'
import { readContractArguments } from './contract-args'

// Sandboxed preload (bundled to out/preload/index.cjs): only `electron` may be required at run time, so
// the contract's names come from the main process via additionalArguments rather than from the zod
// schemas. The bridge answers the Result envelope and never hands the page an IpcRendererEvent.

const names = readContractArguments(process.argv)

const invoke: Record<string, (input: unknown) => Promise<unknown>> = {}
for (const channel of names.channels) invoke[channel] = (input: unknown) => ipcRenderer.invoke(channel, input)

const on: Record<string, (listener: (payload: unknown) => void) => () => void> = {}
for (const event of names.events) {
  on[event] = (listener: (payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(`event:${event}`, handler)
    return () => {
      ipcRenderer.removeListener(`event:${event}`, handler)
    }
  }
}

/** What the console page sees as `window.patchbay`. */
const bridge = { frontDoor: 'electron', invoke, on } as unknown as PatchbayBridge

contextBridge.exposeInMainWorld('patchbay', bridge)
