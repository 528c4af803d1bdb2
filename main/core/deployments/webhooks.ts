/**
 * Posting JSON events (compliance tickets) to configured webhook URLs: one POST per URL with a per-attempt
 * timeout, bounded retries with doubling backoff (network errors, timeouts, 408, 429 and 5xx; other
 * answers are final), an HMAC-SHA256 signature header when the target has a secret, and one result per
 * URL. Credentials in a URL go as HTTP Basic authentication. Redirects are not followed. Secrets and URL passwords never appear in results.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { PatchbayError } from '../../../shared/errors'
import { stateNameOf } from '../../../shared/state-names'
import { TopicType } from '../../../shared/state-ids'
import { branchRowFor } from './branch-table'

/** Where to post, and the shared secret that signs the body (none: unsigned). */
export interface WebhookTarget {
  url: string
  secret?: string | null
}

/** A JSON event: its type, a unique ID, when it happened, and its own fields. */
export interface WebhookEvent {
  type: string
  id: string
  createdAt: string
  [field: string]: unknown
}

/** Delivery settings; defaults: 10 s per attempt, 3 attempts, 1 s first backoff (doubling, ≤ 30 s). */
export interface WebhookOptions {
  timeoutMs?: number
  attempts?: number
  backoffMs?: number
  signal?: AbortSignal
}

/** The outcome for one URL. `status` is the last HTTP status (null when none came back). */
export interface WebhookResult {
  url: string
  ok: boolean
  status: number | null
  attempts: number
  error: string
  deliveryId: string
}

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` when the target has a secret. */
export const SIGNATURE_HEADER = 'x-patchbay-signature-256'
/** Header carrying the event type. */
export const EVENT_HEADER = 'x-patchbay-event'
/** Header carrying the delivery ID (the same on every retry, so receivers can drop duplicates). */
export const DELIVERY_HEADER = 'x-patchbay-delivery'

/** The signature header value for a body. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** True when a signature header matches the body under the secret (constant-time compare). */
export function verifySignature(body: string | Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false
  const expected = Buffer.from(signBody(body, secret))
  const given = Buffer.from(header)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** Checks a webhook URL (http or https, no fragment, no credentials); bad input throws PatchbayError naming 'url'. */
export function parseWebhookUrl(url: string): URL {
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    throw new PatchbayError('invalid-input', `Webhook URL "${url}" is not a valid URL`, 'url')
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new PatchbayError(
      'invalid-input',
      `Webhook URL must start with http:// or https:// (got ${u.protocol})`,
      'url',
    )
  if (u.hash) throw new PatchbayError('invalid-input', 'Webhook URL must not contain a #fragment', 'url')
  if (u.username || u.password)
    throw new PatchbayError(
      'invalid-input',
      'Webhook URL must not carry a user name or password (it would be stored and shown in plain text); let the receiver check the signing secret instead',
      'url',
    )
  return u
}

/** A URL with its password hidden, for results and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url
  }
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

async function deliver(
  target: WebhookTarget,
  event: WebhookEvent,
  body: string,
  o: Required<Omit<WebhookOptions, 'signal'>> & { signal?: AbortSignal },
): Promise<WebhookResult> {
  const deliveryId = randomUUID()
  const result: WebhookResult = {
    url: redactUrl(target.url),
    ok: false,
    status: null,
    attempts: 0,
    error: '',
    deliveryId,
  }
  let url: URL
  try {
    url = parseWebhookUrl(target.url)
  } catch (e) {
    result.error = (e as Error).message
    return result
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Patchbay',
    [EVENT_HEADER]: event.type,
    [DELIVERY_HEADER]: deliveryId,
  }
  if (target.secret) headers[SIGNATURE_HEADER] = signBody(body, target.secret)
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (attempt > 1) {
      try {
        await sleep(Math.min(30_000, o.backoffMs * 2 ** (attempt - 2)), o.signal)
      } catch {
        result.error = 'cancelled'
        return result
      }
    }
    result.attempts = attempt
    const timeout = AbortSignal.timeout(o.timeoutMs)
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
      })
      const text = (await res.text()).slice(0, 200)
      result.status = res.status
      if (res.status >= 200 && res.status < 300) {
        result.ok = true
        result.error = ''
        return result
      }
      result.error =
        res.status >= 300 && res.status < 400
          ? `HTTP ${res.status}: redirects are not followed`
          : `HTTP ${res.status}${text ? `: ${text}` : ''}`
      if (!retryable(res.status)) return result
    } catch (e) {
      if (o.signal?.aborted) {
        result.error = 'cancelled'
        return result
      }
      result.status = null
      result.error = timeout.aborted
        ? `timed out after ${o.timeoutMs} ms`
        : `could not connect: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`
    }
  }
  return result
}

/** Posts the event to every target at once; resolves with one result per target, in the same order. */
export async function postWebhookEvent(
  targets: readonly WebhookTarget[],
  event: WebhookEvent,
  options: WebhookOptions = {},
): Promise<WebhookResult[]> {
  const o = {
    timeoutMs: options.timeoutMs ?? 10_000,
    attempts: Math.max(1, Math.min(10, options.attempts ?? 3)),
    backoffMs: options.backoffMs ?? 1000,
    signal: options.signal,
  }
  const body = JSON.stringify(event)
  return Promise.all(targets.map((t) => deliver(t, event, body, o)))
}

/** What a compliance ticket is about: the client, the update, the deployment and the states seen. */
export interface ComplianceTicketInput {
  siteCode: string
  resource: { id: number; name: string }
  update: { id: string; title: string }
  deploymentId: string | null
  /** The update's compliance Status (see branch-table.ts). */
  status: number
  lastEnforcementStateId: number | null
  at: Date
  detail?: string
}

/** The 'patchbay.compliance.ticket' event the "open a ticket" branch posts. */
export function complianceTicketEvent(input: ComplianceTicketInput): WebhookEvent {
  const lem = input.lastEnforcementStateId
  return {
    type: 'patchbay.compliance.ticket',
    id: randomUUID(),
    createdAt: input.at.toISOString(),
    site: input.siteCode,
    resource: input.resource,
    update: input.update,
    deploymentId: input.deploymentId,
    status: input.status,
    applicability: stateNameOf(TopicType.UpdateApplicability, input.status),
    lastEnforcementStateId: lem,
    lastEnforcementState: lem === null ? null : stateNameOf(TopicType.UpdateEnforcementState, lem),
    action: branchRowFor(input.status, lem)?.seedText ?? 'No branch for this state pair',
    detail: input.detail ?? '',
  }
}
