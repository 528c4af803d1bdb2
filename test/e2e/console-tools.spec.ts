import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'

// Secrets need a store in browser mode: the passphrase vault (as the other specs that store secrets use).
process.env.PATCHBAY_VAULT_PASSPHRASE ??= 'e2e-vault-passphrase'

/** Opens File › `item` from the menu bar with the keyboard only. */
async function fileMenu(page: Page, item: string): Promise<void> {
  const file = page.getByRole('navigation', { name: 'Menu bar' }).getByRole('button', { name: 'File' })
  await file.focus()
  await page.keyboard.press('Enter')
  const entry = page.getByRole('menuitem', { name: item })
  await expect(entry).toBeVisible()
  await entry.focus()
  await page.keyboard.press('Enter')
}

test('File › Import Clients imports a CSV into a new collection; a bad file names its line and creates nothing', async ({
  page,
  site,
}) => {
  // In browser mode file fields may name only the data folder, ~/Patchbay and --allow-folder folders.
  const good = join(site.dir, 'hosts.csv')
  writeFileSync(
    good,
    'name,address,port,platform\nweb-01,127.0.0.41,22,debian\nweb-02,127.0.0.42,2222,rhel\n',
  )
  const bad = join(site.dir, 'bad.csv')
  writeFileSync(bad, 'name,address\nweb-03\n')
  await openConsole(page, await site.launch())

  await fileMenu(page, 'Import Clients…')
  const dialog = page.getByTestId('client-import-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('File').fill(bad)
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.getByTestId('client-import-error')).toContainText(
    /bad\.csv line 2: .*nothing was imported/,
  )

  await dialog.getByLabel('File').fill(good)
  await dialog.getByLabel('Also add every client to collection').fill('Imported web')
  await dialog.getByLabel('File').press('Enter')
  const result = dialog.getByTestId('client-import-result')
  await expect(result).toContainText('2 clients added, 0 skipped')
  await expect(result).toContainText('Added web-02 (127.0.0.42:2222)')
  await expect(result).toContainText('Collection Imported web (new): 2 clients added')

  // Importing again skips both, saying why.
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(result).toContainText('0 clients added, 2 skipped')
  await expect(result).toContainText('Skipped web-01: a client named "web-01" exists')
  await dialog.getByLabel('File').press('Escape')
  await expect(dialog).toBeHidden()

  await treeItem(page, /^Imported web/).click()
  await expect(resultRows(page)).toHaveCount(2)
  const clients = await withSite(site.sitePath, (t) => t.invoke('resources:list', {}))
  expect(clients.map((c) => c.name).sort()).toEqual(['web-01', 'web-02'])
})

test('File › Lab Fleet starts simulated hosts in a collection, labelled simulated, and stops them', async ({
  page,
  site,
}) => {
  await openConsole(page, await site.launch())
  await fileMenu(page, 'Lab Fleet (simulated)…')
  const dialog = page.getByTestId('lab-dialog')
  await expect(dialog.getByRole('heading')).toContainText('simulated')
  await expect(dialog.getByTestId('lab-state')).toHaveText('Not running')

  await dialog.getByLabel('Hosts').fill('0')
  await dialog.getByRole('button', { name: 'Start Fleet' }).click()
  await expect(dialog.getByTestId('lab-error')).toContainText('Hosts must be 1–500')

  await dialog.getByLabel('Hosts').fill('4')
  await dialog.getByLabel('Windows share').fill('0')
  await dialog.getByLabel('Faults').fill('unreachable=0.25')
  await dialog.getByRole('button', { name: 'Start Fleet' }).click()
  await expect(dialog.getByTestId('lab-state')).toHaveText('Running')
  const facts = dialog.getByTestId('lab-facts')
  await expect(facts).toContainText('4 (seed 1)')
  await expect(facts).toContainText(/127\.0\.0\.1 ports \d+–\d+/)
  await expect(facts).toContainText('1 unreachable')
  await dialog.getByRole('button', { name: 'Close' }).click()

  await treeItem(page, /^Lab fleet/).click()
  await expect(resultRows(page)).toHaveCount(4)
  const simulated = await withSite(site.sitePath, (t) => t.invoke('resources:list', {}))
  expect(simulated.filter((c) => c.simulated)).toHaveLength(4)

  await fileMenu(page, 'Lab Fleet (simulated)…')
  await expect(dialog.getByTestId('lab-state')).toHaveText('Running')
  await dialog.getByRole('button', { name: 'Stop Fleet' }).click()
  await expect(dialog.getByTestId('lab-state')).toHaveText('Not running')
  await page.keyboard.press('Escape')
  // The clients stay.
  await expect(resultRows(page)).toHaveCount(4)
})

test('File › Webhooks lists, adds and removes targets; a secret never comes back to the console', async ({
  page,
  site,
}) => {
  const requests: string[] = []
  page.on(
    'response',
    (r) =>
      void r
        .text()
        .then((body) => requests.push(body))
        .catch(() => undefined),
  )
  await openConsole(page, await site.launch())
  await fileMenu(page, 'Webhooks…')
  const dialog = page.getByTestId('webhooks-dialog')
  await expect(dialog.getByTestId('webhooks-empty')).toBeVisible()

  await dialog.getByLabel('URL').fill('ftp://tickets.invalid/hook')
  await dialog.getByRole('button', { name: 'Add' }).click()
  await expect(dialog.getByTestId('webhooks-error')).toBeVisible()

  // With a secret store (the passphrase vault), a secret is kept encrypted and only "signed" comes back.
  await dialog.getByLabel('URL').fill('https://tickets.invalid/hook')
  await dialog.getByLabel('Secret (optional)').fill('s3cret-never-shown')
  await dialog.getByLabel('Secret (optional)').press('Enter')
  const rows = dialog.getByTestId('webhook-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('https://tickets.invalid/hook')
  await expect(rows.first()).toContainText('signed')

  await dialog.getByLabel('URL').fill('https://other.invalid/hook')
  await dialog.getByRole('button', { name: 'Add' }).click()
  await expect(rows).toHaveCount(2)
  await dialog.getByRole('button', { name: 'Remove https://other.invalid/hook' }).click()
  await expect(rows).toHaveCount(1)
  expect(requests.join('\n')).not.toContain('s3cret-never-shown')
  await expect(page.locator('body')).not.toContainText('s3cret-never-shown')
})
