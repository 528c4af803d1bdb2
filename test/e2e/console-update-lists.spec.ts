import { startLabFleet } from '../../main/clients/lab'
import { debRepoSkipReason, LAB_BOOKWORM_SECURITY, startDebRepo } from '../main/core/wizard/repo'
import { allTasks, consoleApi, seedScannedCollection } from './approvals-seed'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'

test('update list from a selection with a compliance summary; a search folder whose count follows a scan', async ({
  page,
  site,
}) => {
  test.setTimeout(180_000)
  const fleet = await startLabFleet({ hosts: 3, seed: 11, windowsShare: 0 })
  try {
    const { names } = await seedScannedCollection(site.sitePath, site.dir, fleet)
    await openConsole(page, await site.launch())
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Update Repository/).click()
    await page.getByTestId('filter-state').selectOption('required')

    // Create Update List… from three selected updates.
    await resultRows(page).nth(0).click()
    await resultRows(page)
      .nth(2)
      .click({ modifiers: ['Shift'] })
    await allTasks(page, resultRows(page).nth(2), 'Create Update List…')
    const create = page.getByTestId('list-create-dialog')
    await create.getByTestId('dialog-ok').click()
    await expect(create.getByTestId('dialog-error')).toContainText('Update list name')
    await create.getByTestId('list-name').fill('June baseline')
    await create.getByTestId('dialog-ok').click()
    await expect(create).toBeHidden()
    await expect(page.getByTestId('results-title')).toContainText('June baseline')
    await expect(resultRows(page)).toHaveCount(3)
    // Non-compliant = clients that need at least one of the three (from each client's own required updates).
    const [list] = await consoleApi(page, 'updatelists:list', {})
    const inList = new Set(
      (await consoleApi(page, 'updatelists:properties', { id: list!.id })).updates.map((u) => u.id),
    )
    let needing = 0
    for (const r of await consoleApi(page, 'resources:list', {})) {
      const required = await consoleApi(page, 'updates:list', { resourceId: r.id, state: 'required' })
      if (required.some((u) => inList.has(u.id))) needing++
    }
    expect(needing).toBeGreaterThan(0)
    await expect(page.getByTestId('list-non-compliant')).toHaveText(`Non-compliant: ${needing}`)
    await expect(page.getByTestId('list-compliant')).toHaveText(`Compliant: ${names.length - needing}`)

    // Properties: remove one update on the Updates tab; the list keeps two.
    await page.getByRole('button', { name: 'Properties…' }).click()
    const props = page.getByTestId('list-properties-dialog')
    await props.getByRole('tab', { name: 'Compliance' }).click()
    await expect(props.getByTestId('list-stats')).toContainText('Clients non-compliant')
    await props.getByRole('tab', { name: 'Updates' }).click()
    await expect(props.getByTestId('list-update-row')).toHaveCount(3)
    await props.getByTestId('list-update-row').first().getByRole('checkbox').check()
    await props.getByTestId('dialog-ok').click()
    await expect(props).toBeHidden()
    await expect(resultRows(page)).toHaveCount(2)
    await expect(treeItem(page, /^June baseline/)).toBeVisible()

    // New Search Folder: required by at least 2 clients; the count shows in the tree.
    await page.getByRole('button', { name: 'New menu' }).click()
    await page.getByTestId('new-search-folder').click()
    const folder = page.getByTestId('search-folder-dialog')
    await folder.getByTestId('folder-name').fill('Needed widely')
    await folder.getByTestId('criteria-min-required').fill('two')
    await folder.getByTestId('dialog-ok').click()
    await expect(folder.getByTestId('dialog-error')).toContainText('whole number of clients')
    await folder.getByTestId('criteria-min-required').fill('2')
    await folder.getByTestId('dialog-ok').click()
    await expect(folder).toBeHidden()
    const [first] = await consoleApi(page, 'searchfolders:list', {})
    expect(first!.count).toBeGreaterThan(0)
    await expect(treeItem(page, `Needed widely (${first!.count})`)).toBeVisible()
    await expect(page.getByTestId('folder-count')).toHaveText(
      `${first!.count} update${first!.count === 1 ? '' : 's'}`,
    )
    await expect(resultRows(page)).toHaveCount(first!.count)

    // Install one of its updates on every client and scan: the count drops live.
    const [update] = await consoleApi(page, 'searchfolders:results', { id: first!.id })
    const ids = (await consoleApi(page, 'resources:list', {})).map((r) => r.id)
    const exec = await consoleApi(page, 'clients:exec', {
      targets: { resourceIds: ids },
      command: `apt-get install -y ${update!.package}`,
    })
    await expect
      .poll(async () => (await consoleApi(page, 'jobs:get', { id: exec.id })).state, { timeout: 60_000 })
      .toBe('succeeded')
    await consoleApi(page, 'clients:scan', { targets: { resourceIds: ids }, force: true })
    await expect(treeItem(page, `Needed widely (${first!.count - 1})`)).toBeVisible({ timeout: 30_000 })
    await expect(resultRows(page)).toHaveCount(first!.count - 1)
  } finally {
    await fleet.stop()
  }
})

test('deployment template: errors named in the form, then the saved settings in the list', async ({
  page,
  site,
}) => {
  await openConsole(page, await site.launch())
  await treeItem(page, /^Software Updates/).click()
  await page.keyboard.press('ArrowRight')
  await treeItem(page, /^Deployment Templates/).click()
  await expect(page.getByTestId('list-empty')).toContainText('No deployment template yet')
  await page.getByRole('button', { name: 'New menu' }).click()
  await page.getByTestId('new-template').click()
  const dlg = page.getByTestId('template-dialog')
  await dlg.getByTestId('template-duration').fill('a week')
  await dlg.getByTestId('dialog-ok').click()
  await expect(dlg.getByTestId('dialog-error')).toContainText('Template name')
  await expect(dlg.getByTestId('dialog-error')).toContainText('Duration must be a whole number of hours')
  await dlg.getByTestId('template-name').fill('Servers — patch Tuesday')
  await dlg.getByTestId('template-duration').fill('168')
  await dlg.getByText('Set a deadline').click()
  await dlg.getByTestId('template-deadline').fill('200')
  await dlg.getByTestId('dialog-ok').click()
  await expect(dlg.getByTestId('dialog-error')).toContainText('Deadline must fall within the duration')
  await dlg.getByTestId('template-deadline').fill('48')
  await dlg.getByText('Install outside maintenance windows').click()
  await dlg.getByRole('tab', { name: 'Restart and Notification' }).click()
  await dlg.getByRole('checkbox', { name: 'Servers' }).check()
  await dlg.getByRole('combobox', { name: 'User notification' }).selectOption('display-restarts-only')
  await dlg.getByTestId('dialog-ok').click()
  await expect(dlg).toBeHidden()
  const row = resultRows(page).first()
  await expect(row).toContainText('Servers — patch Tuesday')
  await expect(row).toContainText('7 days')
  await expect(row).toContainText('2 days')
  await expect(row).toContainText('Install outside maintenance windows')
  await expect(row).toContainText('servers')
  await expect(row).toContainText('Display only restart notifications')
})

test('catalog source: add, Synchronize Now with progress, Sync History', async ({ page, site }) => {
  test.skip(debRepoSkipReason() !== null, 'dpkg-deb / dpkg-scanpackages missing')
  const repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
  try {
    await openConsole(page, await site.launch())
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Catalog Sources/).click()
    await expect(page.getByTestId('list-empty')).toContainText('No catalog source yet')
    await page.getByTestId('catalog-add').click()
    const dlg = page.getByTestId('source-dialog')
    await dlg.getByLabel('Name').fill('security')
    await dlg.getByLabel('Archive URL').fill('ftp://nowhere')
    await dlg.getByLabel('Suite').fill(repo.suite)
    await dlg.getByTestId('dialog-ok').click()
    await expect(dlg.getByTestId('dialog-error')).toContainText('must be an http:// or https:// archive URL')
    await dlg.getByLabel('Archive URL').fill(repo.baseUrl)
    // The test repository is built here and not signed: the admin has to accept that explicitly, and is warned.
    await expect(dlg.getByLabel('Keyring')).toHaveValue('/usr/share/keyrings/debian-archive-keyring.gpg')
    await dlg.getByLabel(/Accept unsigned Release files/).check()
    await expect(dlg.getByTestId('unsigned-warning')).toBeVisible()
    await dlg.getByTestId('dialog-ok').click()
    await expect(dlg).toBeHidden()
    await expect(resultRows(page).first()).toContainText('Never')
    await expect(resultRows(page).first()).toContainText('UNSIGNED')
    await expect(page.getByTestId('catalog-trust-warning')).toContainText('security: UNSIGNED')

    await page.getByTestId('catalog-sync').click()
    const sync = page.getByTestId('sync-dialog')
    await expect(sync.getByTestId('sync-row')).toContainText(`${LAB_BOOKWORM_SECURITY.length} new`, {
      timeout: 30_000,
    })
    await sync.getByTestId('dialog-ok').click()
    await expect(resultRows(page).first()).toContainText(String(LAB_BOOKWORM_SECURITY.length))
    await treeItem(page, /^Catalog Sources/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Sync History/).click()
    await expect(resultRows(page).first()).toContainText('Succeeded')
    await expect(resultRows(page).first()).toContainText('security')
  } finally {
    await repo.close()
  }
})
