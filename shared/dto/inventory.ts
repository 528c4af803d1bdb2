import { z } from 'zod'
import { isoTime } from './common'

/** One change in a client's inventory history. */
export const inventoryChangeDto = z.object({
  time: isoTime,
  kind: z.string(),
  category: z.string(),
  item: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
})

/** A client's inventory as Resource Explorer shows it: hardware, installed software, history. */
export const inventoryDto = z.object({
  resourceId: z.number().int(),
  /** Hardware facts (OS, CPU, memory, disks, network, last boot), null before the first inventory. */
  hardware: z.record(z.string(), z.unknown()).nullable(),
  hardwareCollectedAt: isoTime.nullable(),
  software: z.array(z.object({ name: z.string(), version: z.string(), arch: z.string() })),
  softwareCollectedAt: isoTime.nullable(),
  history: z.array(inventoryChangeDto),
})

/** An inventory crossing the process boundary. */
export type InventoryDto = z.infer<typeof inventoryDto>
