import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { sendText } from './security-headers'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

/** The content type served for a file name. */
export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a URL path to a file inside root, or null when the path is malformed or tries to leave root
 * (`..` segments, encoded or not, backslashes, NUL bytes).
 */
export function safeFilePath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return null
  const base = resolve(root)
  const file = resolve(base, '.' + decoded)
  if (file !== base && !file.startsWith(base + sep)) return null
  return file
}

/** Options for serving the renderer bundle. */
export interface StaticOptions {
  rendererDir: string
  /** Content-Security-Policy for HTML responses. */
  csp: string
}

/**
 * Serves a GET/HEAD for the renderer bundle: the file when it exists, index.html for `/` and for client
 * routes (paths whose last segment has no file extension), 404 for other missing files.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  urlPath: string,
  opts: StaticOptions,
) {
  const file = safeFilePath(opts.rendererDir, urlPath)
  if (file === null) return sendText(res, 400, 'Bad path')
  let target = file
  let info = await stat(target).catch(() => null)
  if (!info?.isFile()) {
    const last = urlPath.slice(urlPath.lastIndexOf('/') + 1)
    if (info === null && extname(last) !== '') return sendText(res, 404, 'Not found')
    target = resolve(opts.rendererDir, 'index.html')
    info = await stat(target).catch(() => null)
    if (!info?.isFile())
      return sendText(res, 404, 'The console bundle is missing: build it with `npx electron-vite build`.')
  }
  const type = contentTypeOf(target)
  res.statusCode = 200
  res.setHeader('Content-Type', type)
  if (type.startsWith('text/html')) {
    // The bundle's asset URLs are relative (Electron loads it from file://); a base makes them resolve from
    // the root on deep links such as /resource/12 too.
    const html = Buffer.from((await readFile(target, 'utf8')).replace(/<head>/i, '<head><base href="/">'))
    res.setHeader('Content-Security-Policy', opts.csp)
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Length', html.length)
    return void res.end(req.method === 'HEAD' ? undefined : html)
  }
  res.setHeader('Content-Length', info.size)
  res.setHeader('Cache-Control', 'no-cache')
  if (req.method === 'HEAD') return void res.end()
  const stream = createReadStream(target)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}
