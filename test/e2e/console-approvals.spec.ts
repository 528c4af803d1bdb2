import { startLabFleet } from '../../main/clients/lab'
import { debRepoSkipReason, LAB_BOOKWORM_SECURITY, startDebRepo } from '../main/core/wizard/repo'
import { allTasks, seedScannedCollection } from './approvals-seed'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'

test('approve updates for a collection, run a compliance check, approve a recommendation', async ({
  page,
  site,
}) => {
  test.setTimeout(180_000)
  const fleet = await startLabFleet({ hosts: 3, seed: 11, windowsShare: 0 })
  try {
    const { collectionId, names } = await seedScannedCollection(site.sitePath, site.dir, fleet)
    await openConsole(page, await site.launch())

    // Updates reported by a scan but in no catalog source are marked as such.
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Update Repository/).click()
    await page.getByTestId('filter-state').selectOption('required')
    await expect(resultRows(page).first()).toContainText('Reported by clients')

    // Approve the first two required updates for Patches_DE.
    await resultRows(page).nth(0).click()
    await resultRows(page)
      .nth(1)
      .click({ modifiers: ['Shift'] })
    const titles = [
      await resultRows(page).nth(0).getByRole('gridcell').first().innerText(),
      await resultRows(page).nth(1).getByRole('gridcell').first().innerText(),
    ]
    await allTasks(page, resultRows(page).nth(1), 'Approve for Collection…')
    const approve = page.getByTestId('approve-dialog')
    await expect(approve.getByTestId('approve-updates')).toContainText(titles[0]!)
    await approve.getByRole('combobox', { name: 'Collection' }).selectOption(collectionId)
    await approve.getByTestId('dialog-ok').click()
    await expect(approve).toBeHidden()
    await expect(page.getByTestId('status-notice')).toContainText('Approved 2 updates for Patches_DE')

    // Check Compliance from the collection's All Tasks: recommendations open for exactly the approved updates.
    await treeItem(page, /^Collections/).click()
    await allTasks(page, treeItem(page, /^Patches_DE/), 'Check Compliance')
    await expect(page.getByTestId('status-notice')).toContainText('Compliance check of Patches_DE')
    await allTasks(page, treeItem(page, /^Patches_DE/), 'View Recommendations')
    await expect(page.getByTestId('results-title')).toContainText('Patches_DE')
    await expect(page.getByTestId('results-title')).toContainText('View by Computer')
    const rows = resultRows(page)
    await expect(rows.first()).toBeVisible()
    const count = await rows.count()
    expect(count).toBeGreaterThanOrEqual(2)
    for (let i = 0; i < count; i++) {
      const text = await rows.nth(i).innerText()
      expect(text).toContain('Opened')
      expect(titles.some((t) => text.includes(t))).toBe(true)
      expect(names.some((n) => text.includes(n))).toBe(true)
    }

    // Approve one recommendation with the keyboard (A), another with the button.
    await rows.first().click()
    await page.keyboard.press('a')
    await expect(page.getByTestId('status-notice')).toContainText('1 recommendation set to Approved')
    await page.getByTestId('recommendation-state').selectOption('Approved')
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toContainText('Approved')
    await page.getByTestId('recommendation-state').selectOption('Opened')
    await expect(rows).toHaveCount(count - 1)
    await rows.first().click()
    await page.getByTestId('rec-ignore').click()
    await expect(page.getByTestId('status-notice')).toContainText('1 recommendation set to Ignored')
    await expect(rows).toHaveCount(count - 2)

    // View by Recommendation counts the same states per update.
    await page.getByTestId('recommendation-state').selectOption('all')
    await page.getByTestId('view-by-recommendation').click()
    await expect(page.getByTestId('results-title')).toContainText('View by Recommendation')
    await expect(rows).toHaveCount(2)
    const approvedCells = await page.locator('[data-testid="result-row"]').allInnerTexts()
    expect(approvedCells.join('\n')).toMatch(/Install the required software/)

    // Run Scan and Check: a scan job in the job progress dialog, then the check.
    await page.getByTestId('compliance-scan-and-check').click()
    const job = page.getByTestId('job-dialog')
    await expect(job.getByTestId('job-summary')).toContainText(
      `${names.length} of ${names.length} succeeded`,
      {
        timeout: 60_000,
      },
    )
    await job.getByTestId('job-close').click()
    await expect(page.getByTestId('compliance-totals')).toContainText('2 approved updates')
    await expect(page.getByTestId('compliance-totals')).not.toContainText('last check never')

    // Run Now on the Approved recommendation: one deployment of that update to that computer; it goes Implemented.
    await page.getByTestId('view-by-computer').click()
    await page.getByTestId('recommendation-state').selectOption('Approved')
    await expect(rows).toHaveCount(1)
    await rows.first().click()
    await page.getByTestId('remediate-run').click()
    await expect(page.getByTestId('status-notice')).toContainText(
      /Deployment \w+: 1 update to 1 computer, running now/,
    )
    await page.getByTestId('recommendation-state').selectOption('Implemented')
    await expect(rows).toHaveCount(1, { timeout: 60_000 })

    // Schedule… on the Ignored one, which is not Approved: the dialog says why nothing was scheduled.
    await page.getByTestId('recommendation-state').selectOption('Ignored')
    await expect(rows).toHaveCount(1)
    await rows.first().click()
    await page.getByTestId('remediate-schedule').click()
    const schedule = page.getByTestId('remediation-schedule-dialog')
    await schedule.getByTestId('dialog-ok').click()
    await expect(schedule).toContainText('None of the chosen recommendations is Approved; approve them first')
    await page.keyboard.press('Escape')
  } finally {
    await fleet.stop()
  }
})

test('Synchronize Now shows each fetched index with its bytes, then the write, and the sync in the history', async ({
  page,
  site,
}) => {
  test.skip(debRepoSkipReason() !== null, 'dpkg-deb / dpkg-scanpackages missing')
  const repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
  try {
    await withSite(site.sitePath, (t) =>
      t.invoke('catalog:sources-add', {
        name: 'security',
        baseUrl: repo.baseUrl,
        suite: repo.suite,
        allowUnsigned: true,
      }),
    )
    await openConsole(page, await site.launch())
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Catalog Sources/).click()
    await expect(resultRows(page).first()).toContainText('Never')
    await page.getByTestId('catalog-sync').click()
    const sync = page.getByTestId('sync-dialog')
    const progress = sync.getByTestId('task-progress')
    await expect(progress).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 })
    const items = sync.getByTestId('task-item')
    await expect(items.first()).toContainText(/security: (In)?Release/)
    await expect(items.filter({ hasText: /binary-amd64\/Packages/ }).first()).toContainText(/\d+(\.\d+)? KB/)
    await expect(items.last()).toContainText(`security: writing ${LAB_BOOKWORM_SECURITY.length} entries`)
    await expect(items.and(page.locator('[data-state="done"]'))).toHaveCount(await items.count())
    await expect(progress.getByRole('button', { name: 'Cancel' })).toBeHidden()
    await expect(sync.getByTestId('sync-row')).toContainText(`${LAB_BOOKWORM_SECURITY.length} new`)
    await sync.getByTestId('dialog-ok').click()
    await expect(resultRows(page).first()).toContainText(String(LAB_BOOKWORM_SECURITY.length))
    await treeItem(page, /^Catalog Sources/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Sync History/).click()
    await expect(resultRows(page).first()).toContainText('Succeeded')
  } finally {
    await repo.close()
  }
})
