import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  complianceTicketEvent,
  DELIVERY_HEADER,
  EVENT_HEADER,
  parseWebhookUrl,
  postWebhookEvent,
  SIGNATURE_HEADER,
  verifySignature,
  type WebhookEvent,
} from '../../../../main/core/deployments/webhooks'
import { PatchbayError } from '../../../../shared/errors'

interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

// A real HTTP server on 127.0.0.1; `answer` decides, per request number (1-based), what it sends back.
type Answer = { status: number; body?: string } | 'hang'
const servers: Server[] = []

async function receiver(answer: (n: number, r: Received) => Answer) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(r)
      const a = answer(received.length, r)
      if (a === 'hang') return // never answers: the client's timeout must end it
      res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.body ?? '')
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hooks/tickets`, received }
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }
})

const event = (): WebhookEvent =>
  complianceTicketEvent({
    siteCode: 'LAB',
    resource: { id: 7, name: 'web-01' },
    update: { id: 'deb:patchbay-testpkg:1.1', title: 'patchbay-testpkg 1.1' },
    deploymentId: 'LAB00021',
    status: 2,
    lastEnforcementStateId: 11,
    at: new Date('2024-06-04T09:00:00Z'),
  })

const fast = { timeoutMs: 2000, backoffMs: 10 }

describe('webhooks against a real local HTTP server', () => {
  it('posts the ticket as JSON once and reports success', async () => {
    const hook = await receiver(() => ({ status: 204 }))
    const e = event()
    const [r] = await postWebhookEvent([{ url: hook.url }], e, fast)
    expect(r).toMatchObject({ url: hook.url, ok: true, status: 204, attempts: 1, error: '' })
    expect(hook.received).toHaveLength(1)
    const got = hook.received[0]!
    expect(got.path).toBe('/hooks/tickets')
    expect(got.headers['content-type']).toBe('application/json')
    expect(got.headers[EVENT_HEADER]).toBe('patchbay.compliance.ticket')
    expect(got.headers[DELIVERY_HEADER]).toBe(r!.deliveryId)
    expect(got.headers[SIGNATURE_HEADER]).toBeUndefined() // no secret configured
    expect(JSON.parse(got.body)).toEqual(e)
    expect(JSON.parse(got.body)).toMatchObject({
      resource: { name: 'web-01' },
      applicability: 'Update is required',
      lastEnforcementState: 'Failed to install update',
      action: 'Failure occurred - create a new Service Manager ticket using a template',
    })
  })

  it('retries after a 500 and succeeds, sending the same delivery and body again', async () => {
    const hook = await receiver((n) => (n === 1 ? { status: 500, body: 'database busy' } : { status: 200 }))
    const [r] = await postWebhookEvent([{ url: hook.url }], event(), fast)
    expect(r).toMatchObject({ ok: true, status: 200, attempts: 2 })
    expect(hook.received).toHaveLength(2)
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body)
    expect(hook.received[1]!.headers[DELIVERY_HEADER]).toBe(hook.received[0]!.headers[DELIVERY_HEADER])
  })

  it('gives up after the bounded number of attempts and says why', async () => {
    const hook = await receiver(() => ({ status: 503, body: 'down for maintenance' }))
    const [r] = await postWebhookEvent([{ url: hook.url }], event(), { ...fast, attempts: 3 })
    expect(r).toMatchObject({ ok: false, status: 503, attempts: 3, error: 'HTTP 503: down for maintenance' })
    expect(hook.received).toHaveLength(3)
  })

  it('does not retry a client error such as 400', async () => {
    const hook = await receiver(() => ({ status: 400, body: 'unknown template' }))
    const [r] = await postWebhookEvent([{ url: hook.url }], event(), fast)
    expect(r).toMatchObject({ ok: false, status: 400, attempts: 1, error: 'HTTP 400: unknown template' })
  })

  it('does not follow a redirect to somewhere else', async () => {
    const hook = await receiver(() => ({ status: 302 }))
    const [r] = await postWebhookEvent([{ url: hook.url }], event(), fast)
    expect(r).toMatchObject({
      ok: false,
      status: 302,
      attempts: 1,
      error: 'HTTP 302: redirects are not followed',
    })
    expect(hook.received).toHaveLength(1)
  })

  it('times out an endpoint that never answers, retrying it, then reports the timeout', async () => {
    const hook = await receiver(() => 'hang')
    const [r] = await postWebhookEvent([{ url: hook.url }], event(), {
      timeoutMs: 300,
      backoffMs: 10,
      attempts: 2,
    })
    expect(r).toMatchObject({ ok: false, status: null, attempts: 2, error: 'timed out after 300 ms' })
    expect(hook.received).toHaveLength(2)
  })

  it('signs the body with HMAC-SHA256 when a secret is configured; the receiver can verify it', async () => {
    const secret = 'correct horse battery staple'
    const hook = await receiver((_, r) =>
      verifySignature(r.body, r.headers[SIGNATURE_HEADER] as string | undefined, secret)
        ? { status: 200 }
        : { status: 401, body: 'bad signature' },
    )
    const [good, bad] = await postWebhookEvent(
      [
        { url: hook.url, secret },
        { url: hook.url, secret: 'wrong secret' },
      ],
      event(),
      fast,
    )
    expect(good).toMatchObject({ ok: true, status: 200 })
    expect(bad).toMatchObject({ ok: false, status: 401, attempts: 1, error: 'HTTP 401: bad signature' })
    const signed = hook.received.map((r) => r.headers[SIGNATURE_HEADER] as string)
    expect(signed.every((s) => /^sha256=[0-9a-f]{64}$/.test(s))).toBe(true)
    expect(JSON.stringify([good, bad])).not.toContain(secret)
    expect(verifySignature(hook.received[0]!.body + ' ', signed[0], secret)).toBe(false)
  })

  it('reports each URL on its own: a refused connection and a bad URL do not stop the good one', async () => {
    const hook = await receiver(() => ({ status: 200 }))
    const closed = await receiver(() => ({ status: 200 }))
    const closedUrl = closed.url
    const s = servers.pop()!
    await new Promise<void>((resolve) => s.close(() => resolve()))
    const results = await postWebhookEvent(
      [
        { url: closedUrl },
        { url: 'ftp://127.0.0.1/x' },
        { url: hook.url.replace('http://', 'http://ops:hunter2@') },
        { url: hook.url },
      ],
      event(),
      { ...fast, attempts: 2 },
    )
    expect(results[0]).toMatchObject({ ok: false, status: null, attempts: 2 })
    expect(results[0]!.error).toMatch(/^could not connect: .*ECONNREFUSED/)
    expect(results[1]).toMatchObject({ ok: false, attempts: 0 })
    expect(results[1]!.error).toMatch(/http:\/\/ or https:\/\//)
    // Credentials in a URL (a row an older version stored) are refused, not sent, and never shown.
    expect(results[2]).toMatchObject({ ok: false, attempts: 0 })
    expect(results[2]!.error).toMatch(/must not carry a user name or password/)
    expect(results[2]!.url).not.toContain('hunter2')
    expect(results[3]).toMatchObject({ ok: true })
    expect(hook.received).toHaveLength(1)
    expect(hook.received[0]!.headers.authorization).toBeUndefined()
  })

  it('validates webhook URLs with a clear error', () => {
    expect(() => parseWebhookUrl('not a url')).toThrow(PatchbayError)
    expect(() => parseWebhookUrl('file:///etc/passwd')).toThrow(/http:\/\/ or https:\/\//)
    expect(parseWebhookUrl(' http://127.0.0.1:8080/x ').port).toBe('8080')
    expect(() => parseWebhookUrl('https://ops:hunter2@127.0.0.1/x')).toThrow(
      /must not carry a user name or password/,
    )
    expect(() => parseWebhookUrl('https://token@127.0.0.1/x')).toThrow(
      /must not carry a user name or password/,
    )
  })
})
