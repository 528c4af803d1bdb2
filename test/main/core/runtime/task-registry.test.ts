import { describe, expect, it } from 'vitest'
import type { TaskProgressEvent } from '../../../../shared/dto/task'
import { EventBus } from '../../../../main/core/runtime/event-bus'
import { TaskRegistry } from '../../../../main/core/runtime/task-registry'

function registry() {
  const events = new EventBus()
  const seen: TaskProgressEvent[] = []
  events.on('task:progress', (e) => seen.push(e))
  return { tasks: new TaskRegistry(events), seen }
}

describe('TaskRegistry', () => {
  it('reports each item finishing, byte totals and the result', async () => {
    const { tasks, seen } = registry()
    const started = tasks.start(
      'content-download',
      'Download 2 files',
      [{ name: 'a.deb', bytesTotal: 10 }],
      async (t) => {
        t.addItem('b.deb', 5)
        t.item('a.deb', { state: 'running', bytesDone: 4 })
        t.item('a.deb', { state: 'done', bytesDone: 10 })
        t.item('b.deb', { state: 'failed', error: 'SHA-256 mismatch' })
        return 'PBY00001'
      },
    )
    expect(started).toMatchObject({ state: 'running', total: 1, bytesTotal: 10 })
    const end = await tasks.wait(started.taskId)
    expect(end).toMatchObject({
      state: 'succeeded',
      result: 'PBY00001',
      done: 1,
      failed: 1,
      total: 2,
      bytesDone: 10,
      bytesTotal: 15,
    })
    expect(end.items.find((i) => i.name === 'b.deb')).toMatchObject({
      state: 'failed',
      error: 'SHA-256 mismatch',
    })
    expect(seen.at(-1)).toMatchObject({ state: 'succeeded', item: null })
    expect(seen.some((e) => e.item?.name === 'a.deb' && e.item.state === 'done')).toBe(true)
  })

  it('cancels through the signal and says so; a failing body names its error', async () => {
    const { tasks } = registry()
    const slow = tasks.start(
      'dp-upload',
      'Upload',
      [],
      (t) =>
        new Promise((_, reject) => t.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    )
    tasks.cancel(slow.taskId)
    expect(await tasks.wait(slow.taskId)).toMatchObject({ state: 'cancelled', error: 'Cancelled' })
    const bad = tasks.start('bundle-build', 'Build', [], async () => {
      throw new Error('disk full')
    })
    expect(await tasks.wait(bad.taskId)).toMatchObject({ state: 'failed', error: 'disk full' })
    expect(() => tasks.get('nope')).toThrow(/No task nope/)
  })
})

describe('TaskRegistry byte progress', () => {
  it('sends the last byte count of a stalled transfer after the throttle interval', async () => {
    const { tasks, seen } = registry()
    let release = () => {}
    const started = tasks.start('content-download', 'Download', [{ name: 'a.deb', bytesTotal: 100 }], (t) => {
      t.item('a.deb', { state: 'running', bytesDone: 10 })
      t.item('a.deb', { bytesDone: 60 }) // throttled: within 200 ms of the previous event
      return new Promise<void>((r) => (release = r))
    })
    await expect.poll(() => seen.at(-1)?.bytesDone, { timeout: 2000 }).toBe(60)
    release()
    await tasks.wait(started.taskId)
  })
})
