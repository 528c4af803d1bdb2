import { _electron as electron, type ElectronApplication } from '@playwright/test'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { expect, resultRows, seedClients, test, treeItem } from './fixtures'

/** The Electron binary when it is installed (npm's `electron` resolves to its path), else null. */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

test('the Electron console shows the same tree, list and dialogs', async ({ site }) => {
  const binary = electronBinary()
  test.skip(
    !binary,
    'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); browser-mode project covers the same UI',
  )
  seedClients(site, [
    { name: 'web-01', address: '127.0.10.1', platform: 'debian' },
    { name: 'db-01', address: '127.0.20.1', platform: 'rhel' },
  ])
  let app: ElectronApplication | null = null
  try {
    app = await electron.launch({
      executablePath: binary!,
      args: [resolve('out/main/index.js'), '--site', site.sitePath, '--no-sandbox'],
      env: { ...process.env, PATCHBAY_HOME: site.dir } as Record<string, string>,
    })
    const page = await app.firstWindow()
    await expect(page.getByTestId('console')).toBeVisible()
    await expect(page.getByTestId('status-bar')).toContainText('Front door: Electron')
    await treeItem(page, /^Clients/).click()
    await expect(resultRows(page)).toHaveCount(2)
    await page.getByRole('button', { name: 'New menu' }).click()
    await page.getByTestId('new-resource').click()
    const rd = page.getByTestId('resource-dialog')
    await rd.getByRole('textbox', { name: 'Name', exact: true }).fill('web-02')
    await rd.getByRole('textbox', { name: /Address/ }).fill('127.0.10.2')
    await rd.getByRole('textbox', { name: 'SSH port' }).fill('70000')
    await rd.getByTestId('dialog-ok').click()
    await expect(rd.getByTestId('dialog-error')).toContainText('Port must be 1–65535')
    await rd.getByRole('textbox', { name: 'SSH port' }).fill('22')
    await rd.getByTestId('dialog-ok').click()
    await expect(resultRows(page)).toHaveCount(3)
  } finally {
    await app?.close()
  }
})
