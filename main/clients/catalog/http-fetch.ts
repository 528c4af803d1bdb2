import { CatalogError } from './catalog-error'

/** The subset of the WHATWG fetch the sync uses (global fetch fits; tests may pass their own). */
export type FetchLike = (
  url: string,
  init?: { signal?: AbortSignal },
) => Promise<{
  ok: boolean
  status: number
  statusText: string
  arrayBuffer(): Promise<ArrayBuffer>
}>

/** What one GET returned: the body, or `missing` for a 404/410 (callers may fall back). */
export type FetchOutcome = { missing: false; body: Buffer } | { missing: true; status: number }

/** GETs a URL with a timeout; throws CatalogError naming the URL on network errors and non-2xx other than 404/410. */
export async function fetchBytes(fetchFn: FetchLike, url: string, timeoutMs: number): Promise<FetchOutcome> {
  let res: Awaited<ReturnType<FetchLike>>
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs) }).catch((err: Error) => {
      // A server may close a kept-alive socket just as we reuse it: a GET is safe to send once more.
      if (!isStaleSocket(err)) throw err
      return fetchFn(url, { signal: AbortSignal.timeout(timeoutMs) })
    })
  } catch (err) {
    const e = err as Error & { cause?: Error }
    const why =
      e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.message ?? e.message)
    throw new CatalogError(`GET ${url}: ${why}`)
  }
  if (res.status === 404 || res.status === 410) return { missing: true, status: res.status }
  if (!res.ok) throw new CatalogError(`GET ${url}: HTTP ${res.status} ${res.statusText}`.trim())
  try {
    return { missing: false, body: Buffer.from(await res.arrayBuffer()) }
  } catch (err) {
    throw new CatalogError(`GET ${url}: body not received (${(err as Error).message})`)
  }
}

/** True for the reset of a reused keep-alive connection (the server closed it while idle). */
function isStaleSocket(err: Error): boolean {
  const code = (err.cause as { code?: string } | undefined)?.code
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE'
}
