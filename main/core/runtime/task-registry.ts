import { randomUUID } from 'node:crypto'
import type { TaskDto, TaskItemDto } from '../../../shared/dto/task'
import { PatchbayError } from '../../../shared/errors'
import type { EventBus } from './event-bus'

/** What a running task's body uses to report progress. */
export interface TaskHandle {
  readonly taskId: string
  /** Aborted when the task is cancelled; pass it to every fetch, stream and SSH call. */
  readonly signal: AbortSignal
  /** Adds an item (queued) after the start, e.g. when its size becomes known. */
  addItem(name: string, bytesTotal?: number): void
  /** Updates an item's state and bytes; emits `task:progress` (byte-only updates are throttled). */
  item(name: string, patch: Partial<Omit<TaskItemDto, 'name'>>): void
}

/** How a task ends: its body resolves with a result text, throws (failed), or is cancelled. */
export type TaskBody = (task: TaskHandle) => Promise<string | void>

interface Running {
  dto: TaskDto
  items: Map<string, TaskItemDto>
  controller: AbortController
  done: Promise<TaskDto>
  lastEmit: number
  /** A throttled byte update waiting to be sent, so the last bytes of a stalled transfer still show. */
  trailing: NodeJS.Timeout | null
}

const BYTE_EMIT_MS = 200

/**
 * Long work inside one process (downloads, uploads, bundle builds) with per-item byte progress, pushed
 * as `task:progress` events. Tasks live in memory; durable deployment jobs use the job runner.
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, Running>()

  constructor(private readonly events: EventBus) {}

  /** Starts a task over the named items and answers at once; the body runs in the background. */
  start(
    kind: string,
    title: string,
    items: Array<{ name: string; bytesTotal?: number }>,
    body: TaskBody,
  ): TaskDto {
    const taskId = randomUUID()
    const controller = new AbortController()
    const run: Running = {
      dto: {
        taskId,
        kind,
        title,
        state: 'running',
        done: 0,
        failed: 0,
        total: 0,
        bytesDone: 0,
        bytesTotal: 0,
        error: '',
        result: '',
        items: [],
      },
      items: new Map(),
      controller,
      done: Promise.resolve(null as unknown as TaskDto),
      lastEmit: 0,
      trailing: null,
    }
    const addItem = (name: string, bytesTotal = 0) => {
      if (!run.items.has(name))
        run.items.set(name, { name, state: 'queued', bytesDone: 0, bytesTotal, error: '' })
    }
    for (const i of items) addItem(i.name, i.bytesTotal)
    this.tasks.set(taskId, run)
    this.recount(run)
    const handle: TaskHandle = {
      taskId,
      signal: controller.signal,
      addItem: (name, bytesTotal) => {
        addItem(name, bytesTotal)
        this.recount(run)
        this.emit(run, run.items.get(name) ?? null)
      },
      item: (name, patch) => {
        addItem(name)
        const item = run.items.get(name) as TaskItemDto
        const stateChanged = patch.state !== undefined && patch.state !== item.state
        Object.assign(item, patch)
        this.recount(run)
        const now = Date.now()
        if (stateChanged || patch.error || now - run.lastEmit >= BYTE_EMIT_MS) this.emit(run, item)
        else
          run.trailing ??= setTimeout(() => {
            run.trailing = null
            if (run.dto.state === 'running') this.emit(run, item)
          }, BYTE_EMIT_MS)
      },
    }
    run.done = (async () => {
      await null // the body starts after start() has answered and announced the task
      try {
        controller.signal.throwIfAborted()
        const result = await body(handle)
        run.dto.state = controller.signal.aborted ? 'cancelled' : 'succeeded'
        run.dto.result = result ?? ''
      } catch (err) {
        run.dto.state = controller.signal.aborted ? 'cancelled' : 'failed'
        run.dto.error = controller.signal.aborted ? 'Cancelled' : (err as Error).message
      }
      this.recount(run)
      this.emit(run, null)
      return this.snapshot(run)
    })()
    this.emit(run, null)
    return this.snapshot(run)
  }

  /** A task with every item; throws not-found for an unknown ID. */
  get(taskId: string): TaskDto {
    return this.snapshot(this.find(taskId))
  }

  /** Asks a running task to stop; its body sees the aborted signal and cleans up. */
  cancel(taskId: string): TaskDto {
    const run = this.find(taskId)
    if (run.dto.state === 'running') run.controller.abort(new Error('Cancelled'))
    return this.snapshot(run)
  }

  /** Resolves when the task has ended (for the CLI and tests). */
  wait(taskId: string): Promise<TaskDto> {
    return this.find(taskId).done
  }

  /** Cancels every running task and waits for them to end. */
  async stopAll(): Promise<void> {
    const running = [...this.tasks.values()].filter((r) => r.dto.state === 'running')
    for (const r of running) r.controller.abort(new Error('Cancelled'))
    await Promise.all(running.map((r) => r.done))
  }

  private find(taskId: string): Running {
    const run = this.tasks.get(taskId)
    if (!run) throw new PatchbayError('not-found', `No task ${taskId}`)
    return run
  }

  private recount(run: Running): void {
    const items = [...run.items.values()]
    run.dto.total = items.length
    run.dto.done = items.filter((i) => i.state === 'done' || i.state === 'skipped').length
    run.dto.failed = items.filter((i) => i.state === 'failed').length
    run.dto.bytesDone = items.reduce((n, i) => n + i.bytesDone, 0)
    run.dto.bytesTotal = items.reduce((n, i) => n + i.bytesTotal, 0)
  }

  private snapshot(run: Running): TaskDto {
    return { ...run.dto, items: [...run.items.values()].map((i) => ({ ...i })) }
  }

  private emit(run: Running, item: TaskItemDto | null): void {
    if (run.trailing) clearTimeout(run.trailing)
    run.trailing = null
    run.lastEmit = Date.now()
    const { items: _items, ...counts } = run.dto
    void _items
    this.events.emit('task:progress', { ...counts, item: item ? { ...item } : null })
  }
}
