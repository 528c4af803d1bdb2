import { expect, openConsole, resultRows, seedClients, test, treeItem } from './fixtures'

const clients = [
  { name: 'web-01', address: '127.0.10.1', platform: 'debian' },
  { name: 'web-02', address: '127.0.10.2', platform: 'debian' },
  { name: 'db-01', address: '127.0.20.1', platform: 'rhel' },
  { name: 'win-01', address: '127.0.30.1', platform: 'windows' },
]

test('bad input keeps the dialog open with a visible message (client and service checks)', async ({
  page,
  site,
}) => {
  seedClients(site, clients)
  await openConsole(page, await site.launch())
  const name = (scope: ReturnType<typeof page.getByTestId>) =>
    scope.getByRole('textbox', { name: 'Name', exact: true })

  // Port out of range.
  await page.getByRole('button', { name: 'New menu' }).click()
  await page.getByTestId('new-resource').click()
  const rd = page.getByTestId('resource-dialog')
  await name(rd).fill('web-09')
  await rd.getByRole('textbox', { name: /Address/ }).fill('127.0.10.9')
  await rd.getByRole('textbox', { name: 'SSH port' }).fill('70000')
  await rd.getByTestId('dialog-ok').click()
  await expect(rd.getByTestId('dialog-error')).toContainText('Port must be 1–65535')
  await expect(rd).toContainText('Port must be 1–65535') // the field's own validation message
  await expect(rd).toBeVisible()
  await expect(name(rd)).toHaveValue('web-09')
  await rd.getByRole('textbox', { name: 'SSH port' }).fill('2222')
  await rd.getByTestId('dialog-ok').click()
  await expect(rd).toBeHidden()

  // Empty collection name (client check), then a duplicate name (the service rejects it).
  await treeItem(page, /^Collections/).click()
  await page.getByTestId('new-button').click()
  const cd = page.getByTestId('collection-dialog')
  await cd.getByTestId('dialog-ok').click()
  await expect(cd.getByTestId('dialog-error')).toContainText('Collection name is required')
  await name(cd).fill('All Systems')
  await cd.getByRole('textbox', { name: 'Comment' }).fill('kept after the error')
  await cd.getByTestId('dialog-ok').click()
  await expect(cd.getByTestId('dialog-error')).toContainText('The site rejected the change')
  await expect(cd.getByTestId('dialog-error')).toContainText('already exists')
  await expect(name(cd)).toHaveValue('All Systems')
  await expect(cd.getByRole('textbox', { name: 'Comment' })).toHaveValue('kept after the error')
  await cd.getByRole('button', { name: 'Cancel' }).click()
  await expect(cd).toBeHidden()

  // An advertisement whose expiry is before its start.
  site.cli('package', 'create', '--name', 'Tools')
  await page.keyboard.press('F5')
  await treeItem(page, /^Tools/).click()
  await page.getByRole('button', { name: 'New menu' }).click()
  await page.getByTestId('new-program').click()
  const pg = page.getByTestId('program-dialog')
  await name(pg).fill('Install')
  await pg.getByRole('textbox', { name: 'Command line' }).fill('/usr/bin/true')
  await pg.getByTestId('dialog-ok').click()
  await expect(pg).toBeHidden()
  await page.getByRole('button', { name: 'New menu' }).click()
  await page.getByTestId('new-advertisement').click()
  const ad = page.getByTestId('advertisement-dialog')
  await name(ad).fill('Tools everywhere')
  await ad.getByRole('tab', { name: 'Schedule' }).click()
  await ad.getByLabel('Advertisement start time').fill('2030-06-10T10:00')
  await ad.getByRole('checkbox', { name: 'Advertisement expires' }).check()
  await ad.getByLabel('Expiry time').fill('2030-06-01T10:00')
  await ad.getByTestId('dialog-ok').click()
  await expect(ad.getByTestId('dialog-error')).toContainText('Expiry must be after')
  await expect(ad).toBeVisible()
  await expect(ad.getByLabel('Expiry time')).toHaveValue('2030-06-01T10:00')
})

test('keyboard: arrows, Enter, Delete with confirmation, F5, Ctrl+F and Escape', async ({ page, site }) => {
  seedClients(site, clients)
  await openConsole(page, await site.launch())
  await treeItem(page, /^Clients/).click()
  await expect(resultRows(page)).toHaveCount(4)

  // Sort by name, then walk with the keyboard.
  await page.getByRole('columnheader', { name: 'Name' }).click()
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending')
  const list = page.getByTestId('results-list')
  await list.focus()
  await page.keyboard.press('ArrowDown')
  await expect(list.locator('[aria-selected="true"]')).toContainText('db-01')
  await page.keyboard.press('End')
  await expect(list.locator('[aria-selected="true"]')).toContainText('win-01')
  await page.keyboard.press('Home')
  await page.keyboard.press('Shift+ArrowDown')
  await expect(list.locator('[aria-selected="true"]')).toHaveCount(2)
  await expect(page.getByTestId('status-count')).toContainText('2 selected')

  // Enter opens Properties of the focused row.
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('resource-dialog')).toBeVisible()
  await expect(
    page.getByTestId('resource-dialog').getByRole('textbox', { name: 'Name', exact: true }),
  ).toHaveValue('web-01')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('resource-dialog')).toBeHidden()

  // Delete asks first; Cancel keeps the row, Delete removes it.
  await list.focus()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowDown')
  await expect(list.locator('[aria-selected="true"]')).toHaveCount(1)
  await page.keyboard.press('Delete')
  const confirm = page.getByTestId('confirm-dialog')
  await expect(confirm).toContainText('web-01')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(resultRows(page)).toHaveCount(4)
  await list.focus()
  await page.keyboard.press('Delete')
  await confirm.getByRole('button', { name: 'Delete' }).click()
  await expect(confirm).toBeHidden()
  await expect(resultRows(page)).toHaveCount(3)
  await expect(list).not.toContainText('web-01')

  // F5 picks up a client added behind the console's back (another process, no event).
  site.cli('client', 'add', '127.0.10.7', '--name', 'web-07', '--platform', 'debian')
  await page.keyboard.press('F5')
  await expect(resultRows(page)).toHaveCount(4)
  await expect(list).toContainText('web-07')

  // Ctrl+F focuses the filter; Escape clears it.
  await list.focus()
  await page.keyboard.press('Control+f')
  const filter = page.getByTestId('filter-box')
  await expect(filter).toBeFocused()
  await page.keyboard.type('web')
  await expect(resultRows(page)).toHaveCount(2)
  await expect(page.getByTestId('results-pane')).toContainText('(filtered)')
  await page.keyboard.press('Escape')
  await expect(filter).toHaveValue('')
  await expect(resultRows(page)).toHaveCount(4)
})

test('dark theme, column layout and details pane persist across reload', async ({ page, site }) => {
  seedClients(site, clients)
  await openConsole(page, await site.launch())
  await expect(page.getByTestId('app')).toHaveAttribute('data-theme', 'light')
  await page.getByTestId('theme-toggle').click()
  await expect(page.getByTestId('app')).toHaveAttribute('data-theme', 'dark')

  await treeItem(page, /^Clients/).click()
  // Hide a column through the chooser.
  await page.getByTestId('columns-button').click()
  await page.getByRole('menuitemcheckbox', { name: 'User' }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('columnheader', { name: 'User' })).toHaveCount(0)
  // Resize the Name column by dragging its edge.
  const header = page.getByRole('columnheader', { name: 'Name' })
  const before = (await header.boundingBox())!.width
  const handle = (await page.getByTestId('resize-name').boundingBox())!
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2)
  await page.mouse.down()
  await page.mouse.move(handle.x + 80, handle.y + handle.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect.poll(async () => (await header.boundingBox())!.width).toBeGreaterThan(before + 60)
  // Close the details pane.
  await expect(page.getByTestId('details-pane')).toBeVisible()
  await page.getByTestId('details-toggle').click()
  await expect(page.getByTestId('details-pane')).toBeHidden()

  await page.reload()
  await expect(page.getByTestId('console')).toBeVisible()
  await expect(page.getByTestId('app')).toHaveAttribute('data-theme', 'dark')
  await expect(treeItem(page, /^Clients/)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('columnheader', { name: 'User' })).toHaveCount(0)
  expect((await page.getByRole('columnheader', { name: 'Name' }).boundingBox())!.width).toBeGreaterThan(
    before + 60,
  )
  await expect(page.getByTestId('details-pane')).toBeHidden()
})
