import type { Locator, Page } from '@playwright/test'
import type { LabFleet } from '../../main/clients/lab'
import type { Channel, ChannelInput, ChannelOutput, Transport } from '../../shared/contract'
import { addLabClients, directCollection, scanAndWait, writeLabKey } from '../support/lab-clients'
import { withSite } from './seed'

/** Lab clients in a collection "Patches_DE", scanned once, so the repository holds what they need. */
export async function seedScannedCollection(
  sitePath: string,
  dir: string,
  fleet: LabFleet,
): Promise<{ collectionId: string; names: string[] }> {
  const keyFile = writeLabKey(fleet, dir)
  return withSite(sitePath, async (t: Transport) => {
    const ids = await addLabClients(t, fleet.hosts, keyFile)
    const collectionId = await directCollection(t, 'Patches_DE', ids)
    await scanAndWait(t, ids)
    return { collectionId, names: fleet.hosts.map((h) => h.name) }
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
      // The page keeps its browser-mode token in sessionStorage (renderer/src/transport/page-token.ts).
      const token = sessionStorage.getItem('patchbay-token') ?? ''
      const res = await fetch(`/api/call/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(i),
      })
      return res.json()
    },
    [channel, input] as const,
  )
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as ChannelOutput<C>
}
