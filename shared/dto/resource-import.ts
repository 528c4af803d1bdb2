import { z } from 'zod'
import { resourceDto } from './resource'

/** Host-list formats a client import reads: CSV, an Ansible inventory (INI or YAML), an OpenSSH client config. */
export const importFormats = ['csv', 'ansible', 'ssh-config'] as const

/** Import clients from a host-list file; groups (and `collection`) become collections, created when missing. */
export const resourceImportInput = z.object({
  path: z.string({ error: 'Import file is required' }).trim().min(1, 'Import file is required'),
  format: z.enum(importFormats, { error: `Format must be one of ${importFormats.join(', ')}` }),
  /** Also put every imported client in this collection (ID or name; created when no collection has that name). */
  collection: z
    .string()
    .trim()
    .max(128, 'Collection must be at most 128 characters')
    .nullable()
    .default(null),
})

/** What an import did: clients added, names skipped (they exist), collections filled, warnings. */
export const resourceImportDto = z.object({
  added: z.array(resourceDto),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  collections: z.array(
    z.object({ id: z.string(), name: z.string(), created: z.boolean(), added: z.number().int() }),
  ),
  warnings: z.array(z.string()),
})

/** An import's result crossing the process boundary. */
export type ResourceImportDto = z.infer<typeof resourceImportDto>
