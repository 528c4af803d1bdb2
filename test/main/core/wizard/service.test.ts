import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab'
import type { Services } from '../../../../main/core/runtime/services'
import { addLabClients, writeLabKey } from '../../../support/lab-clients'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'
import { sshdSkipReason, type TestSshd } from '../../../support/sshd'
import { sha256, startSftpSshd, userOwnedDir } from '../../clients/distribution/helpers'
import { debRepoSkipReason, LAB_BOOKWORM_SECURITY, startDebRepo, type DebRepo } from './repo'

const skip = debRepoSkipReason()
const sshdSkip = sshdSkipReason()
const TYPE = 'debian|Security Updates'

describe.skipIf(skip !== null).each(siteEngines())(
  'Distribute Software Updates wizard on $kind (real .deb archive on 127.0.0.1, simulated lab clients)',
  (engine) => {
    let repo: DebRepo
    let fleet: LabFleet
    let services: Services
    let api: Transport
    const work = mkdtempSync(join(tmpdir(), 'pb-wizard-'))
    let applicable: Array<{ id: string; required: number; installed: number; package: string }> = []

    beforeAll(async () => {
      repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
      fleet = await startLabFleet({ hosts: 4, seed: 3, windowsShare: 0 })
      const s = await newSite(engine.freshLocation('wizard'))
      services = s.services
      api = s.api
      const ids = await addLabClients(api, fleet.hosts, writeLabKey(fleet, work))
      await api.invoke('catalog:sources-add', {
        name: 'wizard-repo',
        baseUrl: repo.baseUrl,
        suite: repo.suite,
        allowUnsigned: true,
      })
      const [sync] = await api.invoke('catalog:sync', { sourceName: 'wizard-repo' })
      expect(sync).toMatchObject({ state: 'succeeded' })
      const job = await api.invoke('clients:scan', {
        targets: { resourceIds: ids },
        force: true,
        trustNewHostKeys: true,
      })
      await services.wait(job.id)
      const repoIds = new Set(LAB_BOOKWORM_SECURITY.map((p) => `deb:${p.name}:${p.arch}:${p.version}`))
      applicable = (await api.invoke('updates:list', {})).filter(
        (u) => repoIds.has(u.id) && u.required + u.installed > 0,
      )
      expect(applicable.length).toBeGreaterThanOrEqual(2)
    }, 120_000)

    afterAll(async () => {
      await services?.close()
      await fleet?.stop()
      await repo?.close()
    })

    const fileOf = (updateId: string) => repo.debs.get(updateId.split(':')[1]!)!

    it('lists update types from the repository and only the updates clients reported, with their counts', async () => {
      const types = await api.invoke('wizard:update-types', {})
      const security = types.find((t) => t.key === TYPE)
      expect(security).toMatchObject({ platform: 'linux', label: 'Debian · Security Updates' })
      expect(security!.applicable).toBeGreaterThanOrEqual(applicable.length)
      const candidates = await api.invoke('wizard:candidates', { updateType: TYPE })
      expect(candidates.every((c) => c.required + c.installed > 0)).toBe(true)
      for (const a of applicable) {
        const c = candidates.find((x) => x.id === a.id)
        expect(c).toMatchObject({ required: a.required, installed: a.installed, files: 1 })
        expect(c!.size).toBe(fileOf(a.id).size)
        expect(c!.infoUrl).toBe(`https://tracker.debian.org/pkg/${a.package}`)
      }
    })

    it('downloads into a folder it creates; Cancel removes the files and that folder, nothing else', async () => {
      const folder = join(work, 'cancelled', 'src')
      const ids = applicable.map((a) => a.id)
      const d = await api.invoke('wizard:download', { folder, updateIds: ids })
      expect(d.createdFolder).toBe(true)
      const done = await services.waitTask(d.task!.taskId)
      expect(done).toMatchObject({ state: 'succeeded', done: ids.length, failed: 0 })
      expect(readdirSync(folder).sort()).toEqual(ids.map((id) => fileOf(id).file).sort())
      const out = await api.invoke('wizard:discard', { sessionId: d.sessionId })
      expect(out).toEqual({ removedFiles: ids.length, removedFolder: true })
      expect(existsSync(folder)).toBe(false)
      expect(existsSync(join(work, 'cancelled'))).toBe(true)

      // In a folder the admin made, files already there stay; only what the wizard fetched goes.
      const own = join(work, 'own')
      mkdirSync(own)
      writeFileSync(join(own, 'notes.txt'), 'mine')
      writeFileSync(join(own, fileOf(ids[0]!).file), readFileSync(fileOf(ids[0]!).path))
      const d2 = await api.invoke('wizard:download', { folder: own, updateIds: ids })
      expect(d2.createdFolder).toBe(false)
      const t2 = await services.waitTask(d2.task!.taskId)
      expect(t2.items.find((i) => i.name === fileOf(ids[0]!).file)?.state).toBe('skipped')
      expect(await api.invoke('wizard:discard', { sessionId: d2.sessionId })).toEqual({
        removedFiles: ids.length - 1,
        removedFolder: false,
      })
      expect(readdirSync(own).sort()).toEqual([fileOf(ids[0]!).file, 'notes.txt'].sort())
    })

    it('says why an update is not ready: not downloaded, hash mismatch, no file in the catalog, command line not verified', async () => {
      const folder = join(work, 'status')
      const [a, b] = applicable
      const d = await api.invoke('wizard:download', { folder, updateIds: [a!.id] })
      await services.waitTask(d.task!.taskId)
      writeFileSync(join(folder, fileOf(b!.id).file), 'not the package')
      const noFile = (await api.invoke('updates:list', {})).find(
        (u) =>
          u.vendor === 'debian' &&
          u.required > 0 &&
          !u.id.startsWith('deb:curl:') &&
          !applicable.some((x) => x.id === u.id),
      )
      const ids = [a!.id, b!.id, ...(noFile ? [noFile.id] : [])]
      let rows = await api.invoke('wizard:status', { folder, updateIds: ids })
      expect(rows[0]).toMatchObject({ ready: true, reason: '' })
      expect(rows[0]!.program).toMatchObject({
        program: fileOf(a!.id).file,
        commandLine: `apt-get install -y --allow-downgrades -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=- ./${fileOf(a!.id).file}`,
        verified: true,
      })
      expect(rows[1]).toMatchObject({ ready: false, reason: `hash mismatch: ${fileOf(b!.id).file}` })
      if (noFile)
        expect(rows[2]).toMatchObject({ ready: false, reason: 'no downloadable file in the catalog' })
      rows = await api.invoke('wizard:status', {
        folder,
        updateIds: [a!.id],
        programs: [{ ...rows[0]!.program, arguments: '-o Dpkg::Options::=--force-confold', verified: false }],
      })
      expect(rows[0]).toMatchObject({ ready: false, reason: 'command line not verified' })
      await api.invoke('wizard:discard', { sessionId: d.sessionId })
      expect(existsSync(join(folder, fileOf(a!.id).file))).toBe(false)
    })

    it('Finish makes the package, its program, update list and files in one go — no advertisement — and refuses unready updates writing nothing', async () => {
      const folder = join(work, 'pkg')
      const ids = applicable.map((a) => a.id)
      const before = (await api.invoke('packages:list', {})).length
      await expect(
        api.invoke('wizard:finish', {
          name: 'Bookworm security',
          programName: 'Install',
          updateType: TYPE,
          sourcePath: folder,
          updateIds: ids,
        }),
      ).rejects.toThrow(/is not ready: file not downloaded/)
      expect(await api.invoke('packages:list', {})).toHaveLength(before)

      const d = await api.invoke('wizard:download', { folder, updateIds: ids })
      await services.waitTask(d.task!.taskId)
      const out = await api.invoke('wizard:finish', {
        sessionId: d.sessionId,
        name: 'Bookworm security',
        programName: 'Bookworm security',
        publisher: 'Debian Security Team',
        updateType: TYPE,
        sourcePath: folder,
        sendingPriority: 'high',
        updateIds: ids,
        settings: { postponeRestarts: 'servers', countdownMinutes: 10 },
      })
      expect(out).toMatchObject({
        created: true,
        files: ids.length,
        added: ids.length,
        removed: 0,
        distribution: null,
      })
      const pkg = await api.invoke('packages:get', { id: out.packageId })
      expect(pkg).toMatchObject({
        name: 'Bookworm security',
        manufacturer: 'Debian Security Team',
        sourcePath: folder,
        sendingPriority: 'high',
      })
      expect(pkg.programs).toHaveLength(1)
      const debs = ids.map((id) => `./${fileOf(id).file}`).sort()
      expect(pkg.programs[0]!.name).toBe('Bookworm security')
      expect(pkg.programs[0]!.platform).toBe('linux')
      expect(
        pkg.programs[0]!.commandLine.startsWith(
          'apt-get install -y --allow-downgrades -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=- ',
        ),
      ).toBe(true)
      expect(pkg.programs[0]!.commandLine.split(' ').slice(8).sort()).toEqual(debs)
      expect(await api.invoke('advertisements:list', {})).toHaveLength(0)
      const files = await api.invoke('packages:files', { id: out.packageId })
      expect(files.map((f) => [f.path, f.sha256]).sort()).toEqual(
        ids.map((id) => [fileOf(id).file, fileOf(id).sha256]).sort(),
      )
      const dp = await api.invoke('wizard:package', { id: out.packageId })
      expect(dp).toMatchObject({ origin: 'wizard', platform: 'linux', updateType: TYPE, files: ids.length })
      expect(dp.updateIds).toEqual([...ids].sort())
      expect(dp.settings).toMatchObject({
        postponeRestarts: 'servers',
        countdownMinutes: 10,
        unattended: true,
      })
      expect(dp.updateListId).toBe(out.updateListId)
      const messages = await api.invoke('status:list', {})
      expect(
        messages.some((m) => m.objectId === out.packageId && /created with \d+ updates/.test(m.message)),
      ).toBe(true)
    })

    it('on an existing package, unticking removes updates and their files; a new update fetches only its missing file', async () => {
      const [dp] = await api.invoke('wizard:packages', {})
      const keep = dp!.updateIds.slice(1)
      const dropped = dp!.updateIds[0]!
      const candidates = await api.invoke('wizard:candidates', { updateType: TYPE, packageId: dp!.packageId })
      expect(candidates.map((c) => c.id)).toEqual(expect.arrayContaining(dp!.updateIds))
      const d = await api.invoke('wizard:download', { folder: dp!.sourcePath, updateIds: keep })
      const t = await services.waitTask(d.task!.taskId)
      expect(t.items.every((i) => i.state === 'skipped')).toBe(true)
      const out = await api.invoke('wizard:finish', {
        sessionId: d.sessionId,
        packageId: dp!.packageId,
        name: dp!.name,
        programName: dp!.programName,
        updateType: TYPE,
        sourcePath: dp!.sourcePath,
        updateIds: keep,
      })
      expect(out).toMatchObject({
        created: false,
        added: 0,
        removed: 1,
        files: keep.length,
        updateListId: dp!.updateListId,
      })
      expect(existsSync(join(dp!.sourcePath, fileOf(dropped).file))).toBe(false)
      expect((await api.invoke('packages:files', { id: dp!.packageId })).map((f) => f.path).sort()).toEqual(
        keep.map((id) => fileOf(id).file).sort(),
      )
      const pkg = await api.invoke('packages:get', { id: dp!.packageId })
      expect(pkg.programs).toHaveLength(1)
      expect(pkg.programs[0]!.commandLine).not.toContain(fileOf(dropped).file)
    })

    it('offline: lists a catalog snapshot on a site without that catalog, and builds a signed bundle that verifies', async () => {
      const snapshot = join(work, 'catalog.snapshot')
      await api.invoke('catalog:export-snapshot', { out: snapshot })
      const offline = await newSite(engine.freshLocation('wizard_offline'), 'OFF')
      try {
        const o = offline.api
        expect(await o.invoke('wizard:update-types', {})).toEqual([])
        const types = await o.invoke('wizard:update-types', { snapshot })
        const security = types.find((t) => t.key === TYPE)
        expect(security).toMatchObject({ platform: 'linux', label: 'Debian · Security Updates' })
        expect(security!.applicable).toBe(security!.updates)
        expect(security!.updates).toBeGreaterThanOrEqual(LAB_BOOKWORM_SECURITY.length)
        const candidates = await o.invoke('wizard:candidates', { snapshot, updateType: TYPE })
        const ids = applicable.map((a) => a.id)
        for (const id of ids)
          expect(candidates.find((c) => c.id === id)).toMatchObject({
            required: 0,
            installed: 0,
            files: 1,
            size: fileOf(id).size,
          })

        const bad = join(work, 'not-a-snapshot.json')
        writeFileSync(bad, '{"format":"something else"}')
        await expect(o.invoke('wizard:update-types', { snapshot: bad })).rejects.toMatchObject({
          code: 'invalid-input',
          message: expect.stringContaining('is not a patchbay-catalog/1 snapshot'),
        })
        await expect(
          o.invoke('wizard:candidates', { snapshot: join(work, 'missing.snapshot'), updateType: TYPE }),
        ).rejects.toThrow(/No catalog snapshot at .*missing\.snapshot/)

        const keys = await o.invoke('keys:create', { dir: join(work, 'keys') })
        const out = join(work, 'offline.pbundle')
        const task = await o.invoke('bundles:build', {
          updateIds: ids,
          out,
          signingKey: keys.privateKeyPath,
          catalogSnapshot: snapshot,
          packageName: 'Bookworm offline',
        })
        const done = await offline.services.waitTask(task.taskId)
        expect(done.state).toBe('succeeded')
        for (const id of ids)
          expect(done.items.find((i) => i.name === fileOf(id).file)).toMatchObject({
            state: 'done',
            bytesDone: fileOf(id).size,
          })
        const verdict = await o.invoke('bundles:verify', { file: out, trustedKeys: [keys.publicKeyPath] })
        expect(verdict).toMatchObject({
          ok: true,
          trusted: true,
          packageName: 'Bookworm offline',
          updateCount: ids.length,
          fileCount: ids.length,
        })
        expect(await o.invoke('packages:list', {})).toHaveLength(0)
      } finally {
        await offline.services.close()
      }
    })

    describe.skipIf(sshdSkip !== null)('with a distribution point (real sshd serving SFTP)', () => {
      let sshd: TestSshd
      let point: number
      const root = sshdSkip === null ? userOwnedDir('wizard') : ''

      beforeAll(async () => {
        sshd = await startSftpSshd()
        const keyFile = join(work, 'dp_ed25519')
        writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 })
        point = (
          await api.invoke('resources:create', {
            name: 'dp-wizard',
            address: '127.0.0.1',
            port: sshd.port,
            user: sshd.user,
            authMethod: 'key',
            identityFile: keyFile,
            roles: ['distribution point'],
          })
        ).id
        await api.invoke('distribution:set-point', { resourceId: point, rootPath: root })
        // The point presents its host key on a first (refused) distribution; the admin then trusts it.
        const [earlier] = await api.invoke('wizard:packages', {})
        const first = await api.invoke('distribution:distribute', {
          packageId: earlier!.packageId,
          resourceIds: [point],
        })
        expect((await services.waitTask(first.taskId)).state).toBe('failed')
        await api.invoke('hostkeys:trust', { resourceId: point, fingerprint: sshd.hostKeyFingerprint })
      })
      afterAll(async () => {
        await sshd?.stop()
        rmSync(root, { recursive: true, force: true })
      })

      it('Finish with a distribution point sends the package there; a resource without the role is refused, writing nothing', async () => {
        const folder = join(work, 'dp-pkg')
        const ids = applicable.map((a) => a.id)
        const d = await api.invoke('wizard:download', { folder, updateIds: ids })
        await services.waitTask(d.task!.taskId)
        const input = {
          sessionId: d.sessionId,
          name: 'Bookworm security to DP',
          programName: 'Install',
          updateType: TYPE,
          sourcePath: folder,
          updateIds: ids,
        }
        const plain = await api.invoke('resources:create', { name: 'not-a-dp', address: '127.0.0.9' })
        const before = (await api.invoke('packages:list', {})).length
        await expect(
          api.invoke('wizard:finish', { ...input, distributionPointIds: [point, plain.id] }),
        ).rejects.toThrow(`Resource ${plain.id} is not a distribution point`)
        expect(await api.invoke('packages:list', {})).toHaveLength(before)

        const out = await api.invoke('wizard:finish', { ...input, distributionPointIds: [point] })
        expect(out.distribution).not.toBeNull()
        const sent = await services.waitTask(out.distribution!.taskId)
        expect(sent.state).toBe('succeeded')
        const [row] = await api.invoke('distribution:status', { packageId: out.packageId })
        expect(row).toMatchObject({ dpName: 'dp-wizard', state: 'Installed' })
        for (const id of ids)
          expect(sha256(readFileSync(join(root, out.packageId, fileOf(id).file)))).toBe(fileOf(id).sha256)
      })
    })
  },
)
