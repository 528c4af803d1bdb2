import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APT_SUCCESS_STAMP } from '../../../../main/clients/platforms/package-lists'
import type { Services } from '../../../../main/core/runtime/services'
import {
  localAptRepoSkipReason,
  rootPrefix,
  startLocalAptRepo,
  type LocalAptRepo,
} from '../../../support/local-apt-repo'
import { startRootSshd, type RootSshd } from '../../../support/root-sshd'
import { newSite } from '../../../support/services'
import { addThisMachine } from '../../../support/this-machine'
import { siteEngines } from '../../../support/site-engines'
import { freePort, sshdSkipReason } from '../../../support/sshd'

const skip = localAptRepoSkipReason() ?? sshdSkipReason()
const LISTS = '/var/lib/apt/lists'
const STAMPS = [APT_SUCCESS_STAMP, '/var/lib/apt/periodic/update-stamp']

/** Every file the Debian scan reads the lists' age from, as it is now on this machine. */
function ageFiles(): string[] {
  const lists = existsSync(LISTS)
    ? readdirSync(LISTS)
        .filter((f) => f.endsWith('Release') || f.includes('_Packages'))
        .map((f) => join(LISTS, f))
    : []
  return [...lists, ...STAMPS.filter((f) => existsSync(f))]
}

/** Sets the mtime of those files (as root) to `secondsAgo` seconds ago. */
function backdate(secondsAgo: number): void {
  const epoch = Math.floor(Date.now() / 1000) - secondsAgo
  const [cmd, ...pre] = [...rootPrefix()!, 'touch']
  execFileSync(cmd!, [...pre, '-h', '-d', `@${epoch}`, ...ageFiles()])
}

const secondsSince = (iso: string | null) => (iso === null ? NaN : (Date.now() - Date.parse(iso)) / 1000)

/**
 * The real peer: this machine's apt, reached as root through a private sshd on 127.0.0.1. Every refresh is scoped
 * to the local test repository's source list (or a source on a closed 127.0.0.1 port), so no other source is
 * contacted; list files are backdated with touch under the local-apt-repo machine-wide lock and restored after.
 */
describe.skipIf(skip !== null)('scans record how fresh the package lists are and refresh old ones', () => {
  let repo: LocalAptRepo | undefined
  let sshd: RootSshd | undefined
  const opened: Services[] = []
  const saved = new Map<string, number>()
  let stampExisted = false
  let deadSource = ''

  beforeAll(async () => {
    repo = await startLocalAptRepo()
    stampExisted = existsSync(APT_SUCCESS_STAMP)
    for (const f of ageFiles()) saved.set(f, statSync(f).mtimeMs)
    sshd = await startRootSshd()
    await repo.addSource()
    const dir = mkdtempSync(join(tmpdir(), 'pb-dead-source-'))
    deadSource = join(dir, 'dead.list')
    writeFileSync(deadSource, `deb [trusted=yes] http://127.0.0.1:${await freePort()}/ ./\n`)
  }, 180_000) // may wait for another test file holding the machine-wide lock

  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {})
    await sshd?.stop()
    const [cmd, ...pre] = [...(rootPrefix() ?? []), 'touch']
    for (const [f, ms] of saved)
      if (existsSync(f)) execFileSync(cmd!, [...pre, '-h', '-d', `@${Math.floor(ms / 1000)}`, f])
    if (!stampExisted && rootPrefix()) {
      const [rm, ...rpre] = [...rootPrefix()!, 'rm']
      execFileSync(rm!, [...rpre, '-f', APT_SUCCESS_STAMP])
    }
    if (deadSource) rmSync(deadSource, { force: true })
    await repo?.close()
  })

  /** A site whose scans refresh with `aptOptions`, holding this machine as a root client. */
  async function siteWithClient(location: string, aptOptions: string[]) {
    const { services, api } = await newSite(location, 'LAB', undefined, {
      listsRefreshAptOptions: aptOptions,
      scanTtlMs: 0,
    })
    opened.push(services)
    const host = await addThisMachine(services, api, sshd!)
    const targets = { resourceIds: [host.id] }
    const scan = async (force: boolean) => {
      const job = await services.wait(
        (await api.invoke('clients:scan', { targets, force, trustNewHostKeys: false })).id,
      )
      expect(job.hosts[0]!.state, job.hosts[0]!.message).toBe('succeeded')
      return job.hosts[0]!.message
    }
    const resource = async () => (await api.invoke('resources:list', {})).find((c) => c.id === host.id)!
    return { api, scan, resource, id: host.id }
  }

  const releaseRequests = (r: LocalAptRepo) => r.requests.filter((q) => q.path.endsWith('Release')).length

  for (const engine of siteEngines()) {
    it(`old lists are refreshed before the scan, fresh ones are not, a forced scan always refreshes (${engine.kind})`, async () => {
      const r = repo!
      const { api, scan, resource, id } = await siteWithClient(
        engine.freshLocation('fresh'),
        r.aptOptions.filter((o) => o !== '-o'),
      )
      expect(await api.invoke('site:settings-get', {})).toEqual({ listsRefreshHours: 24 })

      // Lists 3 days old, threshold 24 h: the scan runs apt-get update first (the repository sees it).
      backdate(3 * 86_400)
      let before = releaseRequests(r)
      expect(await scan(false)).toMatch(/; package lists refreshed$/)
      expect(releaseRequests(r)).toBeGreaterThan(before)
      let client = await resource()
      expect(secondsSince(client.listsUpdatedAt)).toBeLessThan(120)
      expect(client.listsRefreshError).toBe('')
      const stamp = statSync(APT_SUCCESS_STAMP).mtimeMs
      expect(Date.now() - stamp).toBeLessThan(120_000)
      const scanned = await api.invoke('state:list', { resourceId: id, topicType: 501 })
      expect(scanned[0]!.detail).toMatch(/package lists refreshed/)

      // Fresh lists, not forced: no apt-get update (no request, the success stamp untouched).
      before = releaseRequests(r)
      expect(await scan(false)).toMatch(/; package lists \d+ min old$/)
      expect(releaseRequests(r)).toBe(before)
      expect(statSync(APT_SUCCESS_STAMP).mtimeMs).toBe(stamp)

      // A forced scan always refreshes.
      before = releaseRequests(r)
      expect(await scan(true)).toMatch(/; package lists refreshed$/)
      expect(releaseRequests(r)).toBeGreaterThan(before)

      // The site setting decides: lists 3 days old stay as they are under a 100 h threshold.
      expect(await api.invoke('site:settings-set', { listsRefreshHours: 100 })).toEqual({
        listsRefreshHours: 100,
      })
      backdate(3 * 86_400)
      before = releaseRequests(r)
      expect(await scan(false)).toMatch(/; package lists 3 d old$/)
      expect(releaseRequests(r)).toBe(before)
      client = await resource()
      expect(secondsSince(client.listsUpdatedAt) / 3600).toBeCloseTo(72, 0)

      // 0: every scan refreshes.
      await api.invoke('site:settings-set', { listsRefreshHours: 0 })
      before = releaseRequests(r)
      expect(await scan(false)).toMatch(/; package lists refreshed$/)
      expect(releaseRequests(r)).toBeGreaterThan(before)
    }, 300_000)

    it(`a refresh that fails keeps the scan, says why and keeps the old age; query rules see that age (${engine.kind})`, async () => {
      const { api, scan, resource } = await siteWithClient(engine.freshLocation('dead'), [
        `Dir::Etc::sourcelist=${deadSource}`,
        'Dir::Etc::sourceparts=-',
        'APT::Get::List-Cleanup=0',
      ])
      backdate(3 * 86_400)
      const message = await scan(false)
      expect(message).toMatch(/^\d+ required, \d+ installed; /)
      expect(message).toMatch(
        /; package lists 3 d old; refresh failed: exit 0: W: Failed to fetch http:\/\/127\.0\.0\.1:\d+\//,
      )
      const client = await resource()
      expect(client.listsRefreshError).toMatch(/Failed to fetch/)
      expect(secondsSince(client.listsUpdatedAt) / 3600).toBeCloseTo(72, 0)
      expect(client.lastScanAt).not.toBeNull()

      const old = await api.invoke('collections:create', {
        name: 'Lists older than 48 h',
        rules: [
          {
            kind: 'query',
            name: 'old lists',
            conditions: [{ attribute: 'listsAgeHours', operator: 'greaterThan', value: '48' }],
          },
        ],
      })
      const fresh = await api.invoke('collections:create', {
        name: 'Lists younger than 48 h',
        rules: [
          {
            kind: 'query',
            name: 'fresh lists',
            conditions: [{ attribute: 'listsAgeHours', operator: 'lessThan', value: '48' }],
          },
        ],
      })
      expect((await api.invoke('collections:members', { id: old.id })).map((m) => m.name)).toEqual([
        'this-machine',
      ])
      expect(await api.invoke('collections:members', { id: fresh.id })).toEqual([])
    }, 300_000)
  }
})
