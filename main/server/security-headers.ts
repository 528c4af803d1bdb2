import type { ServerResponse } from 'node:http'

/** Options of the Content-Security-Policy. */
export interface CspOptions {
  /** Extra connect-src sources (the browser-mode WebSocket, a dev server's HMR socket). */
  connect?: string[]
  /** Development only: allow inline scripts (the Vite dev server's React refresh preamble). */
  devServer?: boolean
}

/**
 * The console's Content-Security-Policy, shared by browser mode and the Electron windows. Fluent UI
 * (Griffel) injects style elements, hence style-src 'unsafe-inline'; scripts stay 'self' only.
 */
export function contentSecurityPolicy({ connect = [], devServer = false }: CspOptions = {}): string {
  return [
    "default-src 'self'",
    devServer ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ')
}

/** Headers every browser-mode response carries. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

/** Answers a short plain-text status (401, 403, 404, …). */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(`${text}\n`)
}

/** Answers a JSON body with Cache-Control no-store (every API response). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Length', Buffer.byteLength(data))
  res.end(data)
}
