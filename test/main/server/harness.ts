import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalPathPolicy } from '../../../main/core/runtime/local-paths'
import { createMemoryPrefs } from '../../../main/core/runtime/prefs'
import type { Services } from '../../../main/core/runtime/services'
import { startServices } from '../../../main/core/runtime/start-services'
import { startBrowserServer, type BrowserServer } from '../../../main/server/server'

/** The index.html of the fake renderer bundle. */
export const indexHtml =
  '<!doctype html><html><head><title>Patchbay test</title></head><body><div id="root"></div></body></html>'

/** A browser-mode server over the real services on a fresh temporary SQLite site, with a tiny renderer bundle. */
export interface Harness {
  dir: string
  services: Services
  server: BrowserServer
  stop(): Promise<void>
}

/** Writes a minimal renderer bundle (index.html, a script, a stylesheet). */
export function writeRenderer(dir: string): string {
  const rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), indexHtml)
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("patchbay")\n')
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body { margin: 0 }\n')
  return rendererDir
}

/** Starts the real services and the browser server (with the folders local paths are confined to, if given). */
export async function startHarness(opts: { localPaths?: LocalPathPolicy } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-server-'))
  const rendererDir = writeRenderer(dir)
  const services = await startServices({
    site: join(dir, 'site.db'),
    frontDoor: 'browser',
    prefs: createMemoryPrefs(),
    createIfMissing: true,
    localPaths: opts.localPaths,
  })
  const server = await startBrowserServer({ services, port: 0, rendererDir })
  return {
    dir,
    services,
    server,
    async stop() {
      await server.close()
      await services.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A raw HTTP response. */
export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Sends one HTTP request exactly as given (path unnormalized, headers as set; Host defaults to 127.0.0.1:PORT). */
export function send(
  port: number,
  opts: {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
    host?: string
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: opts.host ?? '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** Headers that authenticate with the bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

/** Calls a channel over HTTP with the bearer token and parses the Result. */
export async function call(h: Harness, channel: string, input?: unknown) {
  const res = await send(h.server.port, {
    method: 'POST',
    path: `/api/call/${channel}`,
    headers: { ...bearer(h.server.token), 'content-type': 'application/json' },
    body: input === undefined ? undefined : JSON.stringify(input),
  })
  return {
    ...res,
    json: JSON.parse(res.body) as {
      ok: boolean
      value?: unknown
      error?: { code: string; message: string; field?: string }
    },
  }
}
