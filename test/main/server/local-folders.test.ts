import { createHash, randomBytes } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInProcessTransport } from '../../../main/core/runtime/in-process-transport'
import { startServices } from '../../../main/core/runtime/start-services'
import { browserLocalFolders } from '../../../main/server/local-folders'
import { call, startHarness, type Harness } from './harness'

/** A name no test run has used, for places outside the allowed folders that must stay untouched. */
const unique = () => `patchbay-confine-${randomBytes(6).toString('hex')}`

describe('browser mode confines local paths to the allowed folders', () => {
  let h: Harness
  let base: string
  let allowed: string
  let outside: string
  let keys: { privateKeyPath: string; publicKeyPath: string }
  const outsideOfRoots = [`/etc/${unique()}`, `/root/${unique()}`]

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'pb-confine-')))
    allowed = join(base, 'allowed')
    outside = join(base, 'outside')
    mkdirSync(allowed)
    mkdirSync(outside)
    symlinkSync(outside, join(allowed, 'escape'))
    symlinkSync(join(outside, 'not-yet', 'keys'), join(allowed, 'dangling'))
    h = await startHarness({ localPaths: { roots: [allowed] } })
    const made = await call(h, 'keys:create', { dir: join(allowed, 'keys') })
    expect(made.json).toMatchObject({ ok: true })
    keys = made.json.value as typeof keys
  })
  afterAll(async () => {
    await h.stop()
    rmSync(base, { recursive: true, force: true })
    for (const p of outsideOfRoots) rmSync(p, { recursive: true, force: true })
  })

  /** Asserts a refusal naming the field, and that nothing appeared outside the allowed folder. */
  function refused(res: Awaited<ReturnType<typeof call>>, field: string, label: string) {
    expect(res.status).toBe(200)
    expect(res.json.ok).toBe(false)
    expect(res.json.error).toMatchObject({ code: 'forbidden', field })
    expect(res.json.error?.message).toMatch(
      new RegExp(
        `^${label}: .* outside the folders this console may (use|write to) \\(${allowed}\\); ` +
          'start the console with --allow-folder <dir> to add one$',
      ),
    )
    expect(readdirSync(outside)).toEqual([])
    for (const p of outsideOfRoots) expect(existsSync(p), p).toBe(false)
  }

  it('keys create: refuses /etc, /root, a symlink leading out and a dangling one; works inside', async () => {
    refused(await call(h, 'keys:create', { dir: outsideOfRoots[0], force: true }), 'dir', 'Key folder')
    refused(await call(h, 'keys:create', { dir: outsideOfRoots[1], force: true }), 'dir', 'Key folder')
    const escaped = await call(h, 'keys:create', { dir: join(allowed, 'escape', 'keys'), force: true })
    refused(escaped, 'dir', 'Key folder')
    expect(escaped.json.error?.message).toContain(`leads to ${join(outside, 'keys')},`)
    refused(
      await call(h, 'keys:create', { dir: join(allowed, '..', 'outside', 'keys') }),
      'dir',
      'Key folder',
    )
    const dangling = await call(h, 'keys:create', { dir: join(allowed, 'dangling') })
    expect(dangling.json.error).toMatchObject({
      code: 'forbidden',
      field: 'dir',
      message: `Key folder: ${join(allowed, 'dangling')} goes through a symbolic link that leads nowhere`,
    })
    expect(readdirSync(outside)).toEqual([])

    expect(existsSync(keys.privateKeyPath)).toBe(true)
    expect(keys.privateKeyPath.startsWith(join(allowed, 'keys'))).toBe(true)
  })

  it('catalog export: refuses a snapshot file outside the folders; writes one inside', async () => {
    refused(
      await call(h, 'catalog:export-snapshot', { out: join(outsideOfRoots[0]!, 'c.json') }),
      'out',
      'Snapshot file',
    )
    refused(
      await call(h, 'catalog:export-snapshot', { out: join(allowed, 'escape', 'c.json') }),
      'out',
      'Snapshot file',
    )
    const out = join(allowed, 'catalog.json')
    const ok = await call(h, 'catalog:export-snapshot', { out })
    expect(ok.json).toMatchObject({ ok: true, value: { out } })
    expect(existsSync(out)).toBe(true)
    // Reading it back is allowed too; a relative path is refused rather than read from the server's folder.
    expect((await call(h, 'catalog:read-snapshot', { file: out })).json.ok).toBe(true)
    expect((await call(h, 'catalog:read-snapshot', { file: 'catalog.json' })).json.error).toMatchObject({
      code: 'invalid-input',
      field: 'file',
      message: 'Snapshot file: give a full path (catalog.json is relative)',
    })
  })

  it('bundle build: refuses an output or a key outside the folders; builds inside', async () => {
    const source = join(allowed, 'src')
    mkdirSync(source)
    const content = 'payload\n'
    writeFileSync(join(source, 'tool.deb'), content)
    const pkg = await call(h, 'packages:create', { name: 'Tool', sourcePath: source })
    expect(pkg.json.ok).toBe(true)
    const packageId = (pkg.json.value as { id: string }).id
    // The source folder's file is the package's content.
    expect((await call(h, 'packages:files', { id: packageId })).json).toMatchObject({
      ok: true,
      value: [
        {
          path: 'tool.deb',
          size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
        },
      ],
    })
    const build = (over: Record<string, unknown>) =>
      call(h, 'bundles:build', {
        packageId,
        out: join(allowed, 'tool.bundle'),
        signingKey: keys.privateKeyPath,
        ...over,
      })
    refused(await build({ out: join(outsideOfRoots[0]!, 'tool.bundle') }), 'out', 'Bundle file')
    refused(await build({ out: join(outsideOfRoots[1]!, 'tool.bundle') }), 'out', 'Bundle file')
    refused(await build({ out: join(allowed, 'escape', 'tool.bundle') }), 'out', 'Bundle file')
    refused(await build({ workDir: join(allowed, 'escape', 'work') }), 'workDir', 'Work folder')
    refused(await build({ signingKey: '/etc/ssh/ssh_host_ed25519_key' }), 'signingKey', 'Signing key')
    refused(
      await call(h, 'packages:create', { name: 'Etc', sourcePath: '/etc' }),
      'sourcePath',
      'Source folder',
    )

    const ok = await build({})
    expect(ok.json).toMatchObject({ ok: true })
    const task = await h.services.waitTask((ok.json.value as { taskId: string }).taskId)
    expect(task).toMatchObject({ state: 'succeeded', result: join(allowed, 'tool.bundle') })
    expect(statSync(join(allowed, 'tool.bundle')).size).toBeGreaterThan(0)

    // Every element of a list of paths is checked, and the refusal names the one that is outside.
    copyFileSync(keys.publicKeyPath, join(base, 'outside.pub'))
    const verify = await call(h, 'bundles:verify', {
      file: join(allowed, 'tool.bundle'),
      trustedKeys: [keys.publicKeyPath, join(base, 'outside.pub')],
    })
    expect(verify.json.error).toMatchObject({ code: 'forbidden', field: 'trustedKeys.1' })
    const verified = await call(h, 'bundles:verify', {
      file: join(allowed, 'tool.bundle'),
      trustedKeys: [keys.publicKeyPath],
    })
    expect(verified.json).toMatchObject({ ok: true, value: { ok: true, trusted: true } })
  })

  it('site:info tells the console which folders it may use', async () => {
    const info = await call(h, 'site:info')
    expect(info.json.value).toMatchObject({
      frontDoor: 'browser',
      localFolders: [{ path: allowed, access: 'write' }],
    })
  })

  it('the in-process front door (the CLI) is not confined', async () => {
    const services = await startServices({
      site: join(base, 'cli.db'),
      frontDoor: 'in-process',
      createIfMissing: true,
    })
    try {
      const api = createInProcessTransport(services)
      const made = await api.invoke('keys:create', { dir: join(outside, 'cli-keys') })
      expect(existsSync(made.privateKeyPath)).toBe(true)
      expect((await api.invoke('site:info', {})).localFolders).toBeNull()
    } finally {
      await services.close()
      rmSync(join(outside, 'cli-keys'), { recursive: true, force: true })
    }
  })
})

describe('browserLocalFolders', () => {
  it('allows ~/Patchbay and the user data folder (made 0700), every --allow-folder, and keyrings read only', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pb-folders-')))
    try {
      const extra = join(dir, 'extra')
      const ssh = join(dir, 'ssh')
      mkdirSync(extra)
      mkdirSync(ssh)
      const policy = browserLocalFolders({
        workFolder: join(dir, 'Patchbay'),
        allowFolders: [extra],
        allowReadFolders: [ssh],
        env: { PATCHBAY_HOME: join(dir, 'data') },
      })
      expect(policy.roots).toEqual([join(dir, 'Patchbay'), join(dir, 'data'), extra])
      expect(policy.readOnlyRoots?.[0]).toBe(ssh)
      expect(statSync(join(dir, 'Patchbay')).mode & 0o777).toBe(0o700)
      // A portable install (PATCHBAY_HOME) keeps to its own folder: nothing is made in the home folder.
      expect(browserLocalFolders({ env: { PATCHBAY_HOME: join(dir, 'portable') } }).roots).toEqual([
        join(dir, 'portable'),
      ])
      expect(statSync(join(dir, 'portable')).mode & 0o777).toBe(0o700)
      expect(() =>
        browserLocalFolders({
          workFolder: join(dir, 'Patchbay'),
          allowFolders: [join(dir, 'missing')],
          env: { PATCHBAY_HOME: join(dir, 'data') },
        }),
      ).toThrow(`--allow-folder ${join(dir, 'missing')}: no such folder`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
