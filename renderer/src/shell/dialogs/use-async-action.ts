import { useState } from 'react'

/** Runs a dialog's async action with a busy flag; a failure's message is kept in `error` and answers undefined. */
export function useAsyncAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (err) {
      setError((err as Error).message)
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}
