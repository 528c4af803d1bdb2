import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startLabFleet, type LabFleet } from '../../main/clients/lab'
import type { Transport } from '../../shared/contract'
import {
  debRepoSkipReason,
  LAB_BOOKWORM_SECURITY,
  startDebRepo,
  type DebRepo,
} from '../main/core/wizard-repo'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'

/** Seeds lab clients that scanned, and a catalog of real .deb files served on 127.0.0.1. */
export async function seedWizardSite(
  sitePath: string,
  dir: string,
  fleet: LabFleet,
  repo: DebRepo,
): Promise<void> {
  const keyFile = join(dir, 'lab_ed25519')
  writeFileSync(keyFile, fleet.clientKey.privateKey, { mode: 0o600 })
  await withSite(sitePath, async (t: Transport) => {
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
    await t.invoke('catalog:sources-add', { name: 'security', baseUrl: repo.baseUrl, suite: repo.suite })
    await t.invoke('catalog:sync', { sourceName: 'security' })
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

test.skip(debRepoSkipReason() !== null, 'dpkg-deb / dpkg-scanpackages missing')

test('the Distribute Software Updates wizard from Welcome to Completion, then the package in Packages and Deployment Packages', async ({
  page,
  site,
}) => {
  test.setTimeout(180_000)
  const repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
  const fleet = await startLabFleet({ hosts: 4, seed: 3, windowsShare: 0 })
  try {
    await seedWizardSite(site.sitePath, site.dir, fleet, repo)
    await openConsole(page, await site.launch())
    const w = await openWizard(page)
    const title = w.getByTestId('wizard-title')
    const next = w.getByRole('button', { name: 'Next' })

    await next.click()
    await expect(title).toHaveText('Update Type')
    await expect(w.getByRole('radio', { name: /Debian · Security Updates/ })).toBeChecked()
    await page.keyboard.press('Enter') // Enter = Next
    await expect(title).toHaveText('Package')
    await expect(next).toBeDisabled()
    await w.getByRole('textbox', { name: 'Package name' }).fill('Bookworm security')
    await next.click()
    await expect(title).toHaveText('Package Information')
    // The program name follows the package name.
    await expect(w.getByRole('textbox', { name: 'Program name' })).toHaveValue('Bookworm security')
    await w.getByRole('textbox', { name: 'Publisher (organization)' }).fill('Lab IT')
    await page.keyboard.press('Alt+N')
    await expect(title).toHaveText('Inventory Scan')
    await next.click()
    await expect(title).toHaveText('Select Updates')
    // Updates with a downloadable file in the catalog (the others could never be ready).
    const rows = w.getByTestId('wizard-update-row').filter({ hasNotText: 'no downloadable file' })
    const count = await rows.count()
    expect(count).toBeGreaterThanOrEqual(2)
    for (let i = 0; i < count; i++) await rows.nth(i).getByRole('checkbox').check()
    await expect(w.getByTestId('wizard-selected-count')).toContainText(`${count} of `)
    // Back and forth keeps the choices.
    await page.keyboard.press('Alt+B')
    await expect(title).toHaveText('Inventory Scan')
    await next.click()
    await expect(w.getByTestId('wizard-selected-count')).toContainText(`${count} of `)
    await next.click()
    await expect(title).toHaveText('Package Source')
    const folder = join(site.dir, 'packages', 'bookworm-security')
    await w.getByRole('textbox', { name: 'Package source folder' }).fill(folder)
    await w.getByRole('radio', { name: 'High' }).check()
    await next.click()
    await expect(title).toHaveText('Download Progress')
    await expect(w.getByTestId('task-progress')).toHaveAttribute('data-state', 'succeeded', {
      timeout: 60_000,
    })
    await expect(w.getByTestId('task-item')).toHaveCount(count)
    await next.click()
    await expect(title).toHaveText('Software Updates Status')
    await expect(w.getByTestId('wizard-ready-count')).toHaveText(`${count} of ${count} ready`)
    await expect(w.getByTestId('wizard-status-row').first()).toContainText(
      'apt-get install -y --allow-downgrades ./',
    )
    await next.click()
    await expect(title).toHaveText('Distribution Points')
    await next.click()
    await expect(title).toHaveText('Installation Agent')
    await w.getByRole('radio', { name: 'Workstations and Servers' }).check()
    await next.click()
    await expect(title).toHaveText('User Notification')
    await next.click()
    await expect(title).toHaveText('Summary')
    await expect(w.getByTestId('wizard-summary')).toContainText('New package “Bookworm security”')
    await expect(w.getByTestId('wizard-summary')).toContainText('Workstations and Servers')
    await w.getByRole('button', { name: 'Finish' }).click()
    await expect(title).toHaveText('Completion', { timeout: 30_000 })
    await expect(w.getByTestId('wizard-done')).toContainText(`${count} files`)
    const files = readdirSync(folder).sort()
    expect(files).toHaveLength(count)

    await w.getByRole('button', { name: 'Show in Packages' }).click()
    await expect(w).toBeHidden()
    await expect(resultRows(page)).toHaveCount(1)
    await expect(resultRows(page).first()).toContainText('apt-get install -y --allow-downgrades')
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Deployment Packages/).click()
    await expect(resultRows(page)).toHaveCount(1)
    await expect(resultRows(page).first()).toContainText('Bookworm security')
    await resultRows(page).first().dblclick()
    await expect(resultRows(page)).toHaveCount(count)
    for (const f of files) await expect(resultRows(page).filter({ hasText: f })).toHaveCount(1)
  } finally {
    await fleet.stop()
    await repo.close()
  }
})

test('Cancel after a download asks once, then removes the files and the folder the wizard made', async ({
  page,
  site,
}) => {
  test.setTimeout(120_000)
  const repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
  const fleet = await startLabFleet({ hosts: 4, seed: 3, windowsShare: 0 })
  try {
    await seedWizardSite(site.sitePath, site.dir, fleet, repo)
    await openConsole(page, await site.launch())
    const w = await openWizard(page)
    const title = w.getByTestId('wizard-title')
    const next = w.getByRole('button', { name: 'Next' })
    await next.click()
    await next.click()
    await w.getByRole('textbox', { name: 'Package name' }).fill('Throwaway')
    for (let i = 0; i < 3; i++) await next.click()
    await w.getByRole('checkbox', { name: 'Select all' }).check()
    await next.click()
    const folder = join(site.dir, 'throwaway', 'src')
    await w.getByRole('textbox', { name: 'Package source folder' }).fill(folder)
    await next.click()
    await expect(w.getByTestId('task-progress')).toHaveAttribute('data-state', 'succeeded', {
      timeout: 60_000,
    })
    expect(readdirSync(folder).length).toBeGreaterThan(0)
    await page.keyboard.press('Escape')
    await expect(w).toContainText('Cancel the wizard?')
    await expect(title).toHaveText('Download Progress')
    await w.getByRole('button', { name: 'Cancel wizard' }).click()
    await expect(w).toBeHidden()
    expect(existsSync(folder)).toBe(false)
    await treeItem(page, /^Packages/).click()
    await expect(resultRows(page)).toHaveCount(0)
  } finally {
    await fleet.stop()
    await repo.close()
  }
})
