import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  debRepoSkipReason,
  LAB_BOOKWORM_SECURITY,
  startDebRepo,
  type DebRepo,
} from '../../../main/core/wizard/repo'
import { startHarness, type Harness } from '../../store-harness'

describe.skipIf(debRepoSkipReason() !== null)(
  'WizardStore on the real services (catalog of real .deb files on 127.0.0.1)',
  () => {
    let h: Harness
    let repo: DebRepo
    let snapshot: string
    let ids: string[]

    beforeAll(async () => {
      repo = await startDebRepo(LAB_BOOKWORM_SECURITY)
      h = await startHarness()
      const t = h.root.transport
      await t.invoke('catalog:sources-add', {
        name: 'security',
        baseUrl: repo.baseUrl,
        suite: repo.suite,
        allowUnsigned: true,
      })
      await t.invoke('catalog:sync', { sourceName: 'security' })
      snapshot = join(h.dir, 'catalog.snapshot')
      await t.invoke('catalog:export-snapshot', { out: snapshot })
      const names = new Set(LAB_BOOKWORM_SECURITY.map((p) => `deb:${p.name}:${p.arch}:${p.version}`))
      ids = (await t.invoke('updates:list', {})).map((u) => u.id).filter((id) => names.has(id))
      expect(ids.length).toBeGreaterThanOrEqual(2)
    }, 60_000)

    afterAll(async () => {
      await h?.close()
      await repo?.close()
    })

    it('orders its pages by mode and choices; one wizard at a time', () => {
      const host = h.root.wizard
      const w = host.open({ from: 'Software Updates' })
      expect(host.open()).toBe(w)
      expect(w.pages).toEqual([
        'welcome',
        'type',
        'package',
        'info',
        'inventory',
        'updates',
        'source',
        'download',
        'status',
        'dps',
        'agent',
        'notify',
        'summary',
        'progress',
        'done',
      ])
      w.setDownloadAutomatically(false)
      expect(w.pages).not.toContain('download')
      w.setMode('offline')
      expect(w.pages).toEqual(['welcome', 'type', 'updates', 'bundle', 'summary', 'progress', 'done'])
      expect(w.canBack).toBe(false)
      w.close()
      expect(host.current).toBeNull()
    })

    it('offline: Next waits for what each page needs; Back keeps the choices', async () => {
      const w = h.root.wizard.open()
      w.setMode('offline')
      expect(w.blocker).toBe('Give the catalog snapshot file')
      await w.next()
      expect(w.page).toBe('welcome')
      w.set('snapshot', join(h.dir, 'missing.snapshot'))
      await w.next()
      expect(w.page).toBe('welcome')
      expect(w.error).toContain('No catalog snapshot at')

      w.set('snapshot', snapshot)
      await w.next()
      expect(w.page).toBe('type')
      expect(w.updateType).toBe('debian|Security Updates')
      await w.next()
      expect(w.page).toBe('updates')
      expect(w.candidates.map((c) => c.id)).toEqual(expect.arrayContaining(ids))
      expect(w.blocker).toBe('Tick at least one update')
      await w.next()
      expect(w.page).toBe('updates')
      for (const id of ids) w.toggle(id, true)
      await w.next()
      expect(w.page).toBe('bundle')
      expect(w.blocker).toBe('Give the bundle file and the signing key')
      w.back()
      expect(w.page).toBe('updates')
      expect([...w.selected].sort()).toEqual([...ids].sort())
      await w.cancel()
      expect(w.closed).toBe(true)
    })

    it('site: the program name follows the package name; the folder must be absolute; Cancel removes what the download fetched', async () => {
      const w = h.root.wizard.open()
      await w.next()
      expect(w.page).toBe('type')
      w.set('updateType', 'debian|Security Updates')
      await w.next()
      expect(w.page).toBe('package')
      expect(w.blocker).toBe('Give the package a name')
      w.set('name', 'Bookworm security')
      expect(w.programName).toBe('Bookworm security')
      w.set('programName', 'Install')
      w.set('name', 'Bookworm security 2')
      expect(w.programName).toBe('Install')
      await w.next()
      expect(w.page).toBe('info')
      await w.next()
      await w.next()
      expect(w.page).toBe('updates')
      for (const id of ids) w.toggle(id, true)
      await w.next()
      expect(w.page).toBe('source')
      w.set('sourcePath', 'relative/folder')
      expect(w.blocker).toBe('Give the package source folder as an absolute path')
      const folder = join(h.dir, 'wizard-src')
      w.set('sourcePath', folder)
      await w.next()
      // Next on Package Source downloads (the Download Progress page), then shows the status page.
      expect(w.page).toBe('download')
      expect(w.downloadTask?.dto.state).toBe('succeeded')
      expect(readdirSync(folder)).toHaveLength(ids.length)
      await w.next()
      expect(w.page).toBe('status')
      expect(w.allReady).toBe(true)
      w.back()
      expect(w.page).toBe('source') // Back passes over the finished download
      expect(w.hasWork).toBe(true)
      await w.cancel()
      expect(existsSync(folder)).toBe(false)
      expect(w.sessionId).toBeNull()
      expect(h.root.wizard.current).toBeNull()
      expect(await h.root.transport.invoke('packages:list', {})).toHaveLength(0)
    })

    it('Installation Agent: a deployment template fills restarts and notification; the summary keeps its name', async () => {
      const t = h.root.transport
      const servers = await t.invoke('templates:create', {
        name: 'Servers — patch Tuesday',
        settings: {
          suppressRestartServers: true,
          deadlineOffsetHours: 48,
          userNotification: 'display-restarts-only',
        },
      })
      const quiet = await t.invoke('templates:create', {
        name: 'Kiosks — silent',
        settings: {
          suppressRestartServers: true,
          suppressRestartWorkstations: true,
          userNotification: 'hide-all',
        },
      })
      const w = h.root.wizard.open()
      try {
        await w.loadTemplates()
        expect(w.templates.map((x) => x.name)).toEqual(expect.arrayContaining([servers.name, quiet.name]))
        expect(w.templateSummary).toBe('None')
        expect(w.settings).toMatchObject({
          postponeRestarts: 'never',
          notifyUsers: true,
        })

        w.applyTemplate(servers.id)
        expect(w.settings).toMatchObject({
          postponeRestarts: 'servers',
          notifyUsers: false,
          countdownMinutes: 5,
        })
        expect(w.templateSummary).toBe('Servers — patch Tuesday')

        w.applyTemplate(quiet.id)
        expect(w.settings).toMatchObject({
          postponeRestarts: 'both',
          notifyUsers: false,
          countdownMinutes: 0,
        })
        expect(w.templateSummary).toBe('Kiosks — silent')
        w.setSettings({ notifyUsers: true })
        expect(w.templateSummary).toBe('Kiosks — silent (settings changed afterwards)')

        w.applyTemplate(null)
        expect(w.templateSummary).toBe('None')
        expect(w.settings.postponeRestarts).toBe('both') // forgetting the template keeps what it filled
      } finally {
        w.close()
        await t.invoke('templates:delete', { id: servers.id })
        await t.invoke('templates:delete', { id: quiet.id })
      }
    })
  },
)
