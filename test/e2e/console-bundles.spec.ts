import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { openSiteDb } from '../../main/site/site-db'
import { setPackageUpdates } from '../../main/core/packages/content-rows'
import { expect, openConsole, resultRows, test, treeItem } from './fixtures'
import { withSite } from './seed'

/** README screenshots are rewritten only on request (PATCHBAY_SCREENSHOTS=1). */
async function shot(page: Page, name: string) {
  if (process.env.PATCHBAY_SCREENSHOTS !== '1') return
  mkdirSync(resolve('assets/screenshots'), { recursive: true })
  await page.mouse.move(0, 0)
  await page.waitForTimeout(300)
  await page.screenshot({ path: resolve('assets/screenshots', `${name}.png`) })
}

/** Two update files served on 127.0.0.1 and a catalog snapshot that lists them with their SHA-256. */
async function serveUpdates(dir: string): Promise<{ server: Server; snapshot: string; ids: string[] }> {
  const files: Record<string, Buffer> = {
    '/pool/main/o/openssl/libssl3_3.0.15-1~deb12u1_amd64.deb': Buffer.alloc(180_000, 7),
    '/pool/main/c/curl/curl_7.88.1-10+deb12u8_amd64.deb': Buffer.alloc(90_000, 3),
  }
  const server = createServer((req, res) => {
    const body = files[req.url ?? '']
    if (!body) return res.writeHead(404).end()
    res.writeHead(200, { 'content-length': body.length }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const entries = Object.entries(files).map(([path, body]) => {
    const name = path.split('/').pop()!
    const [pkg, version, arch] = name.replace(/\.deb$/, '').split('_') as [string, string, string]
    return { id: `deb:${pkg}:${arch}:${version}`, pkg, version, name, url: base + path, body }
  })
  const snapshot = join(dir, 'catalog.json')
  writeFileSync(
    snapshot,
    JSON.stringify({
      format: 'patchbay-catalog/1',
      exportedAt: new Date().toISOString(),
      site: 'CON',
      updates: entries.map((e) => ({
        id: e.id,
        vendor: 'debian',
        title: `${e.pkg} ${e.version}`,
        kb: '',
        classification: 'Security Updates',
        products: ['Debian bookworm-security'],
        severity: '',
        package: e.pkg,
        version: e.version,
        suite: 'bookworm-security',
        releaseDate: null,
        supersededBy: '',
        expired: false,
      })),
      files: entries.map((e) => ({
        updateId: e.id,
        name: e.name,
        url: e.url,
        size: e.body.length,
        sha256: createHash('sha256').update(e.body).digest('hex'),
      })),
      lists: [],
    }),
  )
  return { server, snapshot, ids: entries.map((e) => e.id) }
}

async function packagesTask(page: Page, label: string) {
  await treeItem(page, /^Packages/).click({ button: 'right' })
  await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
  await page.getByRole('menuitem', { name: label }).click()
}

test('build, verify and import an offline bundle from the console, then verify the package', async ({
  page,
  site,
}) => {
  test.setTimeout(120_000)
  const { server, snapshot, ids } = await serveUpdates(site.dir)
  try {
    const keys = JSON.parse(site.cli('keys', 'create', '--out', join(site.dir, 'keys'), '--json')) as {
      privateKeyPath: string
      publicKeyPath: string
    }
    const bundle = join(site.dir, 'updates.bundle')
    await openConsole(page, await site.launch())

    await packagesTask(page, 'Build Bundle…')
    const build = page.getByTestId('build-bundle-dialog')
    await build.getByRole('radio', { name: 'Software updates' }).check()
    await build.getByLabel('Update IDs (one per line)').fill(ids.join('\n'))
    await build.getByLabel('Catalog snapshot').fill(snapshot)
    await build.getByLabel('Package name in the bundle').fill('Offline security updates')
    await build.getByLabel(/Signing key/).fill(keys.privateKeyPath)
    await build.getByLabel('Bundle file').fill(bundle)
    await shot(page, 'bundle-build-dialog')
    await build.getByRole('button', { name: 'Build' }).click()
    await expect(build.getByTestId('build-done')).toContainText(bundle)
    await expect(build.getByTestId('task-item')).toHaveCount(3)
    await shot(page, 'bundle-build-progress')
    await build.getByRole('button', { name: 'Close' }).click()

    // A tampered copy: one byte of the last file changed.
    const bytes = readFileSync(bundle)
    const tampered = join(site.dir, 'tampered.bundle')
    bytes[bytes.length - 1024 - 600] = bytes[bytes.length - 1024 - 600]! ^ 0xff
    writeFileSync(tampered, bytes)

    await packagesTask(page, 'Verify Bundle…')
    const verify = page.getByTestId('verify-bundle-dialog')
    await expect(verify.getByLabel('Bundle file')).toHaveValue(bundle)
    await verify.getByLabel('Trusted public key').fill(keys.publicKeyPath)
    await verify.getByRole('button', { name: 'Verify' }).click()
    await expect(verify.getByTestId('verify-verdict')).toContainText('The bundle verifies')
    await expect(verify.getByTestId('bundle-facts')).toContainText('2 updates, 2 files')
    await verify.getByLabel('Bundle file').fill(tampered)
    await verify.getByRole('button', { name: 'Verify' }).click()
    await expect(verify.getByTestId('verify-verdict')).toContainText('1 problem found')
    await expect(verify.getByTestId('problem-row')).toContainText(['curl_7.88.1-10+deb12u8_amd64.deb'])
    await shot(page, 'bundle-verify-problems')
    await verify.getByRole('button', { name: 'Close' }).click()

    await packagesTask(page, 'Import Bundle…')
    const imp = page.getByTestId('import-bundle-dialog')
    await imp.getByLabel('Bundle file').fill(tampered)
    await expect(imp.getByLabel('Trusted public key')).toHaveValue(keys.publicKeyPath)
    await imp.getByRole('button', { name: 'Import' }).click()
    await expect(imp.getByTestId('task-progress')).toHaveAttribute('data-state', 'failed')
    await expect(imp.getByTestId('task-progress')).toContainText('nothing was imported')
    await imp.getByRole('button', { name: 'Back' }).click()
    await imp.getByLabel('Bundle file').fill(bundle)
    await imp.getByRole('button', { name: 'Import' }).click()
    await expect(imp.getByTestId('import-done')).toContainText(/Package LAB[0-9A-F]{5} created/)
    await shot(page, 'bundle-import-done')
    await imp.getByRole('button', { name: 'Close' }).click()

    await treeItem(page, /^Packages/).click()
    const row = resultRows(page).filter({ hasText: 'Offline security updates' })
    await row.click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Verify Package…' }).click()
    const vp = page.getByTestId('verify-package-dialog')
    await expect(vp.getByTestId('package-verdict')).toContainText('All 2 files match')
    await shot(page, 'package-verify')
  } finally {
    server.close()
  }
})

test('Download Content fetches a package’s files, refuses a file whose hash does not match, and Verify Package names it', async ({
  page,
  site,
}) => {
  test.setTimeout(90_000)
  const good = Buffer.alloc(150_000, 5)
  const bad = Buffer.alloc(60_000, 9)
  const server = createServer((req, res) => {
    const body =
      req.url === '/pool/tzdata_2024a-0+deb12u1_all.deb'
        ? good
        : req.url === '/pool/sudo_1.9.13p3-1+deb12u1_amd64.deb'
          ? bad
          : null
    if (!body) return res.writeHead(404).end()
    res.writeHead(200, { 'content-length': body.length }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const source = join(site.dir, 'sources', 'security')
    const pkg = await withSite(site.sitePath, (t) =>
      t.invoke('packages:create', { name: 'Bookworm security', version: '2024.03', sourcePath: source }),
    )
    const db = await openSiteDb(site.sitePath)
    try {
      const now = new Date().toISOString()
      const updates = [
        {
          id: 'deb:tzdata:all:2024a-0+deb12u1',
          pkg: 'tzdata',
          version: '2024a-0+deb12u1',
          body: good,
          sha: good,
        },
        // The catalog's hash is of other bytes: the download must be refused.
        {
          id: 'deb:sudo:amd64:1.9.13p3-1+deb12u1',
          pkg: 'sudo',
          version: '1.9.13p3-1+deb12u1',
          body: bad,
          sha: Buffer.from('x'),
        },
      ]
      for (const u of updates) {
        const sha256 = createHash('sha256').update(u.sha).digest('hex')
        await db.db
          .insertInto('software_update')
          .values({
            id: u.id,
            vendor: 'debian',
            title: `${u.pkg} ${u.version}`,
            kb: '',
            revision: 0,
            classification: 'Security Updates',
            product: 'Debian bookworm-security',
            severity: '',
            package: u.pkg,
            version: u.version,
            suite: 'bookworm-security',
            release_date: null,
            size: u.body.length,
            sha256,
            superseded_by: '',
            source: 'security',
            created_at: now,
          })
          .execute()
        const name = `${u.pkg}_${u.version}_${u.id.split(':')[2]}.deb`
        await db.db
          .insertInto('update_file')
          .values({ update_id: u.id, name, url: `${base}/pool/${name}`, size: u.body.length, sha256 })
          .execute()
      }
      await db.db.transaction().execute((trx) =>
        setPackageUpdates(
          trx,
          pkg.id,
          updates.map((u) => u.id),
        ),
      )
    } finally {
      await db.close()
    }

    await openConsole(page, await site.launch())
    await treeItem(page, /^Packages/).click()
    await resultRows(page).filter({ hasText: 'Bookworm security' }).click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Download Content…' }).click()
    const dl = page.getByTestId('download-content-dialog')
    await expect(dl.getByTestId('task-progress')).toHaveAttribute('data-state', 'failed')
    await expect(dl.locator('[data-testid="task-item"][data-state="done"]')).toContainText(
      'tzdata_2024a-0+deb12u1_all.deb',
    )
    await expect(dl.locator('[data-testid="task-item"][data-state="failed"]')).toContainText(
      /sudo_1\.9\.13p3-1\+deb12u1_amd64\.deb does not match the catalog: expected SHA-256 [0-9a-f]{64}, got SHA-256 [0-9a-f]{64}; the file was deleted/,
    )
    await shot(page, 'package-download-content')
    await dl.getByRole('button', { name: 'Close' }).click()

    await resultRows(page).filter({ hasText: 'Bookworm security' }).click({ button: 'right' })
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'All Tasks' }).hover()
    await page.getByRole('menuitem', { name: 'Verify Package…' }).click()
    const vp = page.getByTestId('verify-package-dialog')
    await expect(vp.getByTestId('package-verdict')).toContainText('1 problem found')
    await expect(vp.getByTestId('problem-row')).toHaveText([
      /sudo_1\.9\.13p3-1\+deb12u1_amd64\.deb\s*not downloaded yet/,
    ])
    await shot(page, 'package-verify-problems')
  } finally {
    server.close()
  }
})
