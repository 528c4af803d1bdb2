import { describe, expect, it } from 'vitest'
import { initSite } from '../../main/core/runtime/site-init'
import { openSiteDb } from '../../main/site/site-db'
import {
  stateIdsByTopic,
  TopicType,
  UpdateApplicability,
  UpdateEnforcementState,
} from '../../shared/state-ids'
import { siteEngines } from '../support/site-engines'

// The TopicType 402 and 500 tables as ConfigMgr documents them (v_StateNames), copied verbatim.
const seed000 = `
500 0 Detection state unknown
500 1 Update is not required
500 2 Update is required
500 3 Update is installed
402 0 Enforcement state unknown
402 1 Enforcement started
402 2 Enforcement waiting for content
402 3 Waiting for another installation to complete
402 4 Waiting for maintenance window before installing
402 5 Restart required before installing
402 6 General failure
402 7 Pending installation
402 8 Installing update
402 9 Pending system restart
402 10 Successfully installed update
402 11 Failed to install update
402 12 Downloading update
402 13 Downloaded update
402 14 Failed to download update
`
  .trim()
  .split('\n')
  .map((l) => {
    const [topic, id, ...name] = l.split(' ')
    return { topic: Number(topic), id: Number(id), name: name.join(' ') }
  })

describe.each(siteEngines())('state IDs against the seeded state_name table on $kind', (engine) => {
  async function seededNames(): Promise<Map<string, string>> {
    const location = engine.freshLocation('stateids')
    const info = await initSite({ site: location, code: 'LAB', name: 'Lab Site' })
    expect(info.code).toBe('LAB')
    const site = await openSiteDb(location)
    try {
      const rows = await site.db.selectFrom('state_name').selectAll().execute()
      return new Map(rows.map((r) => [`${r.topic_type}/${r.state_id}`, r.state_name]))
    } finally {
      await site.close()
    }
  }

  it('names every constant in the table, and every table row of these topics has a constant', async () => {
    const names = await seededNames()
    for (const [topic, ids] of Object.entries(stateIdsByTopic)) {
      for (const [key, id] of Object.entries(ids)) {
        expect(names.get(`${topic}/${id}`), `${topic} ${key}=${id}`).toBeTruthy()
      }
      const seeded = [...names.keys()]
        .filter((k) => k.startsWith(`${topic}/`))
        .map((k) => Number(k.split('/')[1]))
      expect(seeded.sort((a, b) => a - b)).toEqual(Object.values(ids).sort((a, b) => a - b))
    }
    expect(Object.keys(stateIdsByTopic).map(Number)).toEqual(Object.values(TopicType))
  })

  it("matches ConfigMgr's published table row by row for TopicType 402 and 500", async () => {
    const names = await seededNames()
    for (const row of seed000) expect(names.get(`${row.topic}/${row.id}`)).toBe(row.name)
    expect(names.get(`402/${UpdateEnforcementState.Installed}`)).toBe('Successfully installed update')
    expect(names.get(`402/${UpdateEnforcementState.PendingSystemRestart}`)).toBe('Pending system restart')
    expect(names.get(`500/${UpdateApplicability.Required}`)).toBe('Update is required')
    expect(names.get(`500/${UpdateApplicability.Installed}`)).toBe('Update is installed')
  })
})
