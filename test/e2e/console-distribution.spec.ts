import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Transport } from '../../shared/contract'
import { sshdSkipReason, type TestSshd } from '../support/sshd'
import { readOnlyDir, startSftpSshd, userOwnedDir, writeSource } from '../main/clients/distribution/helpers'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'

/** Waits until no row of the package is still pending or retrying. */
async function settled(t: Transport, packageId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const rows = await t.invoke('distribution:status', { packageId })
    if (rows.length && rows.every((r) => r.state === 'Installed' || r.state === 'Failed')) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('distribution did not settle')
}

test('Package Status shows each package on each distribution point live, with the reason of a failure', async ({
  page,
  site,
}) => {
  test.skip(sshdSkipReason() !== null, 'needs a private sshd')
  const sshd: TestSshd = await startSftpSshd()
  const good = userOwnedDir('e2e')
  const locked = readOnlyDir('e2e-locked')
  const source = writeSource([
    { path: 'files/openssl_3.0.15-1_amd64.deb', size: 1_500_000 },
    { path: 'files/libssl3_3.0.15-1_amd64.deb', size: 2_100_000 },
  ])
  try {
    const key = join(site.dir, 'id_ed25519')
    writeFileSync(key, sshd.privateKey, { mode: 0o600 })
    const packageId = await withSite(site.sitePath, async (t) => {
      const point = (name: string, address: string) =>
        t.invoke('resources:create', {
          name,
          address,
          port: sshd.port,
          user: sshd.user,
          authMethod: 'key',
          identityFile: key,
          roles: ['distribution point'],
        })
      const a = await point('dp-01', '127.0.0.1')
      const b = await point('dp-02', '127.0.0.1') // same sshd, another root folder
      await t.invoke('distribution:set-point', { resourceId: a.id, rootPath: good })
      await t.invoke('distribution:set-point', { resourceId: b.id, rootPath: locked })
      // The source folder's files are the package's content.
      const pkg = await t.invoke('packages:create', { name: 'OpenSSL 3.0.15', sourcePath: source.dir })
      await t.invoke('distribution:distribute', { packageId: pkg.id, resourceIds: [a.id] })
      await settled(t, pkg.id) // fails: the host key is not trusted yet
      await t.invoke('hostkeys:trust', { resourceId: a.id, fingerprint: sshd.hostKeyFingerprint })
      await t.invoke('distribution:distribute', { packageId: pkg.id, resourceIds: [a.id, b.id] })
      await settled(t, pkg.id)
      return pkg.id
    })

    await openConsole(page, await site.launch())
    await treeItem(page, 'System Status').click()
    await page.keyboard.press('ArrowRight')
    await treeItem(page, 'Package Status').click()
    const rows = resultRows(page)
    await expect(rows).toHaveCount(2)
    await expect(rows.filter({ hasText: 'dp-01' })).toContainText('Installed')
    await expect(rows.filter({ hasText: 'dp-01' })).toContainText('2 files verified')
    await expect(rows.filter({ hasText: 'dp-02' })).toContainText('Failed')
    await expect(rows.filter({ hasText: 'dp-02' })).toContainText(`permission denied: ${locked}/${packageId}`)
    // README screenshots are rewritten only on request.
    if (process.env.PATCHBAY_SCREENSHOTS === '1')
      await page.screenshot({ path: 'assets/screenshots/package-status.png' })

    // Remove the package from dp-01 through the row's context menu: the row goes away live.
    await rows.filter({ hasText: 'dp-01' }).click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Remove from Distribution Points…' }).click()
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click()
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toContainText('dp-02')
  } finally {
    await sshd.stop()
    for (const d of [good, locked, source.dir]) rmSync(d, { recursive: true, force: true })
  }
})
