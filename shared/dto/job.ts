import { z } from 'zod'
import { isoTime, smsId } from './common'

/** Kinds of work a job does on clients. */
export const jobKinds = ['connect', 'scan', 'exec', 'inventory', 'reboot'] as const

/** States of a job or of one host in it. */
export const jobStates = ['queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const

/** A job's state. */
export type JobState = (typeof jobStates)[number]

/** Why a host failed, as the SSH layer classifies it (plus scan-output and platform problems). */
export const hostErrorKinds = [
  'unreachable',
  'timeout',
  'auth-failed',
  'host-key-unknown',
  'host-key-changed',
  'command-failed',
  'disconnected',
  'cancelled',
  'bad-output',
  'no-credentials',
  'unsupported-platform',
] as const

/** One host of a job: its state, and its result or its one error. */
export const jobHostDto = z.object({
  resourceId: z.number().int(),
  name: z.string(),
  address: z.string(),
  state: z.enum(jobStates),
  message: z.string(),
  errorKind: z.enum(hostErrorKinds).nullable(),
  /** SHA256 fingerprint of a host key awaiting consent or refused as changed. */
  fingerprint: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  durationMs: z.number().int().nullable(),
})

/** One host of a job crossing the process boundary. */
export type JobHostDto = z.infer<typeof jobHostDto>

/** A job with its counts (and, when asked for one job, its hosts). */
export const jobDto = z.object({
  id: z.number().int(),
  kind: z.enum(jobKinds),
  title: z.string(),
  state: z.enum(jobStates),
  total: z.number().int(),
  done: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
  hosts: z.array(jobHostDto),
})

/** A job crossing the process boundary. */
export type JobDto = z.infer<typeof jobDto>

/** Which clients a job targets: resources, a collection, or both. */
export const targetsInput = z
  .object({
    resourceIds: z.array(z.number().int().positive()).default([]),
    collectionId: smsId.nullable().default(null),
  })
  .refine((t) => t.resourceIds.length > 0 || t.collectionId !== null, {
    message: 'Choose at least one client or a collection',
    path: ['resourceIds'],
  })

/** Start a scan: forced scans ignore the scan TTL (24 h by default). */
export const scanInput = z.object({
  targets: targetsInput,
  force: z.boolean().default(false),
  trustNewHostKeys: z.boolean().default(false),
})

/** Start a command on clients. */
export const execInput = z.object({
  targets: targetsInput,
  command: z
    .string({ error: 'Command is required' })
    .trim()
    .min(1, 'Command is required')
    .max(8000, 'Command must be at most 8000 characters'),
  timeoutSeconds: z.number().int().min(1).max(86_400).default(600),
  trustNewHostKeys: z.boolean().default(false),
})

/** Connect to clients: check credentials, record the host key (with consent) and detect the platform. */
export const connectInput = z.object({
  targets: targetsInput,
  trustNewHostKeys: z.boolean().default(false),
})

/** Start a hardware and software inventory refresh. */
export const inventoryInput = z.object({
  targets: targetsInput,
  trustNewHostKeys: z.boolean().default(false),
})

/** Ask for one job, or cancel it. */
export const jobRef = z.object({ id: z.number().int().positive() })

/** A job's progress, pushed as hosts finish. */
export const jobProgressEvent = z.object({ job: jobDto.omit({ hosts: true }), host: jobHostDto.nullable() })
