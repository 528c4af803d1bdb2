import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { apiPrefix } from '../../shared/contract'
import type { Services } from '../core/runtime/services'
import { handleApiCall } from './api-call'
import { bearerToken, checkOriginAndHost, newToken, tokensMatch, upgradeToken } from './auth'
import { createEventsSocket, refuseUpgrade } from './events-socket'
import { contentSecurityPolicy, sendJson, sendText, setCommonHeaders } from './security-headers'
import { serveStatic } from './static-files'

/** The only address browser mode ever listens on. */
export const loopbackHost = '127.0.0.1'

/** Options of the browser-mode server. */
export interface BrowserServerOptions {
  services: Services
  /** TCP port; 0 (the default) picks a free one. */
  port?: number
  /** The built renderer (out/renderer). */
  rendererDir: string
}

/** A running browser-mode server. */
export interface BrowserServer {
  /** Address to open, carrying the token once (the page keeps it, then drops it from the address bar): `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const callPrefix = `${apiPrefix}/call/`
const eventsPath = `${apiPrefix}/events`

/**
 * Serves the renderer bundle and the contract (HTTP calls + an events WebSocket) on 127.0.0.1 only, with an
 * exact Origin check and a Host check against DNS rebinding. Calls and the socket need the per-launch token,
 * which the page holds and sends itself (a bearer header, a subprotocol); no cookie is ever set, so no other
 * local page can ride a session. The bundle itself holds no secret and is served without it.
 */
export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = newToken()
  const events = createEventsSocket(opts.services.events)
  let port = 0
  let csp = ''

  const unauthorized =
    'Unauthorized: open the address Patchbay printed (the page sends its token with every call)'

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res)
    const url = new URL(req.url ?? '/', `http://${loopbackHost}:${port}`)
    const bad = checkOriginAndHost(req, port)
    if (bad)
      return sendText(
        res,
        403,
        bad === 'bad-host' ? 'Forbidden: unexpected Host' : 'Forbidden: cross-origin request',
      )

    const api = url.pathname === apiPrefix || url.pathname.startsWith(`${apiPrefix}/`)
    if (api && !tokensMatch(bearerToken(req), token))
      return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: unauthorized } })
    if (url.pathname.startsWith(callPrefix)) {
      let channel: string
      try {
        channel = decodeURIComponent(url.pathname.slice(callPrefix.length))
      } catch {
        channel = ''
      }
      return handleApiCall(req, res, channel, opts.services)
    }
    if (api) {
      return sendJson(res, 404, {
        ok: false,
        error: { code: 'not-found', message: `No API at ${url.pathname}` },
      })
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendText(res, 405, 'Method not allowed')
    }
    return serveStatic(req, res, url.pathname, { rendererDir: opts.rendererDir, csp })
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const bad = checkOriginAndHost(req, port)
    if (bad) return refuseUpgrade(socket, 403, 'Forbidden')
    if (!tokensMatch(upgradeToken(req), token)) return refuseUpgrade(socket, 401, 'Unauthorized')
    const path = new URL(req.url ?? '/', `http://${loopbackHost}`).pathname
    if (path !== eventsPath) return refuseUpgrade(socket, 404, 'Not Found')
    events.accept(req, socket, head)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'Internal error')
      else res.destroy(err instanceof Error ? err : undefined)
    })
  })
  server.on('upgrade', upgrade)
  server.on('clientError', (_err, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: opts.port ?? 0, host: loopbackHost, exclusive: true }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  csp = contentSecurityPolicy({ connect: [`ws://${loopbackHost}:${port}`] })

  let closing: Promise<void> | null = null
  return {
    url: `http://${loopbackHost}:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= (async () => {
        await events.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      })()
      return closing
    },
  }
}
