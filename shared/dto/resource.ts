import { z } from 'zod'
import { isoTime, nameField } from './common'

/** Platforms a client can be; "unknown" until it is first reached or set by hand. */
export const platforms = ['unknown', 'debian', 'rhel', 'suse', 'windows'] as const

/** A client platform. */
export type Platform = (typeof platforms)[number]

/** Operating-system families, derived from the platform. */
export const osFamilies = ['unknown', 'linux', 'windows'] as const

/** An operating-system family. */
export type OsFamily = (typeof osFamilies)[number]

/** Site system roles a resource can hold (site server, distribution point, sync host). */
export const siteSystemRoles = [
  'site server',
  'distribution point',
  'sync host',
  'site database server',
] as const

/** A site system role. */
export type SiteSystemRole = (typeof siteSystemRoles)[number]

/** How Patchbay authenticates to a client: auto tries ssh-agent, then the identity file or default keys. */
export const authMethods = ['auto', 'key', 'password', 'agent'] as const

/** How a client is reached: OpenSSH, or PowerShell remoting (WinRM) from a Windows console host. */
export const transports = ['ssh', 'winrm'] as const

/** A client transport. */
export type Transport = (typeof transports)[number]

/** An authentication method. */
export type AuthMethod = (typeof authMethods)[number]

/** The OS family of a platform. */
export function osFamilyOf(platform: Platform): OsFamily {
  if (platform === 'windows') return 'windows'
  if (platform === 'unknown') return 'unknown'
  return 'linux'
}

const hostPattern =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** A host name, IPv4 or bracket-free IPv6 address. */
export const addressField = z
  .string({ error: 'Address is required' })
  .trim()
  .min(1, 'Address is required')
  .refine(
    (v) => ipv4Pattern.test(v) || hostPattern.test(v) || (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v)),
    'Address must be a host name or an IP address',
  )

/** Fields an admin sets on a client resource, without defaults (so a partial update changes only what it names). */
export const resourceFields = z.object({
  name: nameField('Name').regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'Name may hold only letters, digits, dot, dash and underscore',
  ),
  address: addressField,
  port: z
    .number({ error: 'Port must be a number' })
    .int()
    .min(1, 'Port must be 1–65535')
    .max(65535, 'Port must be 1–65535'),
  user: z.string().trim().max(64, 'User must be at most 64 characters'),
  platform: z.enum(platforms),
  osVersion: z.string().trim().max(128, 'OS version must be at most 128 characters'),
  roles: z.array(z.enum(siteSystemRoles)),
  authMethod: z.enum(authMethods),
  transport: z.enum(transports),
  identityFile: z.string().trim().max(1024, 'Identity file path must be at most 1024 characters'),
  /** A lab-fleet host (simulated), never a real machine. */
  simulated: z.boolean(),
})

/** Input to create a resource; unset fields take their defaults. */
export const resourceInput = resourceFields.extend({
  port: resourceFields.shape.port.default(22),
  user: resourceFields.shape.user.default(''),
  platform: resourceFields.shape.platform.default('unknown'),
  osVersion: resourceFields.shape.osVersion.default(''),
  roles: resourceFields.shape.roles.default([]),
  authMethod: resourceFields.shape.authMethod.default('auto'),
  transport: resourceFields.shape.transport.default('ssh'),
  identityFile: resourceFields.shape.identityFile.default(''),
  simulated: resourceFields.shape.simulated.default(false),
})

/** Input to create a resource. */
export type ResourceInput = z.input<typeof resourceInput>

/** A client resource (a machine the site manages). */
export const resourceDto = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  platform: z.enum(platforms),
  osFamily: z.enum(osFamilies),
  osVersion: z.string(),
  roles: z.array(z.enum(siteSystemRoles)),
  authMethod: z.enum(authMethods),
  transport: z.enum(transports),
  identityFile: z.string(),
  simulated: z.boolean(),
  /** OS name as the last scan read it (e.g. "Debian GNU/Linux"). */
  osName: z.string(),
  /** Windows Update Agent version, or the package manager's. */
  agentVersion: z.string(),
  rebootPending: z.boolean(),
  /** Why a restart is pending (packages, a pending kernel, Windows sources); [] when none or not said. */
  rebootReasons: z.array(z.string()),
  /** Services running outdated libraries at the last scan; null when not checked (see servicesNote). */
  servicesToRestart: z.array(z.string()).nullable(),
  /** Why the last scan could not check the services (e.g. "needrestart is not installed"); '' when it did. */
  servicesNote: z.string(),
  lastScanAt: isoTime.nullable(),
  /** TopicType 501 state of the last scan (3 completed, 5 failed…), null before the first. */
  scanStateId: z.number().int().nullable(),
  /** The last scan's or command's error, '' when it succeeded. */
  lastError: z.string(),
  /** When the client's package lists were last refreshed, as its last scan measured them; null when unknown (Windows, never scanned). */
  listsUpdatedAt: isoTime.nullable(),
  /** Why the last scan could not refresh the package lists (it then ran on the old ones); '' otherwise. */
  listsRefreshError: z.string(),
  /** Whether a password or passphrase is stored (never the secret itself). */
  hasSecret: z.boolean(),
  /** Fingerprint of the trusted host key, null before the first consent. */
  hostKeyFingerprint: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
})

/** A client resource crossing the process boundary. */
export type ResourceDto = z.infer<typeof resourceDto>

/** Update of a resource: its ID plus any fields to change. */
export const resourceUpdate = resourceFields.partial().extend({ id: z.number().int().positive() })

/** Delete several resources at once. */
export const resourceDelete = z.object({
  ids: z.array(z.number().int().positive()).min(1, 'Select at least one resource'),
})
