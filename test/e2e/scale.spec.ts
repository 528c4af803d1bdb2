import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { bulkClients } from './seed'

test('10,000 clients: the list stays virtualized, sorts, filters and reaches the end by keyboard', async ({
  page,
  site,
}) => {
  test.setTimeout(120_000)
  const started = Date.now()
  await bulkClients(site.sitePath, 10_000)
  test
    .info()
    .annotations.push({ type: 'seed', description: `10,000 clients seeded in ${Date.now() - started} ms` })
  await openConsole(page, await site.launch())
  await treeItem(page, /^Clients/).click()
  await expect(page.getByTestId('results-pane')).toContainText('10,000 items')
  const rendered = await resultRows(page).count()
  expect(rendered).toBeGreaterThan(10)
  expect(rendered).toBeLessThan(120)

  let t0 = Date.now()
  await page.getByRole('columnheader', { name: 'Name' }).click()
  await page.getByRole('columnheader', { name: 'Name' }).click()
  await expect(resultRows(page).first()).toContainText('host-09999')
  const sortMs = Date.now() - t0

  const list = page.getByTestId('results-list')
  await list.focus()
  await page.keyboard.press('Home')
  t0 = Date.now()
  await page.keyboard.press('End')
  await expect(list.locator('[aria-selected="true"]')).toContainText('host-00000')
  const endMs = Date.now() - t0
  await page.keyboard.press('Shift+Home')
  await expect(page.getByTestId('status-count')).toContainText('10,000 selected')

  t0 = Date.now()
  await page.keyboard.press('Control+f')
  await page.keyboard.type('host-0999')
  await expect(page.getByTestId('results-pane')).toContainText('10 of 10,000 items')
  const filterMs = Date.now() - t0
  test.info().annotations.push({
    type: 'timing',
    description: `sort ${sortMs} ms, End ${endMs} ms, filter ${filterMs} ms`,
  })
  expect(sortMs).toBeLessThan(3000)
  expect(endMs).toBeLessThan(2000)
})
