import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { PackageDpStatusDto } from '../../../../shared/dto/distribution'
import type { Services } from '../../../../main/core/runtime/services'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'
import { TEST_USER, sshdSkipReason, type TestSshd } from '../../../support/sshd'
import { startRelay, type Relay } from '../../clients/ssh/fixtures'
import {
  readOnlyDir,
  sha256,
  startSftpSshd,
  userOwnedDir,
  writeAsUser,
  writeSource,
} from '../../clients/distribution/helpers'

const skip = sshdSkipReason()
const MB = 1024 * 1024

/** The test user's home, where `~/…` distribution point roots live. */
function testHome(): string {
  return execFileSync('getent', ['passwd', TEST_USER], { encoding: 'utf8' }).split(':')[5] as string
}

/** Resolves once `check` passes (polling); for waiting on a file to grow mid-upload. */
async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

describe.skipIf(skip)('distribution points over a real sshd', () => {
  let sshd: TestSshd
  let relay: Relay
  const keyDir = mkdtempSync(join(tmpdir(), 'pb-dp-key-'))
  const keyFile = join(keyDir, 'id_ed25519')
  const source = writeSource([
    { path: 'files/big.bin', size: 6 * MB + 4321 },
    { path: 'files/a.deb', size: 20_000 },
    { path: 'files/b.deb', size: 1500 },
    { path: 'readme.txt', size: 100 },
  ])
  const big = source.files[0]!

  beforeAll(async () => {
    sshd = await startSftpSshd()
    relay = await startRelay(sshd.port)
    writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 })
  })
  afterAll(async () => {
    await relay?.close()
    await sshd?.stop()
    rmSync(keyDir, { recursive: true, force: true })
    rmSync(source.dir, { recursive: true, force: true })
  })

  describe.each(siteEngines())('on $kind', (engine) => {
    let services: Services
    let api: Transport
    let packageId: string
    let dpA: number
    let dpB: number
    const rootA = userOwnedDir('a')
    const rootB = `pb-dp-b-${randomBytes(4).toString('hex')}`
    const onA = (path: string) => join(rootA, packageId, path)
    const onB = (path: string) => join(testHome(), rootB, packageId, path)

    const status = async (): Promise<Record<string, PackageDpStatusDto>> =>
      Object.fromEntries((await api.invoke('distribution:status', { packageId })).map((s) => [s.dpName, s]))
    const run = async (verb: 'distribute' | 'redistribute' | 'remove', resourceIds: number[]) => {
      const task = await api.invoke(`distribution:${verb}`, { packageId, resourceIds })
      return services.waitTask(task.taskId)
    }

    beforeAll(async () => {
      const location = engine.freshLocation('dp')
      ;({ services, api } = await newSite(location))
      const point = (name: string, port: number) =>
        api.invoke('resources:create', {
          name,
          address: '127.0.0.1',
          port,
          user: sshd.user,
          authMethod: 'key',
          identityFile: keyFile,
          roles: ['distribution point'],
        })
      dpA = (await point('dp-a', sshd.port)).id
      dpB = (await point('dp-b', relay.port)).id // through a relay, so a test can drop the connection
      await api.invoke('distribution:set-point', { resourceId: dpA, rootPath: rootA })
      await api.invoke('distribution:set-point', { resourceId: dpB, rootPath: `~/${rootB}` })
      const pkg = await api.invoke('packages:create', {
        name: 'Security updates 2025-06',
        sourcePath: source.dir,
      })
      packageId = pkg.id
      // The source folder is the package's content: every file recorded with its size and SHA-256.
      const recorded = await api.invoke('packages:files', { id: packageId })
      expect(recorded.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }))).toEqual(
        [...source.files].sort((a, b) => (a.path < b.path ? -1 : 1)),
      )
    })
    afterAll(async () => {
      await services?.close()
      rmSync(rootA, { recursive: true, force: true })
      rmSync(join(testHome(), rootB), { recursive: true, force: true })
    })

    it('lists the points with their root paths and refuses a resource without the role', async () => {
      const points = await api.invoke('distribution:points', {})
      expect(points.map((p) => [p.name, p.rootPath])).toEqual([
        ['dp-a', rootA],
        ['dp-b', `~/${rootB}`],
      ])
      const plain = await api.invoke('resources:create', { name: 'web-01', address: '127.0.0.9' })
      await expect(
        api.invoke('distribution:distribute', { packageId, resourceIds: [plain.id] }),
      ).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringContaining('web-01 is not a distribution point'),
      })
    })

    it('fails on an unknown host key with the clear error, then installs on both points after consent', async () => {
      const refused = await run('distribute', [dpA, dpB])
      expect(refused.state).toBe('failed')
      const before = await status()
      expect(before['dp-a']).toMatchObject({
        state: 'Failed',
        message: expect.stringContaining('unknown host key'),
      })
      expect(before['dp-b']!.message).toContain(sshd.hostKeyFingerprint)
      for (const resourceId of [dpA, dpB])
        await api.invoke('hostkeys:trust', { resourceId, fingerprint: sshd.hostKeyFingerprint })

      const seen: string[] = []
      const off = api.on('site:changed', (e) => {
        if (e.entity === 'distribution' && e.ids.includes(packageId)) seen.push('changed')
      })
      const task = await run('distribute', [dpA, dpB])
      off()
      expect(task).toMatchObject({ state: 'succeeded', total: 8, done: 8, bytesDone: task.bytesTotal })
      expect(seen.length).toBeGreaterThanOrEqual(4) // pending and installed, per point, pushed live
      const after = await status()
      for (const dp of ['dp-a', 'dp-b'])
        expect(after[dp]).toMatchObject({
          state: 'Installed',
          message: expect.stringMatching(/^4 files verified/),
        })
      for (const f of source.files) {
        expect(sha256(readFileSync(onA(f.path)))).toBe(f.sha256)
        expect(sha256(readFileSync(onB(f.path)))).toBe(f.sha256)
      }
      const points = await api.invoke('distribution:points', {})
      expect(points.map((p) => [p.packages, p.installed])).toEqual([
        [1, 1],
        [1, 1],
      ])
    })

    it('resumes a cancelled upload on redistribute, sending only the rest, and verifies it', async () => {
      rmSync(onA(big.path))
      const partial = `${onA(big.path)}.partial`
      const task = await api.invoke('distribution:redistribute', { packageId, resourceIds: [dpA] })
      await until(() => sizeOf(partial) > MB / 2, 'the upload to start')
      await api.invoke('tasks:cancel', { taskId: task.taskId })
      expect((await services.waitTask(task.taskId)).state).toBe('cancelled')
      expect((await status())['dp-a']).toMatchObject({
        state: 'Failed',
        message: expect.stringContaining('cancelled'),
      })
      const kept = sizeOf(partial)
      expect(kept).toBeGreaterThan(0)
      expect(kept).toBeLessThan(big.size)

      expect((await run('redistribute', [dpA])).state).toBe('succeeded')
      const { state, message } = (await status())['dp-a']!
      expect(state).toBe('Installed')
      expect(message).toContain('resumed files/big.bin at')
      expect(message).toContain('3 already there')
      const sentMb = Number(/sent ([\d.]+) MB/.exec(message)?.[1])
      expect(sentMb).toBeLessThan(big.size / MB - 0.4)
      expect(sha256(readFileSync(onA(big.path)))).toBe(big.sha256)
    })

    it('retries after a dropped connection ("Install retrying") and resumes where it stopped', async () => {
      rmSync(onB(big.path))
      const partial = `${onB(big.path)}.partial`
      const states: string[] = []
      const off = api.on('site:changed', (e) => {
        if (e.entity === 'distribution')
          void api.invoke('distribution:status', { packageId }).then((rows) => {
            const b = rows.find((r) => r.dpName === 'dp-b')
            if (b) states.push(`${b.state}: ${b.message}`)
          })
      })
      const task = await api.invoke('distribution:redistribute', { packageId, resourceIds: [dpB] })
      await until(() => sizeOf(partial) > MB / 2, 'the upload to start')
      relay.dropAll()
      const done = await services.waitTask(task.taskId)
      off()
      expect(done.state).toBe('succeeded')
      expect(states.some((s) => /^Install retrying: .*attempt 2 of 3/.test(s))).toBe(true)
      expect((await status())['dp-b']).toMatchObject({
        state: 'Installed',
        message: expect.stringContaining('resumed files/big.bin at'),
      })
      expect(sha256(readFileSync(onB(big.path)))).toBe(big.sha256)
    })

    it('repairs a tampered file on redistribute to every point that has the package', async () => {
      const tampered = source.files[1]!
      writeAsUser(onB(tampered.path), randomBytes(tampered.size))
      expect((await run('redistribute', [])).state).toBe('succeeded')
      const rows = await status()
      expect(rows['dp-a']!.message).toContain('4 already there')
      expect(rows['dp-b']).toMatchObject({
        state: 'Installed',
        message: expect.stringContaining('3 already there'),
      })
      expect(sha256(readFileSync(onB(tampered.path)))).toBe(tampered.sha256)
    })

    it('ends Failed with "permission denied" and the folder when the point path is not writable', async () => {
      const locked = readOnlyDir('locked')
      await api.invoke('distribution:set-point', { resourceId: dpA, rootPath: locked })
      const task = await run('distribute', [dpA])
      expect(task.state).toBe('failed')
      expect((await status())['dp-a']).toMatchObject({
        state: 'Failed',
        message: `permission denied: ${join(locked, packageId)}`,
      })
      await api.invoke('distribution:set-point', { resourceId: dpA, rootPath: rootA })
      rmSync(locked, { recursive: true, force: true })
    })

    it('removes the package folder on every point and its status rows', async () => {
      const task = await run('remove', [])
      expect(task).toMatchObject({ state: 'succeeded', done: 2 })
      expect(existsSync(join(rootA, packageId))).toBe(false)
      expect(existsSync(join(testHome(), rootB, packageId))).toBe(false)
      expect(existsSync(rootA)).toBe(true)
      expect(await api.invoke('distribution:status', { packageId })).toEqual([])
    })
  })
})
