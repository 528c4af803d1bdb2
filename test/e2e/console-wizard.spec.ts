import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { startLabFleet } from '../../main/clients/lab'
import { initSite } from '../../main/core/runtime/site-init'
import { debRepoSkipReason, LAB_BOOKWORM_SECURITY, startDebRepo } from '../main/core/wizard/repo'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'
import { openWizard, seedWizardSite } from './wizard-seed'

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
    await withSite(site.sitePath, (t) =>
      t.invoke('templates:create', {
        name: 'All computers — patch Tuesday',
        settings: {
          suppressRestartServers: true,
          suppressRestartWorkstations: true,
          deadlineOffsetHours: 48,
          userNotification: 'display-restarts-only',
        },
      }),
    )
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
    const rows = w.locator('[data-testid="wizard-update-row"]:not([data-files="0"])')
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
    const first = w.getByTestId('wizard-status-row').first()
    await expect(first).toContainText(
      'apt-get install -y --allow-downgrades -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=- ./',
    )
    // Properties: an unchecked command line makes the update not ready, and Next waits for it.
    const props = page.getByRole('dialog', { name: 'Software update properties' })
    await first.click()
    await w.getByRole('button', { name: 'Properties…' }).click()
    await props
      .getByRole('checkbox', { name: 'I have checked this command line and its arguments' })
      .uncheck()
    await props.getByRole('button', { name: 'OK' }).click()
    await expect(props).toBeHidden()
    await expect(first).toHaveAttribute('data-ready', 'no')
    await expect(first).toContainText('command line not verified')
    await expect(w.getByTestId('wizard-ready-count')).toHaveText(`${count - 1} of ${count} ready`)
    await expect(next).toBeDisabled()
    // Import picks the installer among the downloaded files; checking it makes the update ready again.
    await first.dblclick()
    await props.getByRole('button', { name: 'Import…' }).click()
    const picker = props.getByRole('combobox', { name: 'Downloaded file to run' })
    const installer = await picker.inputValue()
    expect(installer).toMatch(/\.deb$/)
    await picker.selectOption(installer)
    await expect(props.getByRole('textbox', { name: 'Command line' })).toHaveValue(
      `apt-get install -y --allow-downgrades -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=- ./${installer}`,
    )
    await props.getByRole('checkbox', { name: 'I have checked this command line and its arguments' }).check()
    await props.getByRole('button', { name: 'OK' }).click()
    await expect(w.getByTestId('wizard-ready-count')).toHaveText(`${count} of ${count} ready`)
    await next.click()
    await expect(title).toHaveText('Distribution Points')
    await next.click()
    await expect(title).toHaveText('Installation Agent')
    // A deployment template fills the restart and notification settings.
    await expect(w.getByRole('radio', { name: 'Never' })).toBeChecked()
    await w.getByTestId('wizard-template').selectOption({ label: 'All computers — patch Tuesday' })
    await expect(w.getByRole('radio', { name: 'Workstations and Servers' })).toBeChecked()
    await next.click()
    await expect(title).toHaveText('User Notification')
    await expect(w.getByRole('checkbox', { name: /Notify logged-in users/ })).not.toBeChecked()
    await next.click()
    await expect(title).toHaveText('Summary')
    const summary = w.getByTestId('wizard-summary')
    await expect(summary).toContainText('New package “Bookworm security”')
    await expect(summary).toContainText('Workstations and Servers')
    await expect(summary).toContainText('Deployment templateAll computers — patch Tuesday')
    await expect(summary).toContainText('User notificationNo notice')
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

test('offline: from Welcome to a signed bundle built from a catalog snapshot, which bundle verify accepts', async ({
  page,
  site,
}) => {
  test.setTimeout(120_000)
  const repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
  try {
    // The connected site exports its catalog; the console's own site (the offline machine) has none.
    const connected = join(site.dir, 'connected', 'site.db')
    mkdirSync(dirname(connected), { recursive: true })
    await initSite({ site: connected, code: 'CON', name: 'Connected Site' })
    const snapshot = join(site.dir, 'catalog.snapshot')
    await withSite(connected, async (t) => {
      await t.invoke('catalog:sources-add', {
        name: 'security',
        baseUrl: repo.baseUrl,
        suite: repo.suite,
        allowUnsigned: true,
      })
      await t.invoke('catalog:sync', { sourceName: 'security' })
      await t.invoke('catalog:export-snapshot', { out: snapshot })
    })
    const keys = JSON.parse(site.cli('keys', 'create', '--out', join(site.dir, 'keys'), '--json')) as {
      privateKeyPath: string
      publicKeyPath: string
    }
    const bundle = join(site.dir, 'bookworm-offline.pbundle')
    await openConsole(page, await site.launch())
    const w = await openWizard(page)
    const title = w.getByTestId('wizard-title')
    const next = w.getByRole('button', { name: 'Next' })

    await w.getByRole('radio', { name: 'Build an offline bundle from a catalog snapshot' }).check()
    await expect(next).toBeDisabled()
    await w.getByRole('textbox', { name: 'Catalog snapshot file' }).fill(snapshot)
    await next.click()
    await expect(title).toHaveText('Update Type')
    await expect(w.getByRole('radio', { name: /Debian · Security Updates/ })).toBeChecked()
    await next.click()
    await expect(title).toHaveText('Select Updates')
    const rows = w.locator('[data-testid="wizard-update-row"]:not([data-files="0"])')
    const count = await rows.count()
    expect(count).toBeGreaterThanOrEqual(2)
    for (let i = 0; i < count; i++) await rows.nth(i).getByRole('checkbox').check()
    await next.click()
    await expect(title).toHaveText('Offline Bundle')
    await expect(next).toBeDisabled()
    await w.getByRole('textbox', { name: 'Package name in the bundle' }).fill('Bookworm offline')
    await w.getByRole('textbox', { name: 'Bundle file' }).fill(bundle)
    await w.getByRole('textbox', { name: /Signing key/ }).fill(keys.privateKeyPath)
    await next.click()
    await expect(title).toHaveText('Summary')
    await expect(w.getByTestId('wizard-summary')).toContainText('An offline bundle from a catalog snapshot')
    await expect(w.getByTestId('wizard-summary')).toContainText(`${count} updates`)
    await w.getByRole('button', { name: 'Finish' }).click()
    await expect(title).toHaveText('Completion', { timeout: 60_000 })
    await expect(w.getByTestId('wizard-done')).toContainText(bundle)
    const verdict = JSON.parse(
      site.cli('bundle', 'verify', bundle, '--trusted-key', keys.publicKeyPath, '--json'),
    ) as { ok: boolean; trusted: boolean; packageName: string; updateCount: number; fileCount: number }
    expect(verdict).toMatchObject({
      ok: true,
      trusted: true,
      packageName: 'Bookworm offline',
      updateCount: count,
      fileCount: count,
    })
    await w.getByRole('button', { name: 'Close' }).click()
    await expect(w).toBeHidden()
    await treeItem(page, /^Packages/).click()
    await expect(resultRows(page)).toHaveCount(0)
  } finally {
    await repo.close()
  }
})
