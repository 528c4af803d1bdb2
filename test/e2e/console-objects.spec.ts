import { expect, openConsole, resultRows, seedClients, test, treeItem } from './fixtures'

const clients = [
  { name: 'web-01', address: '127.0.10.1', platform: 'debian' },
  { name: 'web-02', address: '127.0.10.2', platform: 'debian' },
  { name: 'web-03', address: '127.0.10.3', platform: 'debian' },
  { name: 'db-01', address: '127.0.20.1', platform: 'rhel' },
  { name: 'win-01', address: '127.0.30.1', platform: 'windows' },
]

test('query collection, package + program, advertisement; all persist across reload', async ({
  page,
  site,
}) => {
  seedClients(site, clients)
  await openConsole(page, await site.launch())

  // (a) A collection with a query rule shows exactly the matching resources.
  await treeItem(page, /^Collections/).click()
  await page.getByTestId('new-button').click()
  const dlg = page.getByTestId('collection-dialog')
  await expect(dlg).toBeVisible()
  await dlg.getByRole('textbox', { name: 'Name', exact: true }).fill('Web servers')
  await dlg.getByRole('tab', { name: 'Membership Rules' }).click()
  await dlg.getByTestId('add-query-rule').click()
  await dlg.getByRole('textbox', { name: 'Rule name' }).fill('Web by name')
  await dlg.getByLabel('Condition 1 attribute').selectOption('name')
  await dlg.getByLabel('Condition 1 operator').selectOption('like')
  await dlg.getByLabel('Condition 1 value').fill('web-*')
  await dlg.getByTestId('rule-preview').click()
  await expect(dlg.getByTestId('preview-item')).toHaveCount(3)
  await expect(dlg.getByTestId('rule-preview-result')).toContainText('3 resources match')
  for (const n of ['web-01', 'web-02', 'web-03'])
    await expect(dlg.getByTestId('rule-preview-result')).toContainText(n)
  await expect(dlg.getByTestId('rule-preview-result')).not.toContainText('db-01')
  await dlg.getByTestId('rule-done').click()
  await expect(dlg.getByTestId('rule-item')).toHaveCount(1)
  await dlg.getByTestId('dialog-ok').click()
  await expect(dlg).toBeHidden()

  await treeItem(page, /^Web servers/).click()
  await expect(page.getByTestId('results-title')).toContainText('Web servers')
  await expect(resultRows(page)).toHaveCount(3)
  const names = await resultRows(page).locator('[role="gridcell"]:first-child').allTextContents()
  expect(names.sort()).toEqual(['web-01', 'web-02', 'web-03'])

  // Live: a new matching client added in the UI joins the collection at once.
  await page.getByRole('button', { name: 'New menu' }).click()
  await page.getByTestId('new-resource').click()
  const rd = page.getByTestId('resource-dialog')
  await rd.getByRole('textbox', { name: 'Name', exact: true }).fill('web-04')
  await rd.getByLabel(/Address/).fill('127.0.10.4')
  await rd.getByTestId('dialog-ok').click()
  await expect(rd).toBeHidden()
  await expect(resultRows(page)).toHaveCount(4)
  await expect(treeItem(page, /^Web servers \(4\)/)).toBeVisible()

  // (b) A package with a program, advertised to that collection.
  await treeItem(page, /^Packages/).click()
  await page.getByRole('button', { name: 'New menu' }).click()
  await page.getByTestId('new-package').click()
  const pd = page.getByTestId('package-dialog')
  await pd.getByRole('textbox', { name: 'Name', exact: true }).fill('Agent 7.2')
  await pd.getByLabel('Manufacturer').fill('Patchbay Labs')
  await pd.getByTestId('dialog-apply').click()
  await expect(pd).toContainText('Package ID LAB')
  await pd.getByRole('tab', { name: /Programs/ }).click()
  await pd.getByTestId('new-program').click()
  const prog = page.getByTestId('program-dialog')
  await prog.getByRole('textbox', { name: 'Name', exact: true }).fill('Install')
  await prog.getByRole('textbox', { name: 'Command line' }).fill('apt-get install -y ./agent_7.2.deb')
  await prog.getByTestId('dialog-ok').click()
  await expect(prog).toBeHidden()
  await expect(pd.getByTestId('program-item')).toHaveCount(1)
  await pd.getByTestId('dialog-ok').click()
  await expect(pd).toBeHidden()

  await treeItem(page, /^Agent 7\.2/).click()
  await expect(resultRows(page)).toHaveCount(1)
  await resultRows(page).first().click({ button: 'right' })
  const menu = page.getByTestId('context-menu')
  await menu.getByRole('menuitem', { name: 'All Tasks' }).hover()
  await page.getByRole('menuitem', { name: 'Advertise…' }).click()
  const ad = page.getByTestId('advertisement-dialog')
  await expect(ad.getByRole('combobox', { name: 'Package', exact: true })).toHaveValue(/LAB/)
  await expect(ad.getByRole('combobox', { name: 'Program', exact: true })).toHaveValue('Install')
  await ad.getByRole('textbox', { name: 'Name', exact: true }).fill('Agent to web servers')
  const webId = await ad
    .getByRole('combobox', { name: 'Collection', exact: true })
    .locator('option', { hasText: 'Web servers' })
    .getAttribute('value')
  await ad.getByRole('combobox', { name: 'Collection', exact: true }).selectOption(webId!)
  await ad.getByTestId('dialog-ok').click()
  await expect(ad).toBeHidden()

  await treeItem(page, /^Advertisements/).click()
  await expect(resultRows(page)).toHaveCount(1)
  await expect(resultRows(page).first()).toContainText('Agent to web servers')
  await expect(resultRows(page).first()).toContainText('Web servers')
  await expect(resultRows(page).first()).toContainText('Install')

  // (c) After a reload everything is still there and the last node is restored.
  await page.reload()
  await expect(page.getByTestId('console')).toBeVisible()
  await expect(treeItem(page, /^Advertisements/)).toHaveAttribute('aria-selected', 'true')
  await expect(resultRows(page)).toHaveCount(1)
  await expect(resultRows(page).first()).toContainText('Agent to web servers')
  await expect(treeItem(page, /^Agent 7\.2/)).toBeVisible()
  await treeItem(page, /^Web servers/).click()
  await expect(resultRows(page)).toHaveCount(4)
})
