import { readFileSync } from 'node:fs'
import type { LabFleet } from '../../main/clients/lab'
import { seedDeploymentSite } from './deployments-seed'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'

process.env.PATCHBAY_VAULT_PASSPHRASE ??= 'e2e-vault-passphrase'

test.describe('deployments in the console against SIMULATED lab hosts', () => {
  let fleet: LabFleet | null = null
  test.afterEach(async () => {
    await fleet?.stop()
    fleet = null
  })

  test('create a deployment, watch it live, retry selected failures, search Run Logs, export a report', async ({
    page,
    site,
  }) => {
    test.setTimeout(180_000)
    const seeded = await seedDeploymentSite(site)
    fleet = seeded.fleet
    const broken = fleet.hosts[1]!.name
    const other = fleet.hosts[2]!.name
    await fleet.setFault(broken, 'unreachable')
    await fleet.setFault(other, 'unreachable')
    await openConsole(page, await site.launch())

    // Update Lists › "Pilot patches" › All Tasks › Deploy…
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Update Lists/).click()
    await resultRows(page).filter({ hasText: 'Pilot patches' }).click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Deploy…' }).click()
    const dlg = page.getByTestId('deployment-dialog')
    await expect(dlg.getByTestId('deployment-list')).toHaveValue(/.+/)
    // The collection is required: OK without one names the field.
    await dlg.getByTestId('dialog-ok').click()
    await expect(dlg).toContainText('Choose the collection to deploy to')
    await dlg.getByTestId('deployment-collection').selectOption(seeded.collectionId)
    await dlg.getByTestId('deployment-name').fill('Pilot ring')
    await dlg.getByRole('tab', { name: 'Restart and Rollout' }).click()
    await dlg.getByTestId('deployment-attempts').fill('1')
    await dlg.getByTestId('dialog-ok').click()
    await expect(dlg).toBeHidden()

    // Deployment Management: the row's counts follow the run live.
    await expect(page.getByTestId('results-title')).toHaveText('Deployment Management')
    const row = resultRows(page).filter({ hasText: 'Pilot ring' })
    await expect(row.getByTestId('count-installed')).toHaveText('1', { timeout: 90_000 })
    await expect(row.getByTestId('count-failed')).toHaveText('2', { timeout: 90_000 })
    await expect(row).toContainText('Failed')
    await expect(row.getByTestId('deployment-progress')).toHaveAttribute('aria-valuenow', '100')

    // "Failed: 2" → the failing clients with their errors; select ONE and retry only it once the hosts are back.
    await row.getByTestId('count-failed').click()
    await expect(page.getByTestId('results-title')).toContainText('Pilot ring')
    await expect(page.getByTestId('results-title')).toContainText('› Failed')
    await expect(resultRows(page)).toHaveCount(2)
    await expect(resultRows(page).filter({ hasText: broken })).toContainText('unreachable')
    await fleet.setFault(broken, null)
    await fleet.setFault(other, null)
    await resultRows(page).filter({ hasText: broken }).click()
    const bar = page.getByTestId('deployment-clients-bar')
    await expect(bar.getByTestId('client-action-rescan')).toBeVisible()
    await expect(bar.getByTestId('client-action-reboot')).toBeVisible()
    await expect(bar.getByTestId('client-action-resource-explorer')).toBeVisible()
    await expect(bar.getByTestId('client-action-deploy-retry')).toHaveText(`Retry ${broken}`)
    await bar.getByTestId('client-action-deploy-retry').click()
    await expect(bar.getByTestId('bucket-installed')).toHaveText('Installed (2)', { timeout: 90_000 })
    await expect(bar.getByTestId('deployment-state')).toContainText('Failed')
    await expect(bar.getByTestId('bucket-failed')).toHaveText('Failed (1)')
    await expect(resultRows(page)).toHaveCount(1)
    await expect(resultRows(page).first()).toContainText(other)

    // Then the other one: select it, retry, and the deployment succeeds.
    await resultRows(page).first().click()
    await bar.getByTestId('client-action-deploy-retry').click()
    await expect(bar.getByTestId('bucket-installed')).toHaveText('Installed (3)', { timeout: 90_000 })
    await expect(bar.getByTestId('bucket-failed')).toHaveText('Failed (0)')
    await expect(bar.getByTestId('deployment-state')).toHaveText('Succeeded')
    await expect(page.getByTestId('list-empty')).toContainText('No client is failed')

    // Run Logs: find the install line of a package by searching its name.
    await treeItem(page, /^Run Logs/).click()
    await expect(page.getByTestId('results-title')).toContainText('Run Logs')
    await expect(resultRows(page).first()).toBeVisible()
    const pkg = seeded.packages[0]!
    await page.getByTestId('run-logs-search').fill(pkg)
    await expect(resultRows(page).first()).toContainText(pkg)
    await expect(page.getByTestId('run-logs-count')).not.toHaveText('0 lines')
    // The search and the filter run on the server: wait until every shown line matches them.
    const allRowsContain = async (needle: string) => {
      const texts = await resultRows(page).allInnerTexts()
      expect(texts.length).toBeGreaterThan(0)
      for (const text of texts) expect(text.toLowerCase()).toContain(needle.toLowerCase())
    }
    await expect(() => allRowsContain(pkg)).toPass({ timeout: 15_000 })
    // The computer filter alone: every line is that computer's (it was retried, so it has lines).
    await page.getByTestId('run-logs-search').fill('')
    await page.getByTestId('run-logs-computer').selectOption({ label: broken })
    await expect(() => allRowsContain(broken)).toPass({ timeout: 15_000 })

    // Reporting: a report draws its chart and exports CSV.
    await treeItem(page, /^Reporting/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Compliance by collection/).click()
    await expect(page.getByTestId('report-chart')).toBeVisible()
    await expect(page.getByTestId('report-chart').locator('svg rect').first()).toBeVisible()
    await expect(resultRows(page).filter({ hasText: 'Pilot' })).toHaveCount(1)
    const download = page.waitForEvent('download')
    await page.getByTestId('report-export').click()
    const file = await download
    expect(file.suggestedFilename()).toBe('compliance-by-collection.csv')
    const csv = readFileSync((await file.path())!, 'utf8')
    expect(csv.split('\r\n')[0]).toContain('Collection')
    expect(csv).toMatch(/Pilot,3,/)
  })
})
