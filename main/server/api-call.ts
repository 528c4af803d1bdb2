import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Result } from '../../shared/contract'
import { dispatch, type DispatchTarget } from '../core/runtime/dispatch'
import { sendJson } from './security-headers'

/** Largest request body accepted on the API, in bytes. */
export const maxBodyBytes = 10 * 1024 * 1024

/** A Result error envelope. */
function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

/** Reads the whole body up to `limit` bytes; resolves null when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) return resolve(null)
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > limit) {
        done = true
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
  })
}

/** Handles `POST /api/call/<channel>`: JSON body in, the dispatch Result out (200), or a 4xx Result error. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  channel: string,
  target: DispatchTarget,
) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    return sendJson(res, 405, failure('invalid-input', 'Use POST to call a channel.'))
  }
  const type = (req.headers['content-type'] ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    return sendJson(res, 415, failure('invalid-input', 'The request body must be JSON.'))
  }
  const body = await readBody(req, maxBodyBytes)
  if (body === null) {
    res.setHeader('Connection', 'close')
    res.once('finish', () => req.destroy())
    return sendJson(res, 413, failure('invalid-input', 'The request body is larger than 10 MB.'))
  }
  let input: unknown
  const text = body.toString('utf8')
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text)
    } catch {
      return sendJson(res, 400, failure('invalid-input', 'The request body is not valid JSON.'))
    }
  }
  sendJson(res, 200, await dispatch(target, channel, input))
}
