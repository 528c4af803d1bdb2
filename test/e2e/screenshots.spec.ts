import type { Page } from '@playwright/test'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startLabFleet } from '../../main/clients/lab'
import type { Transport } from '../../shared/contract'
import { addLabClients, writeLabKey } from '../support/lab-clients'
import { sshdSkipReason, startSshd } from '../support/sshd'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'
import * as wizardRepo from '../main/core/wizard/repo'
import { openWizard, seedWizardSite } from './wizard-seed'

const out = (name: string) => `assets/screenshots/${name}.png`

const fleet: [string, string, 'debian' | 'rhel' | 'windows' | 'suse', string, string[]][] = [
  ['web-01', '127.0.10.11', 'debian', 'Debian 12 (bookworm)', []],
  ['web-02', '127.0.10.12', 'debian', 'Debian 12 (bookworm)', []],
  ['web-03', '127.0.10.13', 'debian', 'Ubuntu 24.04 LTS', []],
  ['web-04', '127.0.10.14', 'debian', 'Ubuntu 24.04 LTS', []],
  ['web-05', '127.0.10.15', 'debian', 'Debian 12 (bookworm)', []],
  ['web-06', '127.0.10.16', 'debian', 'Debian 11 (bullseye)', []],
  ['app-01', '127.0.11.21', 'rhel', 'Rocky Linux 9.4', []],
  ['app-02', '127.0.11.22', 'rhel', 'Rocky Linux 9.4', []],
  ['db-01', '127.0.20.31', 'rhel', 'RHEL 9.4', []],
  ['db-02', '127.0.20.32', 'suse', 'SLES 15 SP6', []],
  ['files-01', '127.0.30.41', 'windows', 'Windows Server 2022', []],
  ['dc-01', '127.0.30.42', 'windows', 'Windows Server 2019', []],
  ['ws-0101', '127.0.40.51', 'windows', 'Windows 11 23H2', []],
  ['ws-0102', '127.0.40.52', 'windows', 'Windows 11 23H2', []],
  ['ws-0103', '127.0.40.53', 'windows', 'Windows 10 22H2', []],
  ['patchbay-srv', '127.0.0.2', 'debian', 'Debian 12 (bookworm)', ['site server', 'site database server']],
  ['dp-01', '127.0.0.3', 'debian', 'Debian 12 (bookworm)', ['distribution point', 'sync host']],
]

async function seedDemo(sitePath: string) {
  return withSite(sitePath, async (t) => {
    for (const [name, address, platform, osVersion, roles] of fleet)
      await t.invoke('resources:create', {
        name,
        address,
        platform,
        osVersion,
        roles: roles as never,
        user: platform === 'windows' ? 'LAB\\patchbay' : 'patchbay',
      })
    const linux = await t.invoke('collections:create', {
      name: 'Linux servers',
      comment: 'Every Linux server outside the site systems',
      rules: [
        {
          kind: 'query',
          effect: 'include',
          name: 'Linux',
          conditions: [{ attribute: 'osFamily', operator: 'equals', value: 'linux' }],
        },
        {
          kind: 'query',
          effect: 'exclude',
          name: 'Not site systems',
          conditions: [{ attribute: 'name', operator: 'like', value: 'patchbay-*' }],
        },
      ],
    })
    const web = await t.invoke('collections:create', {
      name: 'Web tier',
      comment: 'Front-end web servers (apt)',
      parentId: linux.id,
      rules: [
        {
          kind: 'query',
          effect: 'include',
          name: 'Web servers by name',
          conditions: [
            { attribute: 'name', operator: 'like', value: 'web-*' },
            { attribute: 'address', operator: 'inRange', value: '127.0.10.0/24' },
          ],
        },
      ],
    })
    await t.invoke('collections:create', {
      name: 'Pilot workstations',
      comment: 'Early ring for Windows updates',
      rules: [
        { kind: 'direct', effect: 'include', resourceId: 13 },
        { kind: 'direct', effect: 'include', resourceId: 14 },
      ],
    })
    const agent = await t.invoke('packages:create', {
      name: 'Patchbay Agent',
      version: '7.2.1',
      manufacturer: 'Patchbay Labs',
      language: 'English',
      comment: 'Inventory and state-message helper',
      sourcePath: '/srv/packages/patchbay-agent-7.2.1',
      sendingPriority: 'high',
    })
    await t.invoke('programs:create', {
      packageId: agent.id,
      name: 'Install (apt)',
      commandLine: 'apt-get install -y ./patchbay-agent_7.2.1_amd64.deb',
      platform: 'linux',
      afterRunning: 'no-action',
      maxRunMinutes: 30,
    })
    await t.invoke('programs:create', {
      packageId: agent.id,
      name: 'Install (MSI)',
      commandLine: 'msiexec /i PatchbayAgent-7.2.1.msi /qn /norestart',
      platform: 'windows',
      afterRunning: 'patchbay-restarts',
      maxRunMinutes: 60,
    })
    await t.invoke('programs:create', {
      packageId: agent.id,
      name: 'Uninstall',
      commandLine: 'apt-get remove -y patchbay-agent',
      platform: 'linux',
      runWindow: 'hidden',
    })
    const tools = await t.invoke('packages:create', {
      name: 'Admin Tools',
      version: '2025.1',
      manufacturer: 'Sysinternals',
      sourcePath: '\\\\dp-01\\packages\\admin-tools',
      sendingPriority: 'low',
    })
    await t.invoke('programs:create', {
      packageId: tools.id,
      name: 'Copy tools',
      commandLine: 'robocopy . C:\\Tools /E',
      platform: 'windows',
    })
    const start = new Date()
    start.setDate(start.getDate() + 1)
    start.setHours(22, 0, 0, 0)
    const expiry = new Date(start)
    expiry.setDate(expiry.getDate() + 30)
    const ad = await t.invoke('advertisements:create', {
      name: 'Patchbay Agent to web tier',
      comment: 'Mandatory overnight install, reruns if it failed',
      packageId: agent.id,
      programName: 'Install (apt)',
      collectionId: web.id,
      availableAt: start.toISOString(),
      expiresAt: expiry.toISOString(),
      mandatory: true,
      assignments: [
        { startAt: new Date(start.getTime() + 3600_000).toISOString(), recurEvery: 1, recurUnit: 'weeks' },
        {
          startAt: new Date(start.getTime() + 7 * 86400_000).toISOString(),
          recurEvery: null,
          recurUnit: null,
        },
      ],
      rerun: 'if-failed',
    })
    await t.invoke('advertisements:create', {
      name: 'Admin tools to pilots',
      packageId: tools.id,
      programName: 'Copy tools',
      collectionId: 'LAB00001',
      availableAt: start.toISOString(),
    })
    return { web, linux, agent, ad }
  })
}

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0)
  await page.waitForTimeout(400)
  await page.screenshot({ path: out(name) })
}

test('console screenshots for the README', async ({ page, site }) => {
  test.setTimeout(120_000)
  const { web, agent, ad } = await seedDemo(site.sitePath)
  await openConsole(page, await site.launch())

  // 1. Tree with a collection's members and the details pane.
  await treeItem(page, /^Linux servers/).click()
  await page.keyboard.press('ArrowRight')
  await treeItem(page, /^Web tier/).click()
  await expect(resultRows(page)).toHaveCount(6)
  await page.getByRole('columnheader', { name: 'Name' }).click()
  await resultRows(page).nth(1).click()
  await shot(page, 'collection-members')

  // 2. Collection properties: Membership Rules with a query rule and its preview.
  await treeItem(page, /^Web tier/).click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Properties' }).click()
  const cd = page.getByTestId('collection-dialog')
  await cd.getByRole('tab', { name: 'Membership Rules' }).click()
  await cd.getByTestId('rule-item').first().click()
  await cd.getByRole('button', { name: 'Edit' }).click()
  await cd.getByTestId('rule-preview').click()
  await expect(cd.getByTestId('preview-item')).toHaveCount(6)
  await shot(page, 'collection-membership-rules')
  await cd.getByRole('button', { name: 'Cancel' }).last().click()
  await page.keyboard.press('Escape')
  await expect(cd).toBeHidden()

  // 3. Package properties with its programs.
  await treeItem(page, /^Patchbay Agent/).click()
  await page.getByRole('button', { name: 'Properties' }).click()
  const pd = page.getByTestId('package-dialog')
  await pd.getByRole('tab', { name: /Programs/ }).click()
  await pd.getByTestId('program-item').first().click()
  await shot(page, 'package-programs')
  await pd.getByTestId('program-item').first().dblclick()
  const prog = page.getByTestId('program-dialog')
  await prog.getByRole('tab', { name: 'Environment' }).click()
  await shot(page, 'program-environment')
  await page.keyboard.press('Escape')
  await expect(prog).toBeHidden()
  await page.keyboard.press('Escape')
  await expect(pd).toBeHidden()

  // 4. Advertisement properties: schedule.
  await treeItem(page, /^Advertisements/).click()
  await page.getByTestId('results-list').locator(`[data-key="advertisement:${ad.id}"]`).dblclick()
  const adDlg = page.getByTestId('advertisement-dialog')
  await adDlg.getByRole('tab', { name: 'Schedule' }).click()
  await shot(page, 'advertisement-schedule')
  await page.keyboard.press('Escape')
  await expect(adDlg).toBeHidden()

  // 5. An empty-state node.
  await treeItem(page, /^Software Updates/).click()
  await page.keyboard.press('ArrowRight')
  await treeItem(page, /^Update Repository/).click()
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await shot(page, 'empty-state')

  // 6. Dark theme: packages view of the agent with the context menu open.
  await page.getByTestId('theme-toggle').click()
  await treeItem(page, /^Clients/).click()
  await resultRows(page).nth(3).click()
  await resultRows(page)
    .nth(6)
    .click({ modifiers: ['Shift'] })
  await resultRows(page).nth(6).click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'All Tasks' }).hover()
  await expect(page.getByRole('menuitem', { name: 'Add to Collection…' })).toBeVisible()
  await shot(page, 'dark-theme')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')

  // 7. System status messages.
  await treeItem(page, /^System Status/).click()
  await page.keyboard.press('ArrowRight')
  await treeItem(page, /^Status Messages/).click()
  await shot(page, 'status-messages')
  void web
  void agent
})

/** Waits for a job started in-process to finish (withSite closes the services afterwards). */
async function finish(t: Transport, id: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const job = await t.invoke('jobs:get', { id })
    if (job.state !== 'running' && job.state !== 'queued') return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${id} did not finish`)
}

test('client job, update and Resource Explorer screenshots', async ({ page, site }) => {
  test.skip(sshdSkipReason() !== null, 'needs a private sshd')
  test.setTimeout(240_000)
  const fleet = await startLabFleet({
    hosts: 36,
    seed: 3,
    slowDelayMs: 6000,
    faults: { unreachable: 0.06, authFailure: 0.03, slow: 0.12 },
  })
  const sshd = await startSshd()
  try {
    const keyFile = writeLabKey(fleet, site.dir)
    const realKey = join(site.dir, 'id_ed25519')
    writeFileSync(realKey, sshd.privateKey, { mode: 0o600 })
    const { real, untrusted } = await withSite(site.sitePath, async (t) => {
      const ids = await addLabClients(t, fleet.hosts, keyFile)
      const r = await t.invoke('resources:create', {
        name: 'this-machine',
        address: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        authMethod: 'key',
        identityFile: realKey,
      })
      // Every host but two has been connected to before (keys trusted); the two show the consent dialog.
      const trusted = [...ids.slice(2), r.id]
      const job = await t.invoke('clients:connect', {
        targets: { resourceIds: trusted },
        trustNewHostKeys: true,
      })
      await finish(t, job.id)
      const inv = await t.invoke('clients:inventory', { targets: { resourceIds: [r.id] } })
      await finish(t, inv.id)
      return { real: r, untrusted: ids.slice(0, 2) }
    })
    void untrusted
    await openConsole(page, await site.launch())

    // 1. Job Progress mid-way: a forced scan of All Systems (slow hosts keep it running a few seconds).
    await treeItem(page, /^All Systems/).click()
    await page.getByTestId('toolbar-scan').click()
    const job = page.getByTestId('job-dialog')
    await expect(job.getByTestId('job-count')).toContainText(/^([1-9]\d*) of 37 hosts done/)
    await page.waitForTimeout(300)
    await page.screenshot({ path: out('job-progress-running') })

    // 2. Finished: summary, a failure expanded.
    await expect(job.getByTestId('job-summary')).toBeVisible({ timeout: 60_000 })
    await job.getByRole('combobox', { name: 'Show hosts' }).selectOption('failed')
    await job
      .getByTestId('job-host')
      .nth(2)
      .getByRole('button', { name: /Show output/ })
      .click()
    await shot(page, 'job-progress-finished')
    await job.getByRole('combobox', { name: 'Show hosts' }).selectOption('all')

    // 3. Host-key consent for the two hosts never connected to.
    await job.getByTestId('trust-all-keys').click()
    const consent = page.getByTestId('host-key-dialog')
    await expect(consent.getByTestId('host-key-entry')).toHaveCount(2)
    await shot(page, 'host-key-consent')
    await consent.getByTestId('host-key-trust').click()
    await consent.getByTestId('host-key-rerun').click()
    await expect(page.getByTestId('job-dialog').getByTestId('job-summary')).toBeVisible({ timeout: 60_000 })
    await page.getByTestId('job-dialog').getByTestId('job-close').click()

    // 4. Update Repository with live counts and the details pane.
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Update Repository/).click()
    await page.locator('[data-column-id="required"]').click()
    await page.locator('[data-column-id="required"]').click()
    await resultRows(page).nth(2).click()
    await shot(page, 'update-repository')

    // 5. Resource Explorer of the real client: Hardware, Software, Software Updates.
    const origin = new URL(page.url()).origin
    await page.goto(`${origin}/#/resource/${real.id}`)
    await expect(page.getByTestId('hardware-general')).toBeVisible()
    await shot(page, 'resource-explorer-hardware')
    await page.getByTestId('explorer-node-software').click()
    await page.getByTestId('software-filter').fill('lib')
    await shot(page, 'resource-explorer-software')
    await page.getByTestId('software-filter').fill('')
    await page.getByTestId('explorer-node-updates').click()
    await page.getByTestId('client-updates').getByTestId('explorer-row').nth(1).click()
    await expect(page.getByTestId('state-history').getByTestId('explorer-row').first()).toBeVisible()
    await shot(page, 'resource-explorer-updates')

    // 6. A client's Access tab.
    await page.goto(origin)
    await treeItem(page, /^Clients/).click()
    await page.getByRole('textbox', { name: 'Filter', exact: true }).fill('this-machine')
    await resultRows(page).first().click()
    await page.keyboard.press('Enter')
    await page.getByTestId('resource-dialog').getByRole('tab', { name: 'Access' }).click()
    await shot(page, 'resource-access')
  } finally {
    await sshd.stop()
    await fleet.stop()
  }
})

test('catalog, compliance, update list, search folder and template screenshots', async ({ page, site }) => {
  test.setTimeout(180_000)
  const { startDebRepo, LAB_BOOKWORM_SECURITY } = await import('../main/core/wizard/repo')
  const { seedScannedCollection, allTasks, consoleApi } = await import('./approvals-seed')
  const repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
  const labFleet = await startLabFleet({ hosts: 6, seed: 11, windowsShare: 0 })
  try {
    const { collectionId } = await seedScannedCollection(site.sitePath, site.dir, labFleet)
    await withSite(site.sitePath, async (t) => {
      await t.invoke('catalog:sources-add', {
        name: 'debian-security',
        baseUrl: repo.baseUrl,
        suite: repo.suite,
        allowUnsigned: true,
      })
      await t.invoke('catalog:sync', { sourceName: 'debian-security' })
      await t.invoke('catalog:schedule', { sourceName: 'debian-security', intervalMinutes: 360 })
      const required = await t.invoke('updates:search', { minRequired: 1 })
      await t.invoke('approvals:approve', { collectionId, updateIds: required.slice(0, 4).map((u) => u.id) })
      await t.invoke('compliance:check', { collectionId })
      const list = await t.invoke('updatelists:create', {
        name: 'June baseline',
        comment: 'Reviewed on patch Tuesday',
        updateIds: required.slice(0, 6).map((u) => u.id),
      })
      await t.invoke('updaterules:create', {
        name: 'Security updates older than a week',
        listId: list.id,
        criteria: { classifications: ['Security Updates'], minAgeDays: 7 },
      })
      await t.invoke('searchfolders:create', { name: 'Required by 2+ clients', criteria: { minRequired: 2 } })
      await t.invoke('searchfolders:create', { name: 'OpenSSL', criteria: { text: 'ssl' } })
      await t.invoke('templates:create', {
        name: 'Servers — patch Tuesday',
        settings: { durationHours: 168, deadlineOffsetHours: 48, suppressRestartServers: true },
      })
    })
    await openConsole(page, await site.launch())
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')

    await treeItem(page, /^Catalog Sources/).click()
    await page.keyboard.press('ArrowRight')
    await expect(resultRows(page).first()).toContainText('debian-security')
    await shot(page, 'catalog-sources')
    await treeItem(page, /^Sync History/).click()
    await expect(resultRows(page).first()).toContainText('Succeeded')
    await shot(page, 'catalog-sync-history')
    await page.getByTestId('catalog-sync').click()
    await expect(page.getByTestId('task-progress')).toHaveAttribute('data-state', 'succeeded')
    await shot(page, 'catalog-sync-progress')
    await page.getByTestId('sync-dialog').getByTestId('dialog-ok').click()

    await allTasks(page, treeItem(page, /^Compliance/), 'Check Compliance')
    await treeItem(page, /^Compliance/).click()
    await expect(resultRows(page).first()).toContainText('Opened')
    await resultRows(page).nth(0).click()
    await resultRows(page)
      .nth(1)
      .click({ modifiers: ['Control'] })
    await page.getByTestId('rec-approve').click()
    await expect(page.getByTestId('status-notice')).toContainText('set to Approved')
    await resultRows(page).nth(3).click()
    await shot(page, 'recommendations-by-computer')
    await resultRows(page).nth(0).click()
    await page.getByTestId('remediate-schedule').click()
    await expect(page.getByTestId('remediation-schedule-dialog')).toBeVisible()
    await shot(page, 'remediation-schedule')
    await page.keyboard.press('Escape')
    await page.getByTestId('view-by-recommendation').click()
    await shot(page, 'recommendations-by-update')

    await treeItem(page, /^Update Lists/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^June baseline/).click()
    await expect(page.getByTestId('list-compliance')).toBeVisible()
    await page.getByRole('button', { name: 'Properties…' }).click()
    await page.getByTestId('list-properties-dialog').getByRole('tab', { name: 'Compliance' }).click()
    await shot(page, 'update-list-properties')
    await page.keyboard.press('Escape')

    await expect(page.getByTestId('list-properties-dialog')).toBeHidden()
    await treeItem(page, /^Search Folders/).click()
    await treeItem(page, /^Search Folders/).press('ArrowRight')
    const folder = (await consoleApi(page, 'searchfolders:list', {})).find((f) =>
      f.name.startsWith('Required'),
    )
    await treeItem(page, new RegExp(`^Required by 2\\+ clients \\(${folder!.count}\\)`)).click()
    await shot(page, 'search-folder-counts')

    await treeItem(page, /^Deployment Templates/).click()
    await resultRows(page).first().dblclick()
    await expect(page.getByTestId('template-dialog')).toBeVisible()
    await shot(page, 'deployment-template')
  } finally {
    await labFleet.stop()
    await repo.close()
  }
})

test('Distribute Software Updates wizard screenshots', async ({ page, site }) => {
  test.skip(wizardRepo.debRepoSkipReason() !== null, 'dpkg-deb / dpkg-scanpackages missing')
  test.setTimeout(180_000)
  const repo = await wizardRepo.startDebRepo(wizardRepo.LAB_BOOKWORM_SECURITY)
  const labFleet = await startLabFleet({ hosts: 4, seed: 3, windowsShare: 0 })
  try {
    await seedWizardSite(site.sitePath, site.dir, labFleet, repo)
    const snapshot = join(site.dir, 'catalog.snapshot')
    await withSite(site.sitePath, async (t) => {
      await t.invoke('catalog:export-snapshot', { out: snapshot })
      await t.invoke('templates:create', {
        name: 'Servers — patch Tuesday',
        settings: { suppressRestartServers: true, deadlineOffsetHours: 48 },
      })
    })
    await openConsole(page, await site.launch())
    let w = await openWizard(page)
    const title = w.getByTestId('wizard-title')
    const next = w.getByRole('button', { name: 'Next' })
    await next.click()
    await next.click()
    await w.getByRole('textbox', { name: 'Package name' }).fill('Bookworm security 2025-06')
    await next.click()
    await w.getByRole('textbox', { name: 'Publisher (organization)' }).fill('Lab IT')
    await next.click()
    await next.click()
    await expect(title).toHaveText('Select Updates')
    const rows = w.locator('[data-testid="wizard-update-row"]:not([data-files="0"])')
    const count = await rows.count()
    for (let i = 0; i < count; i++) await rows.nth(i).getByRole('checkbox').check()
    await rows.first().click()
    await shot(page, 'wizard-select-updates')
    await next.click()
    const folder = join(site.dir, 'packages', 'bookworm-security')
    await w.getByRole('textbox', { name: 'Package source folder' }).fill(folder)
    await next.click()
    await expect(w.getByTestId('task-progress')).toHaveAttribute('data-state', 'succeeded', {
      timeout: 60_000,
    })
    // One file damaged after the download: the status page names it.
    const damaged = readdirSync(folder).sort()[0]!
    const original = readFileSync(join(folder, damaged))
    writeFileSync(join(folder, damaged), 'not the package')
    await next.click()
    await expect(title).toHaveText('Software Updates Status')
    await expect(w.getByTestId('wizard-ready-count')).toHaveText(`${count - 1} of ${count} ready`)
    await shot(page, 'wizard-status')
    writeFileSync(join(folder, damaged), original)
    await w.getByRole('button', { name: 'Refresh' }).click()
    await expect(w.getByTestId('wizard-ready-count')).toHaveText(`${count} of ${count} ready`)
    await next.click()
    await expect(title).toHaveText('Distribution Points')
    await next.click()
    await expect(title).toHaveText('Installation Agent')
    await w.getByTestId('wizard-template').selectOption({ label: 'Servers — patch Tuesday' })
    await expect(w.getByRole('radio', { name: 'Servers', exact: true })).toBeChecked()
    await shot(page, 'wizard-installation-agent')
    await next.click()
    await expect(title).toHaveText('User Notification')
    await shot(page, 'wizard-user-notification')
    await next.click()
    await expect(title).toHaveText('Summary')
    await shot(page, 'wizard-summary')
    await w.getByRole('button', { name: 'Finish' }).click()
    await expect(title).toHaveText('Completion', { timeout: 30_000 })
    await shot(page, 'wizard-completion')
    await w.getByRole('button', { name: 'Close' }).click()
    await expect(w).toBeHidden()

    w = await openWizard(page)
    await w.getByRole('radio', { name: 'Build an offline bundle from a catalog snapshot' }).check()
    await w.getByRole('textbox', { name: 'Catalog snapshot file' }).fill(snapshot)
    await next.click()
    await next.click()
    await expect(title).toHaveText('Select Updates')
    await w.getByRole('checkbox', { name: 'Select all' }).check()
    await next.click()
    await expect(title).toHaveText('Offline Bundle')
    await w.getByRole('textbox', { name: 'Package name in the bundle' }).fill('Bookworm security (offline)')
    await w.getByRole('textbox', { name: 'Bundle file' }).fill('/media/usb/bookworm-security.pbundle')
    await w.getByRole('textbox', { name: /Signing key/ }).fill('/home/admin/.patchbay/keys/bundle.key')
    await shot(page, 'wizard-offline-bundle')
  } finally {
    await labFleet.stop()
    await repo.close()
  }
})

test('deployment management, drill-down, maintenance window and report screenshots', async ({
  page,
  site,
}) => {
  test.setTimeout(180_000)
  const { seedDeploymentSite } = await import('./deployments-seed')
  const { fleet: lab, collectionId, packages } = await seedDeploymentSite(site, 6)
  try {
    await lab.setFault(lab.hosts[1]!.name, 'unreachable')
    await lab.setFault(lab.hosts[4]!.name, 'unreachable')
    await withSite(site.sitePath, async (t) => {
      const lists = await t.invoke('updatelists:list', {})
      const d = await t.invoke('deploy:create', {
        name: 'Pilot ring — March',
        collectionId,
        updateListId: lists[0]!.id,
        deadline: new Date().toISOString(),
        settings: { maxAttempts: 1 },
      })
      await t.invoke('deploy:run', { id: d.id, start: true })
      await t.invoke('deploy:wait', { id: d.id })
      await t.invoke('deploy:create', {
        name: 'Servers — optional',
        collectionId,
        updateListId: lists[0]!.id,
        settings: { maintenanceWindows: 'honour' },
      })
      await t.invoke('windows:create', {
        collectionId,
        name: 'Patch Thursday',
        start: '2025-01-01T22:00',
        timeZone: 'Europe/Berlin',
        durationMinutes: 180,
        recurrence: { kind: 'monthly-weekday', every: 1, week: 2, weekday: 2, offsetDays: 2 },
      })
    })
    await page.setViewportSize({ width: 1400, height: 760 })
    await openConsole(page, await site.launch())
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Deployment Management/).click()
    await expect(resultRows(page)).toHaveCount(2)
    const pilot = resultRows(page).filter({ hasText: 'Pilot ring' })
    await expect(pilot.getByTestId('count-failed')).toHaveText('2')
    await pilot.click()
    await shot(page, 'deployment-management')

    await pilot.getByTestId('count-failed').click()
    await expect(resultRows(page)).toHaveCount(2)
    await resultRows(page).first().click()
    await resultRows(page)
      .nth(1)
      .click({ modifiers: ['Control'] })
    await shot(page, 'deployment-drilldown')

    await treeItem(page, /^Run Logs/).click()
    await expect(resultRows(page).first()).toBeVisible()
    await page.getByTestId('run-logs-search').fill(packages[0]!)
    await expect(resultRows(page).first()).toContainText(packages[0]!)
    await shot(page, 'deployment-run-logs')
    await page.getByTestId('run-logs-search').fill('')

    await treeItem(page, /^Deployment Management/).click()
    await resultRows(page).filter({ hasText: 'Servers — optional' }).click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Run Now…' }).click()
    await expect(page.getByTestId('run-dialog')).toBeVisible()
    await page.getByTestId('run-duration').fill('120')
    await shot(page, 'deployment-run-now')
    await page.getByTestId('run-dialog').getByRole('button', { name: 'Cancel' }).click()

    await page.getByRole('button', { name: 'New menu' }).click()
    await page.getByTestId('new-deployment').click()
    await expect(page.getByTestId('deployment-dialog')).toBeVisible()
    await page.getByTestId('deployment-dialog').getByRole('tab', { name: 'Schedule and Windows' }).click()
    await shot(page, 'deployment-new')
    await page.keyboard.press('Escape')

    await treeItem(page, /^Collections/).click()
    await resultRows(page).filter({ hasText: 'Pilot' }).dblclick()
    const props = page.getByTestId('collection-dialog')
    await props.getByRole('tab', { name: 'Maintenance Windows' }).click()
    await expect(props.getByTestId('window-row')).toHaveCount(1)
    await expect(props.getByTestId('collection-next-window')).not.toContainText('…')
    await shot(page, 'collection-maintenance-windows')
    await props.getByTestId('window-row').dblclick()
    await expect(page.getByTestId('window-dialog')).toBeVisible()
    await shot(page, 'maintenance-window-dialog')
    await page.getByTestId('window-dialog').getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByTestId('window-dialog')).toBeHidden()
    await props.locator('button', { hasText: 'Cancel' }).click()
    await expect(props).toBeHidden()

    await treeItem(page, /^Reporting/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Deployment history/).click()
    await expect(page.getByTestId('report-chart').first()).toBeVisible()
    await shot(page, 'report-deployment-history')
    await treeItem(page, /^Scan 1/).click()
    await expect(page.getByTestId('report-chart').first()).toBeVisible()
    await treeItem(page, /^Compliance by update$/).click()
    await expect(page.getByTestId('report-chart').first()).toBeVisible()
    await shot(page, 'report-compliance-by-update')
  } finally {
    await lab.stop()
  }
})

test('advertisement status screenshot', async ({ page, site }) => {
  test.setTimeout(120_000)
  const { seedAdvertisementSite } = await import('./advertisements-seed')
  const { fleet: lab } = await seedAdvertisementSite(site, 5)
  try {
    await lab.setFault(lab.hosts[3]!.name, 'unreachable')
    await page.setViewportSize({ width: 1400, height: 860 })
    await openConsole(page, await site.launch())
    await treeItem(page, /^Advertisements/).click()
    await resultRows(page).first().click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Run Advertisement Now' }).click()
    const dlg = page.getByTestId('ad-status-dialog')
    await expect(dlg.getByTestId('ad-bucket-failed')).toHaveText('Failed (1)', { timeout: 90_000 })
    await dlg.getByTestId('dialog-close').click()
    await treeItem(page, /^System Status/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Advertisement Status/).click()
    await resultRows(page).first().getByTestId('ad-count-failed').click()
    await expect(dlg.getByTestId('ad-status-client')).toHaveCount(1)
    await shot(page, 'advertisement-status')
  } finally {
    await lab.stop()
  }
})

test('import clients, lab fleet and webhooks screenshots', async ({ page, site }) => {
  test.setTimeout(120_000)
  const hosts = join(site.dir, 'inventory.ini')
  writeFileSync(
    hosts,
    '[web]\nweb-11 ansible_host=127.0.12.11\nweb-12 ansible_host=127.0.12.12\n\n[db]\ndb-11 ansible_host=127.0.12.21 ansible_port=2222\n',
  )
  await openConsole(page, await site.launch())
  const file = page.getByRole('navigation', { name: 'Menu bar' }).getByRole('button', { name: 'File' })

  await file.click()
  await page.getByRole('menuitem', { name: 'Import Clients…' }).click()
  const importing = page.getByTestId('client-import-dialog')
  await importing.getByLabel('File').fill(hosts)
  await importing.getByLabel('Format').selectOption('ansible')
  await importing.getByLabel('Also add every client to collection').fill('Imported')
  await importing.getByRole('button', { name: 'Import' }).click()
  await expect(importing.getByTestId('client-import-result')).toContainText('3 clients added')
  await shot(page, 'client-import')
  await importing.getByRole('button', { name: 'Close' }).click()

  await file.click()
  await page.getByRole('menuitem', { name: 'Lab Fleet (simulated)…' }).click()
  const lab = page.getByTestId('lab-dialog')
  await expect(lab.getByTestId('lab-state')).toHaveText('Not running')
  await lab.getByLabel('Hosts').fill('12')
  await lab.getByLabel('Faults').fill('unreachable=0.1,slow=0.1')
  await lab.getByRole('button', { name: 'Start Fleet' }).click()
  await expect(lab.getByTestId('lab-state')).toHaveText('Running')
  await shot(page, 'lab-fleet')
  await lab.getByRole('button', { name: 'Stop Fleet' }).click()
  await lab.getByRole('button', { name: 'Close' }).click()

  await withSite(site.sitePath, async (t) => {
    await t.invoke('deploy:webhooks-add', { url: 'https://tickets.example.invalid/patchbay', secret: '' })
    await t.invoke('deploy:webhooks-add', { url: 'https://chat.example.invalid/hooks/ops', secret: '' })
  })
  await file.click()
  await page.getByRole('menuitem', { name: 'Webhooks…' }).click()
  await expect(page.getByTestId('webhooks-dialog').getByTestId('webhook-row')).toHaveCount(2)
  await shot(page, 'webhooks')
})
