import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryPrefs } from '../../main/core/runtime/prefs'
import { createInProcessTransport } from '../../main/core/runtime/in-process-transport'
import type { Services } from '../../main/core/runtime/services'
import { startServices } from '../../main/core/runtime/start-services'
import { RootStore } from '../../renderer/src/shell/root-store'
import { asConsoleTransport } from '../../renderer/src/transport/connection'

/** A RootStore on the real services of a fresh temp site (in-process transport). */
export interface Harness {
  root: RootStore
  services: Services
  dir: string
  close(): Promise<void>
}

/** Starts real services on a temp SQLite site and a RootStore over the in-process transport. */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-stores-'))
  const services = await startServices({
    site: join(dir, 'site.db'),
    frontDoor: 'in-process',
    prefs: createMemoryPrefs(),
    createIfMissing: true,
  })
  const root = new RootStore(asConsoleTransport(createInProcessTransport(services)), 0)
  await root.start()
  return {
    root,
    services,
    dir,
    async close() {
      root.dispose()
      await services.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Waits until queued change events have been applied. */
export async function settle(root: RootStore): Promise<void> {
  await new Promise((r) => setTimeout(r, 5))
  await root.flush()
}

/** Waits until a condition holds (events and refreshes arrive asynchronously), failing after `ms`. */
export async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}
