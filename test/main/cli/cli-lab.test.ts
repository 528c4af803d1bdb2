import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDto } from '../../../shared/dto/job'
import type { ResourceDto } from '../../../shared/dto/resource'
import { assignFaults, generateLabHosts } from '../../../main/clients/lab'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson, startCli, type RunningCli } from './cli-harness'

describe('patchbay lab start, then scan the lab fleet from another process', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  const dir = join(tmp.dir, 'lab')
  let lab: RunningCli | undefined

  // The same seed gives the same names and faults in this process as in the lab's.
  const names = generateLabHosts({ hosts: 20, seed: 3 }).map((h) => h.name)
  const faults = assignFaults(20, 3, { unreachable: 0.1 })
  const unreachable = names.filter((_n, i) => faults[i] === 'unreachable').sort()

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'LAB', '--name', 'Lab', ...site], tmp.env)
  })
  afterAll(async () => {
    if (lab && lab.child.exitCode === null) {
      lab.child.kill('SIGKILL')
      await lab.exited
    }
    tmp.cleanup()
  })

  it('serves 20 simulated hosts, registered as simulated clients in "Lab fleet"', async () => {
    lab = startCli(
      [
        'lab',
        'start',
        '--hosts',
        '20',
        '--seed',
        '3',
        '--faults',
        'unreachable=0.1',
        '--site',
        tmp.site,
        '--dir',
        dir,
      ],
      tmp.env,
    )
    const out = await lab.waitFor(/Ctrl\+C stops it\n/, 60_000)
    expect(lines(out)).toHaveLength(1)
    expect(out).toMatch(
      /^Lab fleet: 20 simulated hosts on 127\.0\.0\.1 ports \d+–\d+; clients in collection "Lab fleet"; Ctrl\+C stops it$/m,
    )
    const key = join(dir, 'lab_ed25519')
    expect(statSync(key).mode & 0o777).toBe(0o600)
    const clients = await runJson<ResourceDto[]>(['client', 'list', ...site], tmp.env)
    expect(clients.map((c) => c.name).sort()).toEqual([...names].sort())
    for (const c of clients)
      expect(c).toMatchObject({ simulated: true, authMethod: 'key', identityFile: key, address: '127.0.0.1' })
    expect(unreachable).toHaveLength(2)
  }, 90_000)

  it('scan --collection exits 1 naming exactly the unreachable hosts; the other 18 succeeded', async () => {
    const run = await runCli(
      ['scan', '--collection', 'Lab fleet', '--trust-new-host-key', '--json', ...site],
      tmp.env,
    )
    expect(run.code).toBe(1)
    const failedLines = lines(run.stderr)
    expect(failedLines).toHaveLength(2)
    for (const [i, name] of unreachable.entries())
      expect(failedLines[i]).toMatch(new RegExp(`^patchbay: ${name} \\(127\\.0\\.0\\.1:\\d+\\): unreachable`))
    const job = JSON.parse(run.stdout) as JobDto
    expect(job).toMatchObject({ kind: 'scan', state: 'failed', total: 20, succeeded: 18, failed: 2 })
    expect(
      job.hosts
        .filter((h) => h.state === 'failed')
        .map((h) => h.name)
        .sort(),
    ).toEqual(unreachable)

    // The human form: one line per host, then the summary.
    const human = await runCli(['scan', '--collection', 'Lab fleet', ...site], tmp.env)
    expect(human.code).toBe(1)
    expect(human.stdout).toMatch(/^Name\s+Address\s+State\s+Message$/m)
    expect(human.stdout).toMatch(/scanned \d+ min ago, within the scan TTL/)
    expect(human.stdout).toMatch(/^Scan 20 clients: 0 succeeded, 2 failed, 18 skipped of 20\.$/m)
  }, 90_000)

  it('stops cleanly on SIGINT', async () => {
    lab!.child.kill('SIGINT')
    expect(await lab!.exited).toEqual({ code: 0, signal: null })
    expect(lab!.stderr).toBe('')
  })
})
