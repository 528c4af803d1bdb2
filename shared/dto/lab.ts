import { z } from 'zod'

/** Start a simulated lab fleet in the console's own process (SIMULATED clients on 127.0.0.1). */
export const labStartInput = z.object({
  hosts: z
    .number({ error: 'Hosts must be a number' })
    .int('Hosts must be a whole number')
    .min(1, 'Hosts must be 1–500')
    .max(500, 'Hosts must be 1–500'),
  seed: z
    .number({ error: 'Seed must be a number' })
    .int('Seed must be a whole number')
    .min(0, 'Seed must be 0 or more')
    .default(1),
  windowsShare: z
    .number({ error: 'Windows share must be a number' })
    .min(0, 'Windows share must be 0–1')
    .max(1, 'Windows share must be 0–1')
    .default(0.3),
  /** Fault shares as `unreachable=0.05,slow=0.05` (fractions or percentages); '' for none. */
  faults: z.string().trim().max(256, 'Faults must be at most 256 characters').default(''),
  collection: z
    .string()
    .trim()
    .min(1, 'Collection is required')
    .max(128, 'Collection must be at most 128 characters')
    .default('Lab fleet'),
})

/** The console's lab fleet: whether it runs, and what it registered. */
export const labStatusDto = z.object({
  running: z.boolean(),
  hosts: z.number().int(),
  seed: z.number().int(),
  address: z.string(),
  /** Lowest and highest port of the hosts; null when not running. */
  ports: z.tuple([z.number().int(), z.number().int()]).nullable(),
  collectionId: z.string().nullable(),
  collection: z.string().nullable(),
  startedAt: z.string().nullable(),
  /** Hosts by platform (debian, rhel, suse, windows). */
  platforms: z.record(z.string(), z.number().int()),
  /** Hosts given a fault (unreachable, slow, …) by their fault. */
  faults: z.record(z.string(), z.number().int()),
})

/** Lab status crossing the process boundary. */
export type LabStatusDto = z.infer<typeof labStatusDto>
