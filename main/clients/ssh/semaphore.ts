/** Rejection reason when an abortable wait is abandoned. */
export class WaitAborted extends Error {
  override readonly name = 'WaitAborted'
}

/** A FIFO counting semaphore whose waits can be abandoned through an AbortSignal. */
export class Semaphore {
  private active = 0
  private readonly waiters: Array<() => void> = []

  constructor(readonly limit: number) {}

  /** Permits currently held. */
  get inUse(): number {
    return this.active
  }

  /** Waits for a permit; rejects with `WaitAborted` if the signal fires first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new WaitAborted('aborted'))
    if (this.active < this.limit) {
      this.active++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(grant)
        if (i >= 0) this.waiters.splice(i, 1)
        reject(new WaitAborted('aborted'))
      }
      const grant = () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      this.waiters.push(grant)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Returns a permit, handing it straight to the oldest waiter if any. */
  release(): void {
    const next = this.waiters.shift()
    if (next) next()
    else this.active = Math.max(0, this.active - 1)
  }
}

/** Resolves with `promise`, or rejects with `WaitAborted` as soon as the signal fires. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new WaitAborted('aborted'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new WaitAborted('aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}

/** Sleeps `ms`, waking early with `WaitAborted` when the signal fires. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const sleep = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  return abortable(sleep, signal).finally(() => clearTimeout(timer))
}
