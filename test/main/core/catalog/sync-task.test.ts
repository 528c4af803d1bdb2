import { describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { TaskProgressEvent } from '../../../../shared/dto/task'
import { localMirrorSkipReason } from '../../../support/local-apt-mirror'
import { mirroredCatalog } from '../../../support/mirrored-catalog'
import { siteEngines } from '../../../support/site-engines'

const skip = localMirrorSkipReason('bookworm-security')

describe.skipIf(skip !== null).each(siteEngines())(
  'Synchronize Now as a task on $kind (catalog:sync-start)',
  (engine) => {
    const catalog = mirroredCatalog(engine)
    let api: Transport

    const site = async (label: string, options: { allowUnsigned?: boolean } = {}) => {
      const s = await catalog.open(label, options)
      api = s.api
      return s.services
    }

    /** The catalog and history as a user sees them. */
    const snapshot = async () => ({
      updates: (await api.invoke('updates:list', { sourceName: 'debian-security' }))
        .map((u) => `${u.id} ${u.sha256}`)
        .sort(),
      history: await api.invoke('catalog:history', {}),
      source: (await api.invoke('catalog:sources-list', {}))[0],
    })

    it('reports each fetched file’s bytes, then the write, and records the sync in the history', async () => {
      const s = await site('task')
      const seen: TaskProgressEvent[] = []
      s.events.on('task:progress', (e) => seen.push(e))
      const started = await api.invoke('catalog:sync-start', { sourceName: 'debian-security' })
      expect(started).toMatchObject({ kind: 'catalog-sync', state: 'running' })
      const task = await s.waitTask(started.taskId)
      expect(task.state, task.error).toBe('succeeded')
      const [run] = await api.invoke('catalog:history', {})
      expect(run).toMatchObject({ state: 'succeeded', sourceName: 'debian-security' })
      expect(run!.newCount).toBeGreaterThan(100)
      expect(task.result).toBe(`debian-security: ${run!.newCount} new, 0 changed, 0 expired`)
      // One item per fetched file with its bytes, then the write step naming the entry count.
      const names = task.items.map((i) => i.name)
      expect(names[0]).toBe('debian-security: InRelease')
      expect(names.some((n) => /^debian-security: main\/binary-amd64\/Packages/.test(n))).toBe(true)
      expect(names.at(-1)).toBe(`debian-security: writing ${run!.newCount.toLocaleString('en-US')} entries`)
      expect(task.items.every((i) => i.state === 'done')).toBe(true)
      expect(task.bytesDone).toBe(run!.fetchedBytes)
      const index = seen.filter((e) => e.taskId === started.taskId && /Packages/.test(e.item?.name ?? ''))
      expect(index.some((e) => e.item!.state === 'running')).toBe(true)
      expect(index.some((e) => e.item!.bytesDone > 0 && e.item!.bytesTotal === e.item!.bytesDone)).toBe(true)
      expect(seen.at(-1)).toMatchObject({ taskId: started.taskId, state: 'succeeded', item: null })
      expect((await api.invoke('updates:list', { sourceName: 'debian-security' })).length).toBe(run!.newCount)
    })

    it('a cancel while fetching or while writing leaves the catalog and history as they were', async () => {
      // The test republishes the index under an unsigned Release.
      const s = await site('cancel', { allowUnsigned: true })
      const [first] = await api.invoke('catalog:sync', { sourceName: 'debian-security' })
      expect(first!.state).toBe('succeeded')
      const before = await snapshot()
      // A changed index, so the next sync downloads and writes again.
      catalog.mirror.publishIndex(catalog.mirror.packagesText.replace(/^Version: /m, 'Version: 9'))
      for (const when of [/Packages/, /writing/]) {
        const off = s.events.on('task:progress', (e) => {
          if (e.item?.state === 'running' && when.test(e.item.name))
            void s.handlers['tasks:cancel']({ taskId: e.taskId })
        })
        const started = await api.invoke('catalog:sync-start', { sourceName: null })
        const task = await s.waitTask(started.taskId)
        off()
        expect(task.state, String(when)).toBe('cancelled')
        expect(task.items.some((i) => when.test(i.name))).toBe(true)
        expect(await snapshot(), String(when)).toEqual(before)
      }
      // Not cancelled, the same sync writes the change.
      const again = await api.invoke('catalog:sync-start', { sourceName: null })
      expect((await s.waitTask(again.taskId)).state).toBe('succeeded')
      const [run] = await api.invoke('catalog:history', {})
      expect(run).toMatchObject({ state: 'succeeded', newCount: 1, expiredCount: 1 })
      expect((await snapshot()).history).toHaveLength(2)
    })

    it('names an unknown source at once, before any task starts', async () => {
      await site('unknown')
      await expect(api.invoke('catalog:sync-start', { sourceName: 'nope' })).rejects.toThrow(
        /No catalog source named "nope"/,
      )
    })
  },
)
