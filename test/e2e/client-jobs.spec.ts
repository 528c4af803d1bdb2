import { startLabFleet } from '../../main/clients/lab'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'
import { addLabClients, writeLabKey } from '../support/lab-clients'
import { sshdSkipReason, startSshd, type TestSshd } from '../support/sshd'

const skip = sshdSkipReason()
// Browser mode stores secrets in a passphrase vault; the console this spec launches gets one.
process.env.PATCHBAY_VAULT_PASSPHRASE ??= 'e2e-vault-passphrase'

/** How many packages `apt list --upgradable` reports on this machine. */
function aptUpgradableCount(): number {
  const out = execFileSync('apt', ['list', '--upgradable'], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  })
  return out.split('\n').filter((l) => /\[upgradable from: /.test(l)).length
}

test.describe('client jobs against a real sshd (this machine over 127.0.0.1)', () => {
  test.skip(skip !== null, skip ?? '')
  let sshd: TestSshd
  test.beforeAll(async () => {
    sshd = await startSshd()
  })
  test.afterAll(async () => {
    await sshd?.stop()
  })

  test('scan with host-key consent, Update Repository counts, Resource Explorer and Run Command', async ({
    page,
    site,
    context,
  }) => {
    test.setTimeout(180_000)
    const keyFile = join(site.dir, 'id_ed25519')
    writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 })
    const client = await withSite(site.sitePath, (t) =>
      t.invoke('resources:create', {
        name: 'this-machine',
        address: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        authMethod: 'key',
        identityFile: keyFile,
      }),
    )
    await openConsole(page, await site.launch())
    await treeItem(page, /^Clients/).click()
    await resultRows(page).first().click()

    // (a) Scan Now: the host presents a key nobody trusted yet; consent shows its exact fingerprint.
    await page.getByTestId('toolbar-scan').click()
    const job = page.getByTestId('job-dialog')
    await expect(job.getByTestId('job-summary')).toContainText('0 of 1 succeeded', { timeout: 30_000 })
    await job.getByTestId('trust-key').click()
    const consent = page.getByTestId('host-key-dialog')
    await expect(consent.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKeyFingerprint)
    await expect(consent).toContainText('this-machine')
    await expect(consent).toContainText(`127.0.0.1, port ${sshd.port}`)
    await consent.getByTestId('host-key-trust').click()
    await expect(consent.getByTestId('host-key-trusted')).toBeVisible()
    await consent.getByTestId('host-key-rerun').click()
    await expect(consent).toBeHidden()
    const rerun = page.getByTestId('job-dialog')
    await expect(rerun).toHaveCount(1)
    await expect(rerun.getByTestId('job-summary')).toContainText('1 of 1 succeeded', { timeout: 120_000 })
    await expect(rerun.getByTestId('job-count')).toHaveText('1 of 1 host done')
    await rerun.getByTestId('job-close').click()

    // The Update Repository counts this client as Required for exactly what apt reports upgradable.
    const upgradable = aptUpgradableCount()
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Update Repository/).click()
    if (upgradable === 0) {
      await expect(page.getByTestId('empty-state')).toBeVisible()
    } else {
      await page.getByTestId('filter-state').selectOption('required')
      await expect(resultRows(page)).not.toHaveCount(0)
      await expect(page.getByTestId('status-count')).toHaveText(`${upgradable.toLocaleString()} items`)
      const required = await page
        .getByTestId('results-list')
        .locator('[role="row"][data-key] [role="gridcell"]:nth-child(6)')
        .first()
        .textContent()
      expect(required).toBe('1')
    }

    // (b) Resource Explorer opens in its own window (browser mode): software and this client's updates.
    await treeItem(page, /^Clients/).click()
    const [explorer] = await Promise.all([context.waitForEvent('page'), resultRows(page).first().dblclick()])
    await expect(explorer).toHaveURL(new RegExp(`/#/resource/${client.id}$`))
    await expect(explorer.getByTestId('explorer-title')).toHaveText('Resource Explorer — this-machine')
    await explorer.getByTestId('explorer-node-software').click()
    await explorer.getByTestId('software-filter').fill('bash')
    await expect(explorer.getByTestId('software-list').locator('[data-key^="bash:"]')).toHaveCount(1)
    await explorer.getByTestId('explorer-node-updates').click()
    if (upgradable > 0) {
      await expect(explorer.getByTestId('client-updates-count')).toContainText(`${upgradable} required`)
      await explorer.getByTestId('client-updates').getByTestId('explorer-row').first().click()
      await expect(explorer.getByTestId('state-history')).toContainText('Update is required')
    }
    await explorer.close()

    // (c) Run Command…: exit code and output per host.
    await page.getByTestId('toolbar-run-command').click()
    const dlg = page.getByTestId('run-command-dialog')
    await dlg.getByTestId('run-command-text').fill('echo hello')
    await dlg.getByTestId('run-command-run').click()
    const exec = page.getByTestId('job-dialog')
    await expect(exec.getByTestId('job-summary')).toContainText('1 of 1 succeeded', { timeout: 30_000 })
    await expect(exec.getByTestId('job-host-exit')).toHaveText('0')
    await expect(exec.getByTestId('job-host-stdout')).toHaveText('hello')
  })
})

test('Access tab: a stored password is never shown again, only that one exists; simulated badge', async ({
  page,
  site,
}) => {
  await withSite(site.sitePath, (t) =>
    t.invoke('resources:create', {
      name: 'lab-host-01',
      address: '127.0.50.1',
      user: 'patchbay',
      authMethod: 'password',
      simulated: true,
    }),
  )
  await openConsole(page, await site.launch())
  await treeItem(page, /^Clients/).click()
  await expect(resultRows(page).first().getByLabel('Simulated')).toBeVisible()
  await resultRows(page).first().click()
  await page.keyboard.press('Enter')
  const dlg = page.getByTestId('resource-dialog')
  await dlg.getByRole('tab', { name: 'Access' }).click()
  await expect(dlg.getByTestId('simulated-badge')).toHaveText('Simulated (lab fleet)')
  await expect(dlg.getByTestId('auth-method')).toHaveValue('password')
  await dlg.getByTestId('secret-input').fill('s3cret-value')
  await dlg.getByTestId('secret-store').click()
  await expect(dlg.getByTestId('secret-stored')).toHaveText('A password is stored')
  await expect(dlg.getByTestId('secret-input')).toHaveCount(0)
  expect(await page.content()).not.toContain('s3cret-value')
  await dlg.getByRole('button', { name: 'Clear' }).click()
  await expect(dlg.getByTestId('secret-input')).toHaveValue('')
})

test('scan a collection of simulated lab hosts: live progress, every unreachable host named, consent in bulk', async ({
  page,
  site,
}) => {
  test.setTimeout(180_000)
  const fleet = await startLabFleet({ hosts: 12, seed: 5, windowsShare: 0.25, faults: { unreachable: 0.17 } })
  try {
    const keyFile = writeLabKey(fleet, site.dir)
    await withSite(site.sitePath, async (t) => {
      await addLabClients(t, fleet.hosts, keyFile)
      await t.invoke('collections:create', {
        name: 'Lab fleet',
        rules: [
          {
            kind: 'query',
            name: 'lab',
            conditions: [{ attribute: 'name', operator: 'like', value: 'lab-*' }],
          },
        ],
      })
    })
    const unreachable = fleet.hosts.filter((h) => h.fault === 'unreachable').map((h) => h.name)
    expect(unreachable).toHaveLength(2)
    await openConsole(page, await site.launch())
    await treeItem(page, /^Lab fleet/).click()
    await page.getByTestId('toolbar-scan').click()
    const job = page.getByTestId('job-dialog')
    await expect(job.getByTestId('job-count')).toHaveText('12 of 12 hosts done', { timeout: 60_000 })
    // No key was trusted yet: the reachable hosts ask for consent, the unreachable ones are named as such.
    await expect(job.getByTestId('job-summary')).toContainText('0 of 12 succeeded')
    for (const name of unreachable)
      await expect(job.getByTestId('job-host').filter({ hasText: name })).toContainText('unreachable')
    await job.getByTestId('trust-all-keys').click()
    const consent = page.getByTestId('host-key-dialog')
    await expect(consent.getByTestId('host-key-entry')).toHaveCount(10)
    await consent.getByTestId('host-key-trust').click()
    await consent.getByTestId('host-key-rerun').click()
    const rerun = page.getByTestId('job-dialog')
    await expect(rerun.getByTestId('job-count')).toHaveText('10 of 10 hosts done', { timeout: 60_000 })
    await expect(rerun.getByTestId('job-summary')).toContainText('10 of 10 succeeded')
    await rerun.getByTestId('job-close').click()
    // The simulated clients now report updates: the repository lists them with counts.
    await treeItem(page, /^Software Updates/).click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, /^Update Repository/).click()
    await expect(resultRows(page).first()).toBeVisible()
  } finally {
    await fleet.stop()
  }
})
