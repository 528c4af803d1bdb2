import type { FetchLike } from '../../clients/catalog'
import type { TaskHandle } from '../runtime/task-registry'

/**
 * What a catalog sync reports while it runs: `fetch` counts each file's bytes as they arrive and stops
 * when the task is cancelled; the other hooks mark the write step and a source's failure.
 */
export interface SyncProgress {
  signal: AbortSignal
  fetch: FetchLike
  writing(entries: number): void
  wrote(): void
  failed(error: string): void
}

/** The task item name of a fetched URL: its path below dists/<suite>/, by-hash paths shortened. */
export function fetchItemName(sourceName: string, url: string): string {
  const rel = /\/dists\/[^/]+\/(.+)$/.exec(url)?.[1] ?? url
  const byHash = /^(.*)\/by-hash\/SHA256\/([0-9a-f]{12})[0-9a-f]*$/.exec(rel)
  return `${sourceName}: ${byHash ? `${byHash[1]}/Packages (by-hash ${byHash[2]}…)` : rel}`
}

/** Reads a response body chunk by chunk, reporting bytes; throws as soon as the task is cancelled. */
async function readCounting(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onBytes: (n: number) => void,
): Promise<ArrayBuffer> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let n = 0
  try {
    for (;;) {
      signal.throwIfAborted()
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      n += value.byteLength
      onBytes(n)
    }
    signal.throwIfAborted()
  } finally {
    reader.releaseLock()
  }
  const out = new Uint8Array(n)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out.buffer
}

/**
 * Progress hooks for syncing one source inside a task: one item per file fetched (a variant the mirror
 * does not have is not one), then one for the write.
 */
export function syncProgress(task: TaskHandle, sourceName: string): SyncProgress {
  let writeItem = ''
  const fetch: FetchLike = async (url, init) => {
    const name = fetchItemName(sourceName, url)
    const signal = init?.signal ? AbortSignal.any([init.signal, task.signal]) : task.signal
    let res: Response
    try {
      res = await globalThis.fetch(url, { signal })
    } catch (err) {
      task.item(name, { state: 'failed', error: (err as Error).message })
      throw err
    }
    // A variant the mirror does not have (404/410) is no file fetched: the sync tries the next one.
    if (res.status === 404 || res.status === 410) void res.body?.cancel()
    else if (!res.ok) {
      void res.body?.cancel()
      task.item(name, { state: 'failed', error: `HTTP ${res.status} ${res.statusText}`.trim() })
    } else {
      const total = Number(res.headers.get('content-length') ?? 0)
      task.item(name, { state: 'running', bytesDone: 0, bytesTotal: total, error: '' })
    }
    return {
      ok: res.ok,
      status: res.status,
      statusText: res.statusText,
      arrayBuffer: async () => {
        try {
          const buf = res.body
            ? await readCounting(res.body, task.signal, (n) => task.item(name, { bytesDone: n }))
            : new ArrayBuffer(0)
          task.item(name, { state: 'done', bytesDone: buf.byteLength, bytesTotal: buf.byteLength })
          return buf
        } catch (err) {
          task.item(name, { state: 'failed', error: (err as Error).message })
          throw err
        }
      },
    }
  }
  return {
    signal: task.signal,
    fetch,
    writing(entries) {
      writeItem = `${sourceName}: writing ${entries.toLocaleString('en-US')} entries`
      task.item(writeItem, { state: 'running' })
    },
    wrote() {
      if (writeItem) task.item(writeItem, { state: 'done' })
    },
    failed(error) {
      task.item(writeItem || `${sourceName}: nothing written`, { state: 'failed', error })
    },
  }
}
