import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { LabFleet } from '../../main/clients/lab'
import type { Channel, ChannelInput, ChannelOutput, Transport } from '../../shared/contract'
import { withSite } from './seed'

/** Lab clients in a collection "Patches_DE", scanned once, so the repository holds what they need. */
export async function seedScannedCollection(
  sitePath: string,
  dir: string,
  fleet: LabFleet,
): Promise<{ collectionId: string; names: string[] }> {
  const keyFile = join(dir, 'lab_ed25519')
  writeFileSync(keyFile, fleet.clientKey.privateKey, { mode: 0o600 })
  return withSite(sitePath, async (t: Transport) => {
    const ids: number[] = []
    for (const h of fleet.hosts)
      ids.push(
        (
          await t.invoke('resources:create', {
            name: h.name,
            address: h.address,
            port: h.port,
            user: h.user,
            authMethod: 'key',
            identityFile: keyFile,
            simulated: true,
          })
        ).id,
      )
    const c = await t.invoke('collections:create', {
      name: 'Patches_DE',
      rules: ids.map((resourceId) => ({ kind: 'direct' as const, resourceId })),
    })
    const job = await t.invoke('clients:scan', {
      targets: { resourceIds: ids },
      force: true,
      trustNewHostKeys: true,
    })
    for (;;) {
      const j = await t.invoke('jobs:get', { id: job.id })
      if (j.state !== 'queued' && j.state !== 'running') break
      await new Promise((r) => setTimeout(r, 100))
    }
    return { collectionId: c.id, names: fleet.hosts.map((h) => h.name) }
  })
}

/** Right-click → All Tasks → an entry. */
export async function allTasks(page: Page, target: Locator, label: string) {
  await target.click({ button: 'right' })
  await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
  await page.getByRole('menuitem', { name: label, exact: true }).click()
}

/** Calls a channel through the running browser-mode console (its events reach the open console). */
export async function consoleApi<C extends Channel>(
  page: Page,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const result = await page.evaluate(
    async ([c, i]) => {
      const res = await fetch(`/api/call/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i),
      })
      return res.json()
    },
    [channel, input] as const,
  )
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as ChannelOutput<C>
}
