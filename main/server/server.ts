import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { apiPrefix } from '../../shared/contract'
import type { Services } from '../core/runtime/services'
import { handleApiCall } from './api-call'
import { checkOriginAndHost, newToken, presentedToken, tokenSetCookie, tokensMatch } from './auth'
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
  /** Address to open, carrying the token once: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const callPrefix = `${apiPrefix}/call/`
const eventsPath = `${apiPrefix}/events`
const tokenParam = 'token'

/**
 * Serves the renderer bundle and the contract (HTTP calls + an events WebSocket) on 127.0.0.1 only,
 * behind a per-launch token, an exact Origin check and a Host check against DNS rebinding.
 */
export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = newToken()
  const events = createEventsSocket(opts.services.events)
  let port = 0
  let csp = ''

  /** Returns an HTTP status that refuses the request, or null when it may proceed. */
  function refusal(req: IncomingMessage): [number, string] | null {
    const bad = checkOriginAndHost(req, port)
    if (bad === 'bad-host') return [403, 'Forbidden: unexpected Host']
    if (bad === 'bad-origin') return [403, 'Forbidden: cross-origin request']
    if (!tokensMatch(presentedToken(req), token))
      return [401, 'Unauthorized: open the address Patchbay printed']
    return null
  }

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

    if (
      url.searchParams.has(tokenParam) &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      !url.pathname.startsWith(`${apiPrefix}/`)
    ) {
      if (!tokensMatch(url.searchParams.get(tokenParam) ?? undefined, token))
        return sendText(res, 401, 'Unauthorized: wrong token')
      url.searchParams.delete(tokenParam)
      res.statusCode = 302
      res.setHeader('Set-Cookie', tokenSetCookie(token))
      res.setHeader('Location', url.pathname + url.search)
      res.setHeader('Cache-Control', 'no-store')
      return void res.end()
    }

    const refused = refusal(req)
    if (refused) return sendText(res, refused[0], refused[1])

    if (url.pathname.startsWith(callPrefix)) {
      let channel: string
      try {
        channel = decodeURIComponent(url.pathname.slice(callPrefix.length))
      } catch {
        channel = ''
      }
      return handleApiCall(req, res, channel, opts.services.handlers)
    }
    if (url.pathname === apiPrefix || url.pathname.startsWith(`${apiPrefix}/`)) {
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
    const refused = refusal(req)
    if (refused) return refuseUpgrade(socket, refused[0], refused[0] === 401 ? 'Unauthorized' : 'Forbidden')
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
