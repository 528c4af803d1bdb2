// Seeding and opening the Distribute Software Updates wizard for the E2E and screenshot specs.
import type { Page } from '@playwright/test'
import type { LabFleet } from '../../main/clients/lab'
import type { Transport } from '../../shared/contract'
import type { DebRepo } from '../main/core/wizard/repo'
import { addLabClients, scanAndWait, writeLabKey } from '../support/lab-clients'
import { expect, treeItem } from './fixtures'
import { withSite } from './seed'

/** Seeds lab clients that scanned, and a catalog of real .deb files served on 127.0.0.1. */
export async function seedWizardSite(
  sitePath: string,
  dir: string,
  fleet: LabFleet,
  repo: DebRepo,
): Promise<void> {
  const keyFile = writeLabKey(fleet, dir)
  await withSite(sitePath, async (t: Transport) => {
    const ids = await addLabClients(t, fleet.hosts, keyFile)
    await t.invoke('catalog:sources-add', {
      name: 'security',
      baseUrl: repo.baseUrl,
      suite: repo.suite,
      allowUnsigned: true,
    })
    await t.invoke('catalog:sync', { sourceName: 'security' })
    await scanAndWait(t, ids)
  })
}

/** Opens the wizard from the Software Updates node's All Tasks. */
export async function openWizard(page: Page) {
  await treeItem(page, /^Software Updates/).click({ button: 'right' })
  await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
  await page.getByRole('menuitem', { name: 'Distribute Software Updates…' }).click()
  const wizard = page.getByRole('alertdialog', { name: 'Distribute Software Updates Wizard' })
  await expect(wizard.getByTestId('wizard-title')).toHaveText('Welcome')
  return wizard
}
