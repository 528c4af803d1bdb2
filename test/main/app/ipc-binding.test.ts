import type { IpcMainInvokeEvent } from 'electron'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelNames } from '../../../shared/contract'
import { readContractArguments, contractArguments } from '../../../main/app/contract-args'
import { siteArgument } from '../../../main/app/app-args'
import { bindIpc } from '../../../main/app/ipc-binding'
import { createMemoryPrefs } from '../../../main/core/runtime/prefs'
import type { Services } from '../../../main/core/runtime/services'
import { startServices } from '../../../main/core/runtime/start-services'
import { eventNames } from '../../../shared/contract'

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>

const rendererUrl = 'file:///app/out/renderer/index.html'
let dir: string
let services: Services
const handlers = new Map<string, Handler>()
const fakeIpc = {
  handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
  removeHandler: (channel: string) => void handlers.delete(channel),
}

/** A minimal stand-in for Electron's invoke event. */
function fakeEvent(opts: { url?: string; subframe?: boolean; webContentsId?: number }): IpcMainInvokeEvent {
  const main = { processId: 1, routingId: 1, parent: null, url: opts.url ?? rendererUrl }
  const frame = opts.subframe
    ? { processId: 1, routingId: 2, parent: main, url: opts.url ?? rendererUrl }
    : main
  return {
    senderFrame: frame,
    sender: { id: opts.webContentsId ?? 1, mainFrame: main },
  } as unknown as IpcMainInvokeEvent
}

let unbind: () => void
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchbay-ipc-'))
  services = await startServices({
    site: join(dir, 'site.db'),
    frontDoor: 'electron',
    prefs: createMemoryPrefs(),
    createIfMissing: true,
  })
  unbind = bindIpc(fakeIpc, services, () => ({ rendererUrl, webContentsIds: new Set([1]) }))
})
afterAll(async () => {
  await services?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('bindIpc', () => {
  it('registers one handler per channel', () => {
    expect([...handlers.keys()].sort()).toEqual([...channelNames].sort())
  })

  it('dispatches a trusted call and validates its input', async () => {
    const info = await handlers.get('site:info')?.(fakeEvent({}), undefined)
    expect(info).toMatchObject({ ok: true, value: { frontDoor: 'electron' } })
    const bad = await handlers.get('resources:create')?.(fakeEvent({}), { name: '', address: '127.0.0.41' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'name' } })
  })

  it('refuses subframes, foreign pages and foreign webContents', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden' } }
    expect(await handlers.get('site:info')?.(fakeEvent({ subframe: true }), undefined)).toMatchObject(
      forbidden,
    )
    expect(
      await handlers.get('site:info')?.(fakeEvent({ url: 'https://evil.invalid/' }), undefined),
    ).toMatchObject(forbidden)
    expect(await handlers.get('site:info')?.(fakeEvent({ webContentsId: 9 }), undefined)).toMatchObject(
      forbidden,
    )
  })

  it('removes every handler on unbind', () => {
    unbind()
    expect(handlers.size).toBe(0)
  })
})

describe('app arguments', () => {
  it('round-trips the contract names through renderer arguments', () => {
    const args = contractArguments(channelNames, eventNames)
    expect(readContractArguments(['/usr/bin/patchbay', '--type=renderer', ...args])).toEqual({
      channels: channelNames,
      events: eventNames,
    })
    expect(readContractArguments(['--patchbay-channels=site:info,__proto__,evil;x'])).toEqual({
      channels: ['site:info'],
      events: [],
    })
  })

  it('reads --site in both forms', () => {
    expect(siteArgument(['electron', '.', '--site', '/tmp/a.db'])).toBe('/tmp/a.db')
    expect(siteArgument(['electron', '.', '--site=postgres://127.0.0.1/site'])).toBe(
      'postgres://127.0.0.1/site',
    )
    expect(siteArgument(['electron', '.'])).toBeUndefined()
  })
})
