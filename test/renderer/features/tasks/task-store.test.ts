import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TaskStore, TrackedTask } from '../../../../renderer/src/features/tasks/task-store'
import type { ConsoleTransport } from '../../../../renderer/src/transport/connection'
import { startHarness, until, type Harness } from '../../store-harness'

const SIZE = 300_000

/** A catalog snapshot of one update whose file a local HTTP server sends half of, then holds until released. */
async function heldUpdate(dir: string) {
  const body = Buffer.alloc(SIZE, 5)
  const held: ServerResponse[] = []
  const server: Server = createServer((req, res) => {
    if (req.url !== '/pool/hello_1.0_amd64.deb') return res.writeHead(404).end()
    res.writeHead(200, { 'content-length': body.length })
    res.write(body.subarray(0, SIZE / 2))
    held.push(res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool/hello_1.0_amd64.deb`
  const id = 'deb:hello:amd64:1.0'
  const snapshot = join(dir, `catalog-${held.length}-${Date.now()}.json`)
  writeFileSync(
    snapshot,
    JSON.stringify({
      format: 'patchbay-catalog/1',
      exportedAt: new Date().toISOString(),
      site: 'LAB',
      updates: [
        {
          id,
          vendor: 'debian',
          title: 'hello 1.0',
          kb: '',
          classification: 'Security Updates',
          products: [],
          severity: '',
          package: 'hello',
          version: '1.0',
          suite: 'bookworm-security',
          releaseDate: null,
          supersededBy: '',
          expired: false,
        },
      ],
      files: [
        {
          updateId: id,
          name: 'hello_1.0_amd64.deb',
          url,
          size: SIZE,
          sha256: createHash('sha256').update(body).digest('hex'),
        },
      ],
      lists: [],
    }),
  )
  return {
    id,
    snapshot,
    /** Whether the server is holding a response half sent. */
    holding: () => held.length > 0,
    release: () => {
      for (const res of held.splice(0)) res.end(body.subarray(SIZE / 2))
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}

/** The console transport with one kind of update cut: no events, or no `tasks:get` reads. */
function cut(t: ConsoleTransport, what: 'events' | 'reads'): ConsoleTransport & { reads: number } {
  const out = {
    ...t,
    reads: 0,
    on: ((event, listener) =>
      what === 'events' && event === 'task:progress'
        ? () => undefined
        : t.on(event, listener)) as ConsoleTransport['on'],
    invoke: (async (channel, input) => {
      if (channel === 'tasks:get') {
        out.reads++
        if (what === 'reads') throw new Error('tasks:get is cut in this test')
      }
      return t.invoke(channel, input)
    }) as ConsoleTransport['invoke'],
  }
  return out
}

describe('TaskStore on the real services (a bundle build downloading from 127.0.0.1)', () => {
  let h: Harness
  let keys: { privateKeyPath: string }

  beforeAll(async () => {
    h = await startHarness()
    keys = await h.root.transport.invoke('keys:create', { dir: join(h.dir, 'keys') })
  })
  afterAll(async () => {
    await h?.close()
  })

  const build = async (transport: ConsoleTransport, label: string) => {
    const u = await heldUpdate(h.dir)
    const task = await transport.invoke('bundles:build', {
      updateIds: [u.id],
      out: join(h.dir, `${label}.pbundle`),
      signingKey: keys.privateKeyPath,
      catalogSnapshot: u.snapshot,
    })
    return { u, task }
  }

  it('follows a task from its progress events alone: per-file bytes while running, then the end', async () => {
    const transport = cut(h.root.transport, 'reads')
    const store = new TaskStore(h.root, transport)
    const { u, task } = await build(transport, 'events')
    try {
      const t = store.track(task)
      expect(t.finished).toBe(false)
      // The file's first event (running) arrives while the server holds the rest of it.
      await until(() => u.holding() && t.items.get('hello_1.0_amd64.deb')?.state === 'running')
      expect(t.items.get('hello_1.0_amd64.deb')).toMatchObject({ bytesTotal: SIZE })
      expect(t.fraction).toBeLessThan(1)
      u.release()
      const end = await t.wait()
      expect(end.state).toBe('succeeded')
      expect(t.items.get('hello_1.0_amd64.deb')).toMatchObject({ state: 'done', bytesDone: SIZE })
      expect(t.fraction).toBe(1)
    } finally {
      store.dispose()
      await u.close()
    }
  })

  it('follows a task by polling when its events are lost, and Cancel ends it', async () => {
    const transport = cut(h.root.transport, 'events')
    const store = new TaskStore(h.root, transport)
    const first = await build(transport, 'polled')
    try {
      const t = store.track(first.task)
      await until(() => first.u.holding())
      first.u.release()
      const end = await t.wait()
      expect(end.state).toBe('succeeded')
      expect(transport.reads).toBeGreaterThan(0)
      expect(t.items.get('hello_1.0_amd64.deb')?.state).toBe('done')
    } finally {
      await first.u.close()
    }

    const second = await build(transport, 'cancelled')
    try {
      const t = store.track(second.task)
      await until(() => second.u.holding())
      const end = await store.cancel(second.task.taskId)
      expect(end.state).toBe('cancelled')
      expect(t.finished).toBe(true)
    } finally {
      second.u.release()
      store.dispose()
      await second.u.close()
    }
  })
})

describe('TrackedTask', () => {
  const base = {
    ...{
      taskId: 't1',
      kind: 'catalog-sync',
      title: 'Sync',
      state: 'running' as const,
      error: '',
      result: '',
    },
    ...{ done: 0, failed: 0, total: 1, bytesDone: 0, bytesTotal: 0 },
  }
  const item = (name: string, state: 'running' | 'done', bytesDone: number) => ({
    name,
    state,
    bytesDone,
    bytesTotal: 100,
    error: '',
  })

  it('keeps newer events when an older tasks:get answer arrives late', () => {
    const t = new TrackedTask({ ...base, items: [item('Release', 'running', 0)] })
    t.apply({ ...base, total: 2, done: 1, bytesDone: 150, item: item('Packages', 'running', 50) })
    t.replace({ ...base, items: [item('Release', 'running', 10)], bytesDone: 10 }) // read before those events
    expect(t.itemList.map((i) => i.name)).toEqual(['Release', 'Packages'])
    expect(t.dto.bytesDone).toBe(150)
    t.replace({
      ...base,
      state: 'succeeded',
      total: 2,
      done: 2,
      bytesDone: 200,
      items: [item('Release', 'done', 100), item('Packages', 'done', 100)],
    })
    expect(t.finished).toBe(true)
    expect(t.itemList.every((i) => i.state === 'done')).toBe(true)
  })
})
