import { z } from 'zod'
import { isoTime } from './common'

/** A trusted host key. */
export const hostKeyDto = z.object({
  host: z.string(),
  port: z.number().int(),
  algorithm: z.string(),
  fingerprint: z.string(),
  trustedAt: isoTime,
  resourceNames: z.array(z.string()),
})

/** A trusted host key crossing the process boundary. */
export type HostKeyDto = z.infer<typeof hostKeyDto>

/** Trust the key a client presented, naming the fingerprint the admin saw (it must match what was presented). */
export const trustHostKeyInput = z.object({
  resourceId: z.number().int().positive(),
  fingerprint: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be a SHA256 fingerprint as ssh-keygen -l prints it'),
})

/** Forget a client's trusted host key (after a legitimate key change). */
export const removeHostKeyInput = z.object({ resourceId: z.number().int().positive() })

/** Kinds of secret a client can have. */
export const secretKinds = ['password', 'passphrase'] as const

/** Store a secret for a client: it goes to the main process, encrypted; it never comes back. */
export const setSecretInput = z.object({
  resourceId: z.number().int().positive(),
  kind: z.enum(secretKinds),
  value: z.string().min(1, 'The secret is empty').max(4096),
})

/** Forget a client's secret. */
export const clearSecretInput = z.object({ resourceId: z.number().int().positive() })

/** Where a client's secrets stand: the renderer learns only whether one exists. */
export const secretStatusDto = z.object({
  resourceId: z.number().int(),
  hasSecret: z.boolean(),
  kind: z.enum(secretKinds).nullable(),
  store: z.string(),
})
