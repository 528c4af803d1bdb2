import type {
  AuthMethod,
  Platform,
  ResourceDto,
  SiteSystemRole,
  Transport,
} from '../../../shared/dto/resource'
import { osFamilyOf } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import type { Db } from '../runtime/site-context'

/** Resources with what the DTO needs from other tables: whether a secret exists, the trusted host key. */
export function selectResources(db: Db) {
  return db
    .selectFrom('resource')
    .leftJoin('secret', 'secret.resource_id', 'resource.id')
    .leftJoin('host_key', (join) =>
      join.onRef('host_key.host', '=', 'resource.address').onRef('host_key.port', '=', 'resource.port'),
    )
    .selectAll('resource')
    .select(['secret.kind as secret_kind', 'host_key.fingerprint as host_key_fingerprint'])
}

/** A row of `selectResources`. */
export type ResourceRow = Awaited<ReturnType<ReturnType<typeof selectResources>['executeTakeFirstOrThrow']>>

/** Maps a resource row to its DTO. */
export function toResourceDto(row: ResourceRow): ResourceDto {
  const platform = row.platform as Platform
  return {
    id: Number(row.id),
    name: row.name,
    address: row.address,
    port: Number(row.port),
    user: row.user,
    platform,
    osFamily: osFamilyOf(platform),
    osVersion: row.os_version,
    roles: JSON.parse(row.roles) as SiteSystemRole[],
    authMethod: row.auth_method as AuthMethod,
    transport: row.transport as Transport,
    identityFile: row.identity_file,
    simulated: Boolean(row.simulated),
    osName: row.os_name,
    agentVersion: row.agent_version,
    rebootPending: Boolean(row.reboot_pending),
    rebootReasons: JSON.parse(row.reboot_reasons) as string[],
    servicesToRestart:
      row.services_to_restart === null ? null : (JSON.parse(row.services_to_restart) as string[]),
    servicesNote: row.services_note,
    lastScanAt: row.last_scan_at,
    scanStateId: row.scan_state === null ? null : Number(row.scan_state),
    lastError: row.last_error,
    listsUpdatedAt: row.lists_updated_at,
    listsRefreshError: row.lists_refresh_error,
    hasSecret: row.secret_kind !== null,
    hostKeyFingerprint: row.host_key_fingerprint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Reads one resource or fails with not-found. */
export async function getResource(db: Db, id: number): Promise<ResourceDto> {
  const row = await selectResources(db).where('resource.id', '=', id).executeTakeFirst()
  if (!row) throw new PatchbayError('not-found', `No resource with ID ${id}`)
  return toResourceDto(row)
}

/** Reads resources by ID (all when no IDs are given), ordered by name. */
export async function readResources(db: Db, ids?: readonly number[]): Promise<ResourceDto[]> {
  if (ids && ids.length === 0) return []
  let query = selectResources(db).orderBy('resource.name')
  if (ids) query = query.where('resource.id', 'in', ids)
  return (await query.execute()).map(toResourceDto)
}
