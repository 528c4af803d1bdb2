import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { TaskDto, TaskItemDto, TaskProgressEvent } from '../../../../shared/dto/task'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'

/** One task the console follows: its counts and every item, kept current from 'task:progress'. */
export class TrackedTask {
  dto: Omit<TaskDto, 'items'>
  items = observable.map<string, TaskItemDto>()
  private waiters: Array<(t: TaskDto) => void> = []

  constructor(task: TaskDto) {
    const { items, ...counts } = task
    this.dto = counts
    for (const i of items) this.items.set(i.name, i)
    makeAutoObservable<TrackedTask, 'waiters'>(this, { waiters: false }, { autoBind: true })
  }

  /** The items in the order they were added. */
  get itemList(): TaskItemDto[] {
    return [...this.items.values()]
  }

  /** Whether the task has ended (succeeded, failed or cancelled). */
  get finished(): boolean {
    return this.dto.state !== 'running'
  }

  /** Overall progress 0–1: bytes when sizes are known, else items. */
  get fraction(): number {
    const { bytesDone, bytesTotal, done, failed, total } = this.dto
    if (this.finished) return 1
    if (bytesTotal > 0) return Math.min(1, bytesDone / bytesTotal)
    return total > 0 ? (done + failed) / total : 0
  }

  /** The task with every item, as `tasks:get` answers. */
  get snapshot(): TaskDto {
    return { ...this.dto, items: this.itemList.map((i) => ({ ...i })) }
  }

  /** Applies a progress event (counts and the item that changed). */
  apply(event: TaskProgressEvent): void {
    const { item, ...counts } = event
    this.dto = counts
    if (item) this.items.set(item.name, item)
    this.settleWaiters()
  }

  /** Replaces everything with a fresh `tasks:get` answer, unless events have already gone further. */
  replace(task: TaskDto): void {
    if (this.isAhead(task)) return
    const { items, ...counts } = task
    this.dto = counts
    this.items.replace(items.map((i) => [i.name, i]))
    this.settleWaiters()
  }

  /** Resolves when the task has ended. */
  wait(): Promise<TaskDto> {
    if (this.finished) return Promise.resolve(this.snapshot)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** True when what we hold is further along than `task` (an answer overtaken by newer events). */
  private isAhead(task: TaskDto): boolean {
    if (task.state !== 'running') return false
    const mine = this.dto
    return (
      this.finished ||
      task.total < mine.total ||
      task.done + task.failed < mine.done + mine.failed ||
      task.bytesDone < mine.bytesDone
    )
  }

  private settleWaiters(): void {
    if (!this.finished || this.waiters.length === 0) return
    const snap = this.snapshot
    for (const w of this.waiters.splice(0)) w(snap)
  }
}

/**
 * The tasks (downloads, uploads, bundle builds) the console follows. Any dialog that starts a task hands
 * its TaskDto to `track`, then shows it with <TaskProgress taskId=…>. One store per RootStore.
 */
export class TaskStore {
  tasks = observable.map<string, TrackedTask>()
  private readonly off: Array<() => void> = []
  private readonly polls = new Set<ReturnType<typeof setInterval>>()

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable<TaskStore, 'off' | 'polls'>(
      this,
      { root: false, transport: false, off: false, polls: false },
      { autoBind: true },
    )
    this.off.push(transport.on('task:progress', (e) => this.onProgress(e)))
    this.off.push(
      transport.onState((s) => {
        if (s === 'connected')
          for (const t of this.tasks.values()) if (!t.finished) void this.refresh(t.dto.taskId)
      }),
    )
  }

  /** Starts following a task a channel answered; answers its live view. */
  track(task: TaskDto): TrackedTask {
    const known = this.tasks.get(task.taskId)
    if (known) {
      // Events may have arrived before the answer; keep whichever is further along.
      if (!known.finished && task.state !== 'running') known.replace(task)
      return known
    }
    const tracked = new TrackedTask(task)
    this.tasks.set(task.taskId, tracked)
    // Events pushed before the answer arrived are caught up by reading the task, and again every second
    // while it runs (an event lost on a reconnecting socket must not leave a finished task "running").
    if (task.state === 'running') {
      void this.refresh(task.taskId)
      const timer = setInterval(() => {
        if (tracked.finished || !this.tasks.has(task.taskId)) {
          clearInterval(timer)
          this.polls.delete(timer)
        } else void this.refresh(task.taskId)
      }, 1000)
      this.polls.add(timer)
    }
    return tracked
  }

  /** A followed task, if any. */
  get(taskId: string): TrackedTask | undefined {
    return this.tasks.get(taskId)
  }

  /** Applies a `task:progress` event to the task it names (tasks not followed are ignored). */
  onProgress(event: TaskProgressEvent): void {
    this.tasks.get(event.taskId)?.apply(event)
  }

  /** Re-reads a task with every item. */
  async refresh(taskId: string): Promise<void> {
    try {
      const fresh = await this.transport.invoke('tasks:get', { taskId })
      runInAction(() => this.tasks.get(taskId)?.replace(fresh))
    } catch {
      // The task is gone (services restarted); its last known state stays on screen.
    }
  }

  /** Asks the task to stop; resolves when it has ended. */
  async cancel(taskId: string): Promise<TaskDto> {
    const answer = await this.transport.invoke('tasks:cancel', { taskId })
    const tracked = this.track(answer)
    return tracked.wait()
  }

  /** Stops following a finished task. */
  forget(taskId: string): void {
    this.tasks.delete(taskId)
  }

  /** Stops listening and polling. */
  dispose(): void {
    for (const off of this.off.splice(0)) off()
    for (const timer of this.polls) clearInterval(timer)
    this.polls.clear()
  }
}
