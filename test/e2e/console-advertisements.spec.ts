import type { LabFleet } from '../../main/clients/lab'
import { seedAdvertisementSite } from './advertisements-seed'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'

process.env.PATCHBAY_VAULT_PASSPHRASE ??= 'e2e-vault-passphrase'

test.describe('Advertisement Status in the console against SIMULATED lab hosts', () => {
  let fleet: LabFleet | null = null
  test.afterEach(async () => {
    await fleet?.stop()
    fleet = null
  })

  test('Run Advertisement Now, watch the counts arrive, drill into Failed and read the message', async ({
    page,
    site,
  }) => {
    test.setTimeout(180_000)
    const seeded = await seedAdvertisementSite(site)
    fleet = seeded.fleet
    const broken = fleet.hosts[1]!.name
    await fleet.setFault(broken, 'unreachable')
    await openConsole(page, await site.launch())

    // Advertisements › the row › All Tasks › Run Advertisement Now.
    await treeItem(page, /^Advertisements/).click()
    await resultRows(page).filter({ hasText: 'Security scan (expedited)' }).click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Run Advertisement Now' }).click()

    // The status dialog opens on the run and its counts follow it live.
    const dlg = page.getByTestId('ad-status-dialog')
    await expect(dlg).toBeVisible()
    await expect(dlg.getByTestId('ad-bucket-succeeded')).toHaveText('Succeeded (2)', { timeout: 90_000 })
    await expect(dlg.getByTestId('ad-bucket-failed')).toHaveText('Failed (1)', { timeout: 90_000 })
    await expect(dlg.getByTestId('ad-status-state')).toContainText('Failed')
    await dlg.getByTestId('dialog-close').click()
    await expect(dlg).toBeHidden()

    // System Status › Advertisement Status: the same counts; "Failed: 1" drills to the failing client.
    await treeItem(page, /^System Status/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Advertisement Status/).click()
    const row = resultRows(page).filter({ hasText: 'Security scan (expedited)' })
    await expect(row.getByTestId('ad-count-targeted')).toHaveText('3')
    await expect(row.getByTestId('ad-count-received')).toHaveText('3')
    await expect(row.getByTestId('ad-count-succeeded')).toHaveText('2')
    await row.getByTestId('ad-count-failed').click()
    await expect(dlg).toBeVisible()
    await expect(dlg.getByTestId('ad-bucket-failed')).toHaveAttribute('aria-pressed', 'true')
    const clients = dlg.getByTestId('ad-status-client')
    await expect(clients).toHaveCount(1)
    await expect(clients.first()).toContainText(broken)
    await expect(clients.first()).toContainText('Failed')
    // Seed 004's status messages: 10006 names the failed client.
    const failedMsg = dlg.getByTestId('ad-status-message').filter({ hasText: '10006' })
    await expect(failedMsg).toContainText(broken)
    await expect(failedMsg).toContainText('failed')

    // Received shows every client; select two and Open Resource Explorer opens a window each.
    await dlg.getByTestId('ad-bucket-received').click()
    await expect(clients).toHaveCount(3)
    await clients.nth(0).click()
    await clients.nth(1).click({ modifiers: ['Control'] })
    await expect(dlg.getByTestId('ad-status-explorer')).toHaveText('Open Resource Explorer (2 windows)')
    await expect(dlg.getByTestId('ad-status-message').filter({ hasText: '10008' })).toHaveCount(2)
    await page.keyboard.press('Escape')
    await expect(dlg).toBeHidden()
  })
})
