import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  DeployLogLineDto,
  DeploymentDto,
  DeploymentRunDto,
  DeploymentStatusDto,
} from '../../../shared/dto/deployment'
import type { StateMessageDto } from '../../../shared/dto/update'
import { startLabFleet, type LabFleet } from '../../../main/clients/lab'
import { newSite } from '../../support/services'
import { addLabClients, writeLabKey } from '../../support/lab-clients'
import { createInProcessTransport } from '../../../main/core/runtime/in-process-transport'
import { createMemoryPrefs } from '../../../main/core/runtime/prefs'
import { startServices } from '../../../main/core/runtime/start-services'
import { openSiteDb } from '../../../main/site/site-db'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson, startCli } from './cli-harness'

/** deploy create / run --wait / status, state list and report against simulated lab hosts. */
describe('patchbay deploy, state list and report', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  let fleet: LabFleet
  let wanted: string[] = []
  let spare = ''
  let hostNames: string[] = []

  beforeAll(async () => {
    await ensureCliBuilt()
    fleet = await startLabFleet({ hosts: 3, seed: 31, windowsShare: 0 })
    hostNames = fleet.hosts.map((h) => h.name)
    const keyFile = writeLabKey(fleet, tmp.dir)
    const { services, api } = await newSite(tmp.site, 'LAB')
    try {
      await addLabClients(api, fleet.hosts, keyFile)
      const targets = { collectionId: 'LAB00001' }
      await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)
      await services.wait(
        (await api.invoke('clients:scan', { targets, force: true, trustNewHostKeys: false })).id,
      )
      const r0 = (await api.invoke('resources:list', {})).find((r) => r.name === hostNames[0])!
      const required = (await api.invoke('state:list', { resourceId: r0.id, topicType: 500 }))
        .filter((m) => m.stateId === 2 && !m.updateId!.includes('linux-image'))
        .map((m) => m.updateId!)
      wanted = required.slice(0, 2)
      spare = required[2]!
      await api.invoke('updatelists:create', { name: 'Lab wave', updateIds: wanted })
    } finally {
      await services.close()
    }
  }, 300_000)

  afterAll(async () => {
    await fleet?.stop()
    tmp.cleanup()
  })

  it('refuses --updates with --list, and a deadline before the available time', async () => {
    const both = await runCli(
      ['deploy', 'create', '--updates', 'x', '--list', 'y', '--collection', 'All Systems', ...site],
      tmp.env,
    )
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/^patchbay: give exactly one of --updates or --list$/m)
    const early = await runCli(
      [
        'deploy',
        'create',
        '--updates',
        wanted[0]!,
        '--collection',
        'All Systems',
        '--available',
        '2025-03-04T00:00:00Z',
        '--deadline',
        '2025-03-03T00:00:00Z',
        ...site,
      ],
      tmp.env,
    )
    expect(early.code).toBe(1)
    expect(early.stderr).toMatch(/deadline must not be before the available time/)
    expect(await runJson<DeploymentDto[]>(['deploy', 'list', ...site], tmp.env)).toEqual([])
  }, 60_000)

  it('create --list NAME deploys the update list (optional without a deadline)', async () => {
    const d = await runJson<DeploymentDto>(
      ['deploy', 'create', '--list', 'Lab wave', '--collection', 'All Systems', ...site],
      tmp.env,
    )
    expect(d).toMatchObject({ mandatory: false, deadline: null, collectionName: 'All Systems' })
    expect(d.updateListId).not.toBeNull()
    expect(d.updateIds).toEqual([...wanted].sort())
  }, 60_000)

  it('create → run --wait → status --json: every client 402/10 with its name', async () => {
    expect(wanted.length).toBeGreaterThan(0)
    const d = await runJson<DeploymentDto>(
      [
        'deploy',
        'create',
        '--updates',
        wanted.join(','),
        '--collection',
        'All Systems',
        '--deadline',
        new Date().toISOString(),
        '--reboot',
        'suppress',
        '--run-name',
        'Wave one',
        ...site,
      ],
      tmp.env,
    )
    expect(d).toMatchObject({ collectionName: 'All Systems', mandatory: true, jobId: null })
    expect(d.updateIds).toEqual([...wanted].sort())
    expect(d.settings.reboot).toBe('suppress')

    const run = await runJson<DeploymentRunDto>(['deploy', 'run', d.id, '--wait', ...site], tmp.env)
    expect(run).toMatchObject({ deploymentId: d.id, state: 'succeeded', runName: 'Wave one' })

    const logs = await runJson<DeployLogLineDto[]>(
      ['deploy', 'logs', '--run', 'Wave one', '--client', hostNames[0]!, ...site],
      tmp.env,
    )
    expect(logs.length).toBeGreaterThan(0)
    for (const l of logs) expect(l).toMatchObject({ runName: 'Wave one', computer: hostNames[0] })
    const pkg = wanted[0]!.split(':')[1]!
    const text = await runCli(['deploy', 'logs', '--search', pkg, ...site], tmp.env)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/Wave one\s+\S+\s+\[[^\]]+\]\s+State 402\/10 Successfully installed update/)

    const status = await runJson<DeploymentStatusDto>(['deploy', 'status', d.id, ...site], tmp.env)
    expect(status.job).toMatchObject({ id: run.jobId, state: 'succeeded' })
    const first = status.clients.find((c) => c.name === hostNames[0])!
    expect(first).toMatchObject({
      stepState: 'succeeded',
      enforcementStateId: 10,
      enforcementStateName: 'Successfully installed update',
    })
    for (const c of status.clients) expect(c.stepState).toBe('succeeded')

    const table = await runCli(['deploy', 'status', d.id, ...site], tmp.env)
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(
      new RegExp(`${hostNames[0]}\\s+succeeded\\s+10\\s+Successfully installed update`),
    )
  }, 180_000)

  it('state list --client --topic 402 --json: topicType, stateId, stateName, update and time', async () => {
    const msgs = await runJson<StateMessageDto[]>(
      ['state', 'list', '--client', hostNames[0]!, '--topic', '402', ...site],
      tmp.env,
    )
    expect(msgs.length).toBe(3 * wanted.length)
    for (const m of msgs) {
      expect(m).toMatchObject({ topicType: 402, resourceName: hostNames[0] })
      expect(wanted).toContain(m.updateId)
      expect(Number.isNaN(Date.parse(m.time))).toBe(false)
    }
    const ofFirst = msgs.filter((m) => m.updateId === wanted[0]).map((m) => `${m.stateId} ${m.stateName}`)
    expect(ofFirst).toEqual([
      '10 Successfully installed update',
      '8 Installing update',
      '7 Pending installation',
    ])
    const unknown = await runCli(['state', 'list', '--client', 'no-such-host', ...site], tmp.env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no-such-host/)
  }, 60_000)

  it('report deployments|enforcement --csv; an unknown report is a usage error', async () => {
    const byState = await runCli(['report', 'deployments', '--csv', ...site], tmp.env)
    expect(byState.code, byState.stderr).toBe(0)
    const rows = lines(byState.stdout)
    expect(rows[0]).toBe('deployment,name,job,state,clients')
    expect(rows.slice(1)).toContainEqual(
      expect.stringMatching(/,succeeded,Successfully installed update,\d+$/),
    )

    const enf = await runCli(['report', 'enforcement', '--csv', ...site], tmp.env)
    const erows = lines(enf.stdout)
    expect(erows[0]).toBe('deployment,client,update,stateId,state,applicability')
    for (const u of wanted)
      expect(erows).toContainEqual(
        expect.stringMatching(
          new RegExp(`,${hostNames[0]},${u.replace(/[.+]/g, '\\$&')},10,Successfully installed update,3$`),
        ),
      )

    const site2 = await runCli(['report', 'scan-states-by-site', '--csv', ...site], tmp.env)
    expect(lines(site2.stdout)).toEqual(['site,stateId,state,clients,percent', 'LAB,3,Scan completed,3,100'])

    const bad = await runCli(['report', 'nope', ...site], tmp.env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/unknown report "nope"/)
  }, 60_000)

  it('deploy logs --follow --json streams JSON lines until killed', async () => {
    const follow = startCli(['deploy', 'logs', '--follow', '--json', '--run', 'Wave one', ...site], tmp.env)
    try {
      const out = await follow.waitFor(/(.*\n){3}/, 30_000)
      const first = out
        .split('\n')
        .slice(0, 3)
        .map((l) => JSON.parse(l) as DeployLogLineDto)
      for (const l of first) expect(l).toMatchObject({ runName: 'Wave one', kind: expect.any(String) })
      expect(first[0]!.id).toBeLessThan(first[2]!.id)
    } finally {
      follow.child.kill('SIGTERM')
    }
    expect((await follow.exited).code ?? 0).toBe(0)
  }, 60_000)

  it('deploy retry --client reruns only that client of a failed run', async () => {
    // A catalog version the hosts cannot install makes every host that needs the update fail.
    const db = await openSiteDb(tmp.site)
    const good = (
      await db.db
        .selectFrom('software_update')
        .select('version')
        .where('id', '=', spare)
        .executeTakeFirstOrThrow()
    ).version
    await db.db
      .updateTable('software_update')
      .set({ version: '0.0-missing' })
      .where('id', '=', spare)
      .execute()
    const services = await startServices({
      site: tmp.site,
      frontDoor: 'in-process',
      prefs: createMemoryPrefs(),
    })
    let id = ''
    try {
      const api = createInProcessTransport(services)
      id = (
        await api.invoke('deploy:create', {
          collectionId: 'LAB00001',
          updateIds: [spare],
          deadline: new Date().toISOString(),
          settings: { maxAttempts: 1, reboot: 'suppress', resourceIds: [] },
        })
      ).id
    } finally {
      await services.close()
    }
    const failed = await runCli(['deploy', 'run', id, '--wait', '--json', ...site], tmp.env)
    expect(failed.code).toBe(1)
    expect((JSON.parse(failed.stdout) as DeploymentRunDto).state).toBe('failed')
    const before = await runJson<DeploymentStatusDto>(['deploy', 'status', id, ...site], tmp.env)
    const host0 = before.clients.find((c) => c.name === hostNames[0])!
    expect(host0.stepState).toBe('failed')
    const others = before.clients.filter((c) => c.name !== hostNames[0])

    await db.db.updateTable('software_update').set({ version: good }).where('id', '=', spare).execute()
    await db.close()
    const unknown = await runCli(['deploy', 'retry', id, '--client', 'no-such-host', ...site], tmp.env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no-such-host/)
    await runCli(['deploy', 'retry', id, '--client', hostNames[0]!, '--wait', ...site], tmp.env)
    const after = await runJson<DeploymentStatusDto>(['deploy', 'status', id, ...site], tmp.env)
    expect(after.clients.find((c) => c.name === hostNames[0])).toMatchObject({
      stepState: 'succeeded',
      enforcementStateId: 10,
    })
    // The other clients kept their step and message: they did not run again.
    for (const c of others)
      expect(after.clients.find((x) => x.name === c.name)).toMatchObject({
        stepState: c.stepState,
        message: c.message,
      })
  }, 180_000)
})
