import { z } from 'zod'
import { ScanOutputError, zodProblem } from '../platforms/types'

/** One mounted filesystem (Linux mount point) or local fixed drive (Windows drive letter). */
export interface DiskInventory {
  /** Mount point (`/`, `/home`) or drive letter (`C:`). */
  mount: string
  fsType: string
  sizeBytes: number
  /** Bytes available to unprivileged users (df "Available"; Windows FreeSpace). */
  freeBytes: number
}

/** One network interface with its addresses in CIDR notation. */
export interface NetworkInventory {
  /** Linux interface name (`eth0`); Windows adapter description. */
  interface: string
  /** Lower-case colon-separated MAC, when the interface has one. */
  mac?: string
  /** `192.0.2.2/24`, `fe80::1/64`, sorted. */
  addresses: string[]
}

/** The hardware and OS facts of one client, as one inventory run found them. */
export interface HardwareInventory {
  hostname: string
  osName: string
  osVersion: string
  kernel: string
  architecture: string
  cpu: { model: string; cores: number; logicalProcessors: number }
  memoryBytes: number
  disks: DiskInventory[]
  network: NetworkInventory[]
  /** ISO 8601 UTC, whole seconds. */
  lastBoot: string
  manufacturer?: string
  model?: string
  serial?: string
  virtual?: boolean
  /** What the hypervisor or container is (`kvm`, `docker`, `Microsoft Corporation Virtual Machine`), when known. */
  virtualization?: string
  /** Things the collector could not read that did not stop the run; not part of any diff. */
  warnings?: string[]
}

const count = z.number().int().nonnegative()

/** The zod schema of a disk entry. */
export const diskInventorySchema = z.object({
  mount: z.string().min(1),
  fsType: z.string(),
  sizeBytes: count,
  freeBytes: count,
})

/** The zod schema of a network interface entry. */
export const networkInventorySchema = z.object({
  interface: z.string().min(1),
  mac: z.string().optional(),
  addresses: z.array(z.string()),
})

/** The zod schema of a hardware inventory, for callers that persist or transport it. */
export const hardwareInventorySchema = z.object({
  hostname: z.string(),
  osName: z.string(),
  osVersion: z.string(),
  kernel: z.string(),
  architecture: z.string(),
  cpu: z.object({ model: z.string(), cores: count, logicalProcessors: count }),
  memoryBytes: count,
  disks: z.array(diskInventorySchema),
  network: z.array(networkInventorySchema),
  lastBoot: z.iso.datetime(),
  manufacturer: z.string().optional(),
  model: z.string().optional(),
  serial: z.string().optional(),
  virtual: z.boolean().optional(),
  virtualization: z.string().optional(),
  warnings: z.array(z.string()).optional(),
}) satisfies z.ZodType<HardwareInventory>

/** Placeholder strings firmware vendors leave in DMI/SMBIOS fields; treated as "not set". */
const PLACEHOLDERS =
  /^(|none|n\/a|na|not specified|not applicable|default string|to be filled by o\.e\.m\.|system manufacturer|system product name|system serial number|0+|x+|123456789|unknown)$/i

/** A DMI/SMBIOS value, trimmed, or undefined when empty or a known placeholder. */
export function cleanFirmwareValue(value: string | null | undefined): string | undefined {
  const v = (value ?? '').trim()
  return PLACEHOLDERS.test(v) ? undefined : v
}

const VIRTUAL_VENDOR =
  /qemu|kvm|vmware|virtualbox|innotek|xen|bochs|parallels|amazon ec2|google compute engine|openstack|bhyve|(microsoft corporation.*virtual machine)|^virtual machine$/i

/** Whether a manufacturer/model pair names a virtual machine (KVM, VMware, Hyper-V, Xen, EC2, GCE…). */
export function looksVirtual(manufacturer: string | undefined, model: string | undefined): boolean {
  return VIRTUAL_VENDOR.test(`${manufacturer ?? ''} ${model ?? ''}`.trim())
}

/** Latest (and, negated, earliest) epoch milliseconds a JavaScript date holds. */
const MAX_DATE_MS = 8.64e15

/** A date (epoch milliseconds) as ISO 8601 UTC, truncated to whole seconds; undefined outside the date range. */
export function isoSeconds(ms: number): string | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return undefined
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** The inventory if it fits the schema (counts are safe integers, dates real); else a one-line ScanOutputError. */
export function checkedInventory(inventory: HardwareInventory, tool: string): HardwareInventory {
  const parsed = hardwareInventorySchema.safeParse(inventory)
  if (!parsed.success) throw new ScanOutputError(`${tool}: ${zodProblem(parsed.error)}`)
  return parsed.data
}
