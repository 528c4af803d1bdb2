import { describe, expect, it } from 'vitest'
import { dispatch } from '../../../../main/core/runtime/dispatch'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import { startServices } from '../../../../main/core/runtime/start-services'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('dispatch (the one guard of every binding)', () => {
  it('refuses unknown channels and invalid input with an error naming the field, and answers valid calls', async () => {
    const services = await startServices({
      site: join(mkdtempSync(join(tmpdir(), 'pb-')), 'site.db'),
      frontDoor: 'in-process',
      prefs: createMemoryPrefs(),
      createIfMissing: true,
    })
    try {
      expect(await dispatch(services, 'fs:read', {})).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      })
      expect(await dispatch(services, '__proto__', {})).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      })
      const bad = await dispatch(services, 'resources:create', {
        name: 'ok',
        address: '127.0.0.1',
        port: 70000,
      })
      expect(bad).toEqual({
        ok: false,
        error: { code: 'invalid-input', message: 'port: Port must be 1–65535', field: 'port' },
      })
      const good = await dispatch(services, 'resources:create', { name: 'ok', address: '127.0.0.1' })
      expect(good).toMatchObject({ ok: true, value: { name: 'ok', port: 22, platform: 'unknown' } })
      const prefs = await dispatch(services, 'prefs:set', {
        theme: 'dark',
        columnWidths: { collections: { name: 300 } },
      })
      expect(prefs).toMatchObject({
        ok: true,
        value: { theme: 'dark', lastNode: 'site', columnWidths: { collections: { name: 300 } } },
      })
    } finally {
      await services.close()
    }
  })
})

describe('jobs left running by a process', () => {
  it('are marked interrupted on start only when that process is gone', async () => {
    const site = join(mkdtempSync(join(tmpdir(), 'pb-')), 'site.db')
    const first = await startServices({ site, frontDoor: 'in-process', createIfMissing: true })
    const { openSiteDb } = await import('../../../../main/site/site-db')
    const db = await openSiteDb(site)
    const job = (owner: string) => ({
      kind: 'scan',
      object_id: owner,
      state: 'running',
      owner,
      attempts: 1,
      error: '',
      created_at: '2026-11-21T00:00:00.000Z',
    })
    const { hostname } = await import('node:os')
    await db.db
      .insertInto('job')
      .values([
        job(`${hostname()}:${process.pid}`),
        job(`${hostname()}:999999999`),
        job('other-host.invalid:1'),
      ])
      .execute()
    await first.close()
    const second = await startServices({ site, frontDoor: 'in-process' })
    await new Promise((r) => setTimeout(r, 200))
    const states = await db.db.selectFrom('job').select(['object_id', 'state']).orderBy('id').execute()
    expect(states.map((s) => s.state)).toEqual(['running', 'cancelled', 'running'])
    await second.close()
    await db.close()
  })
})

describe('console:open-explorer', () => {
  it('opens Resource Explorer through the front door that has windows, and says so where none does', async () => {
    const opened: number[] = []
    const site = join(mkdtempSync(join(tmpdir(), 'pb-')), 'site.db')
    const electronLike = await startServices({
      site,
      frontDoor: 'electron',
      createIfMissing: true,
      openResourceExplorer: (id) => opened.push(id),
    })
    try {
      const r = await electronLike.handlers['resources:create']({
        name: 'ws01',
        address: '127.0.0.9',
        port: 22,
        user: '',
        platform: 'windows',
        osVersion: '',
        roles: [],
        authMethod: 'auto',
        transport: 'ssh',
        identityFile: '',
        simulated: false,
      })
      expect(await dispatch(electronLike, 'console:open-explorer', { resourceId: r.id })).toEqual({
        ok: true,
        value: { opened: true },
      })
      expect(opened).toEqual([r.id])
      expect(await dispatch(electronLike, 'console:open-explorer', { resourceId: 999 })).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      })
    } finally {
      await electronLike.close()
    }
    const browser = await startServices({ site, frontDoor: 'browser' })
    try {
      expect(await dispatch(browser, 'console:open-explorer', { resourceId: 1 })).toEqual({
        ok: true,
        value: { opened: false },
      })
    } finally {
      await browser.close()
    }
  })
})
