import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { tokenProtocolPrefix } from '../../shared/contract'

/** A fresh per-launch browser-mode token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compares a presented token with the expected one in constant time (hashing first so lengths never leak). */
export function tokensMatch(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false
  const a = createHash('sha256').update(presented).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/**
 * The token an API request carries: only in an `Authorization: Bearer` header, which a browser never adds by
 * itself. Cookies are ignored: browsers send a 127.0.0.1 cookie to every port, so any local web server the
 * admin's browser visits would receive it.
 */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  return match?.[1]
}

/** The token an events-socket upgrade carries: a `patchbay.token.<token>` subprotocol (what a page can set) or a bearer header. */
export function upgradeToken(req: IncomingMessage): string | undefined {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
  const carried = offered.find((p) => p.startsWith(tokenProtocolPrefix))
  return carried ? carried.slice(tokenProtocolPrefix.length) : bearerToken(req)
}

/** Why a request is refused before authentication: an unexpected Host (DNS rebinding) or an Origin other than the page's own. */
export function checkOriginAndHost(req: IncomingMessage, port: number): 'bad-origin' | 'bad-host' | null {
  const host = req.headers.host
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'bad-host'
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://${host}`) return 'bad-origin'
  return null
}
