import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { tokenCookie } from '../../shared/contract'

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

/** Reads one cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The token a request carries in the `patchbay_token` cookie or an `Authorization: Bearer` header. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization
  if (auth) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth)
    if (match) return match[1]
  }
  return readCookie(req.headers.cookie, tokenCookie)
}

/** The Set-Cookie value that hands the browser the token: HttpOnly, SameSite=Strict, whole site. */
export function tokenSetCookie(token: string): string {
  return `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

/** Why a request is refused before authentication: an unexpected Host (DNS rebinding) or an Origin other than the page's own. */
export function checkOriginAndHost(req: IncomingMessage, port: number): 'bad-origin' | 'bad-host' | null {
  const host = req.headers.host
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'bad-host'
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://${host}`) return 'bad-origin'
  return null
}
