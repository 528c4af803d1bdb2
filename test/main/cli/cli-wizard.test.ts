import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageDto } from '../../../shared/dto/package'
import type { CandidateDto, DeploymentPackageDto, UpdateTypeDto } from '../../../shared/dto/wizard'
import { debRepoSkipReason, LAB_BOOKWORM_SECURITY, startDebRepo, type DebRepo } from '../core/wizard/repo'
import { ensureCliBuilt, makeSiteDir, runCli, runJson, startCli, type RunningCli } from './cli-harness'

const skip = debRepoSkipReason()
const TYPE = 'debian|Security Updates'

describe.skipIf(skip !== null)(
  'patchbay wizard run --answers FILE (real .deb archive on 127.0.0.1, simulated lab clients)',
  () => {
    const tmp = makeSiteDir()
    const site = ['--site', tmp.site]
    let repo: DebRepo
    let lab: RunningCli | undefined
    const answers = (name: string, value: unknown) => {
      const file = join(tmp.dir, name)
      writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
      return file
    }

    beforeAll(async () => {
      await ensureCliBuilt()
      repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
      await runJson(['site', 'init', '--code', 'WIZ', '--name', 'Wizard site', ...site], tmp.env)
      lab = startCli(
        ['lab', 'start', '--hosts', '4', '--seed', '3', '--windows-share', '0', ...site, '--dir', tmp.dir],
        tmp.env,
      )
      await lab.waitFor(/Ctrl\+C stops it\n/, 60_000)
      await runJson(
        [
          'catalog',
          'sources',
          'add',
          '--name',
          'wizard-repo',
          '--apt',
          repo.baseUrl,
          '--suite',
          repo.suite,
          '--allow-unsigned',
          ...site,
        ],
        tmp.env,
      )
      await runJson(['catalog', 'sync', ...site], tmp.env)
      await runJson(['scan', '--collection', 'Lab fleet', '--trust-new-host-key', ...site], tmp.env)
    }, 180_000)

    afterAll(async () => {
      if (lab && lab.child.exitCode === null) {
        lab.child.kill('SIGTERM')
        await lab.exited
      }
      await repo?.close()
      tmp.cleanup()
    })

    it('wizard types and candidates list what the clients reported', async () => {
      const types = await runJson<UpdateTypeDto[]>(['wizard', 'types', ...site], tmp.env)
      expect(types.find((x) => x.key === TYPE)?.applicable).toBeGreaterThan(0)
      const candidates = await runJson<CandidateDto[]>(
        ['wizard', 'candidates', '--type', TYPE, ...site],
        tmp.env,
      )
      expect(candidates.some((c) => c.required > 0)).toBe(true)
    })

    it('a bad answer file is refused naming the file and the field, before anything is downloaded', async () => {
      const folder = join(tmp.dir, 'never')
      const base = {
        name: 'X',
        programName: 'Install',
        updateType: TYPE,
        sourcePath: folder,
        updateIds: 'all-required',
      }
      const cases: Array<[unknown, RegExp]> = [
        ['{ not json', /is not JSON/],
        [{ ...base, name: undefined }, /: name: /],
        [
          { ...base, updateIds: 'everything' },
          /: updateIds: must be "all-required" or a non-empty list of update IDs/,
        ],
        [
          { ...base, settings: { countdownMinutes: 5000 } },
          /: settings\.countdownMinutes: Countdown must be 0–1440 minutes/,
        ],
        [{ ...base, colour: 'red' }, /: unknown field "colour"/],
        [
          { ...base, updateType: 'acme|Drivers' },
          /updateType: no update type "acme\|Drivers" \(known: .*"debian\|Security Updates"/,
        ],
        [
          { ...base, updateIds: ['deb:nope:amd64:1'] },
          /updateIds: "deb:nope:amd64:1" is not an update of type/,
        ],
      ]
      for (const [i, [value, message]] of cases.entries()) {
        const file = answers(`bad-${i}.json`, value)
        const run = await runCli(['wizard', 'run', '--answers', file, ...site], tmp.env)
        expect(run.code, `case ${i}: ${run.stderr}`).toBe(1)
        expect(run.stderr).toMatch(/^patchbay: /)
        expect(run.stderr.split('\n').filter((l) => l.startsWith('patchbay: '))).toHaveLength(1)
        expect(run.stderr).toMatch(message)
        if (i < 5) expect(run.stderr).toContain(file)
      }
      expect(existsSync(folder)).toBe(false)
      const missing = await runCli(
        ['wizard', 'run', '--answers', join(tmp.dir, 'nope.json'), ...site],
        tmp.env,
      )
      expect(missing.stderr).toMatch(/^patchbay: answers file .*nope\.json: no such file\n$/)
    })

    it('downloads every required update of the type, finishes the package and reports it; a rerun changes it', async () => {
      const file = answers('bookworm.json', {
        name: 'Bookworm security',
        programName: 'Install',
        publisher: 'Debian Security Team',
        updateType: TYPE,
        sourcePath: 'pkg/bookworm', // relative to the answer file's folder
        sendingPriority: 'high',
        updateIds: 'all-required',
        settings: { countdownMinutes: 10, postponeRestarts: 'servers' },
      })
      const run = await runCli(['wizard', 'run', '--answers', file, '--json', ...site], tmp.env)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/^Downloading \d+ update\(s\) into .*pkg\/bookworm…$/m)
      const result = JSON.parse(run.stdout) as {
        updateIds: string[]
        download: { state: string } | null
        finish: { packageId: string; created: boolean; files: number; added: number }
        distribution: null
      }
      const candidates = await runJson<CandidateDto[]>(
        ['wizard', 'candidates', '--type', TYPE, ...site],
        tmp.env,
      )
      const required = candidates.filter((c) => c.required > 0 && c.files > 0).map((c) => c.id)
      expect(required.length).toBeGreaterThanOrEqual(2)
      expect(run.stderr).toMatch(
        /^Left out \d+ required update\(s\) with no downloadable file in the catalog: /m,
      )
      expect(result.updateIds.sort()).toEqual(required.sort())
      expect(result.download).toMatchObject({ state: 'succeeded' })
      expect(result.finish).toMatchObject({ created: true, files: required.length, added: required.length })
      expect(result.distribution).toBeNull()

      const folder = join(tmp.dir, 'pkg', 'bookworm')
      for (const id of required) {
        const deb = repo.debs.get(id.split(':')[1]!)!
        expect(readFileSync(join(folder, deb.file)).length).toBe(deb.size)
      }
      const pkg = await runJson<PackageDto>(['package', 'list', ...site], tmp.env).then((l) =>
        (l as unknown as PackageDto[]).find((p) => p.id === result.finish.packageId),
      )
      expect(pkg).toMatchObject({
        name: 'Bookworm security',
        manufacturer: 'Debian Security Team',
        sendingPriority: 'high',
      })
      const [dp] = await runJson<DeploymentPackageDto[]>(['wizard', 'packages', ...site], tmp.env)
      expect(dp).toMatchObject({
        packageId: result.finish.packageId,
        settings: { countdownMinutes: 10, postponeRestarts: 'servers' },
      })

      // The same package again with one update: nothing to download, one kept, the others removed.
      const one = required[0]!
      const again = answers('bookworm-one.json', {
        packageId: result.finish.packageId,
        name: 'Bookworm security',
        programName: 'Install',
        updateType: TYPE,
        sourcePath: folder,
        updateIds: [one],
      })
      const human = await runCli(['wizard', 'run', '--answers', again, ...site], tmp.env)
      expect(human.code, human.stderr).toBe(0)
      expect(human.stdout).toMatch(
        new RegExp(
          `^Changed package ${result.finish.packageId} "Bookworm security": 1 file\\(s\\), 0 update\\(s\\) added, ${required.length - 1} removed;`,
        ),
      )
      expect(human.stdout).toMatch(/Not distributed \(no distributionPointIds\)\./)

      const badPoint = answers('bookworm-dp.json', {
        name: 'Bookworm to nowhere',
        programName: 'Install',
        updateType: TYPE,
        sourcePath: folder,
        updateIds: [one],
        distributionPointIds: ['dp-nowhere'],
      })
      const refused = await runCli(['wizard', 'run', '--answers', badPoint, ...site], tmp.env)
      expect(refused).toMatchObject({
        code: 1,
        stderr: 'patchbay: No distribution point named or with ID "dp-nowhere"\n',
      })
    }, 120_000)
  },
)
