import { z } from 'zod'

/** States of one item of a task (a file downloaded, uploaded or bundled). */
export const taskItemStates = ['queued', 'running', 'done', 'failed', 'skipped'] as const

/** States of a task as a whole. */
export const taskStates = ['running', 'succeeded', 'failed', 'cancelled'] as const

/** One item of a task with its byte progress; `error` names why it failed or was skipped. */
export const taskItemDto = z.object({
  name: z.string(),
  state: z.enum(taskItemStates),
  bytesDone: z.number().min(0),
  bytesTotal: z.number().min(0),
  error: z.string(),
})

/** An item of a task crossing the process boundary. */
export type TaskItemDto = z.infer<typeof taskItemDto>

/** Counts of a task: items done of total and bytes done of total. */
const taskCounts = z.object({
  taskId: z.string(),
  /** What the task does, e.g. 'content-download', 'dp-upload', 'bundle-build'. */
  kind: z.string(),
  title: z.string(),
  state: z.enum(taskStates),
  done: z.number().int().min(0),
  failed: z.number().int().min(0),
  total: z.number().int().min(0),
  bytesDone: z.number().min(0),
  bytesTotal: z.number().min(0),
  /** Why the task failed or what it was cancelled by; empty while running or on success. */
  error: z.string(),
  /** What the task produced when it succeeded (a package ID, a bundle path), as text. */
  result: z.string(),
})

/** Pushed on every change of a task: its counts and the item that just changed (null when the task itself changed). */
export const taskProgressEvent = taskCounts.extend({ item: taskItemDto.nullable() })

/** A task with every item, as `tasks:get` answers. */
export const taskDto = taskCounts.extend({ items: z.array(taskItemDto) })

/** A task crossing the process boundary. */
export type TaskDto = z.infer<typeof taskDto>

/** A task's progress event payload. */
export type TaskProgressEvent = z.infer<typeof taskProgressEvent>

/** Names a task. */
export const taskRef = z.object({ taskId: z.string().min(1) })
