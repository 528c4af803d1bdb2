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

  test('create a deployment, watch it live, drill into the failure and retry it', async ({ page, site }) => {
    test.setTimeout(180_000)
    const seeded = await seedDeploymentSite(site)
    fleet = seeded.fleet
    const broken = fleet.hosts[1]!.name
    await fleet.setFault(broken, 'unreachable')
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
    await expect(row.getByTestId('count-installed')).toHaveText('2', { timeout: 90_000 })
    await expect(row.getByTestId('count-failed')).toHaveText('1', { timeout: 90_000 })
    await expect(row).toContainText('Failed')
    await expect(row.getByTestId('deployment-progress')).toHaveAttribute('aria-valuenow', '100')

    // "Failed: 1" → the failing client with its error; select it and retry once the host is back.
    await row.getByTestId('count-failed').click()
    await expect(page.getByTestId('results-title')).toContainText('Pilot ring')
    await expect(page.getByTestId('results-title')).toContainText('› Failed')
    await expect(resultRows(page)).toHaveCount(1)
    await expect(resultRows(page).first()).toContainText(broken)
    await resultRows(page).first().click()
    const bar = page.getByTestId('deployment-clients-bar')
    await expect(bar.getByTestId('client-action-rescan')).toBeVisible()
    await expect(bar.getByTestId('client-action-resource-explorer')).toBeVisible()
    await fleet.setFault(broken, null)
    await bar.getByTestId('client-action-deploy-retry').click()
    await expect(bar.getByTestId('bucket-installed')).toHaveText('Installed (3)', { timeout: 90_000 })
    await expect(bar.getByTestId('bucket-failed')).toHaveText('Failed (0)')
    await expect(bar.getByTestId('deployment-state')).toHaveText('Succeeded')
    await expect(page.getByTestId('list-empty')).toContainText('No client is failed')
  })
})
