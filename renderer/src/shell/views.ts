import { rerunLabels, type AdvertisementDto } from '../../../shared/dto/advertisement'
import type { CollectionDto } from '../../../shared/dto/collection'
import { afterRunningLabels, type PackageDto, type ProgramDto } from '../../../shared/dto/package'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { StatusMessageDto } from '../../../shared/dto/site'
import type { UpdateDto } from '../../../shared/dto/update'
import { stateNameOf } from '../../../shared/state-names'
import { capitalize, formatBytes, formatDuration, formatTime, platformLabel } from '../lib/format'
import type { JobSummary } from '../features/client-jobs/job-store'
import type { SeverityCounts } from './status-store'
import type { TreeNode } from './tree-model'
import type { DeploymentPackageDto } from '../../../shared/dto/wizard'
import type { DeploymentFileRow } from '../features/wizard/deployment-package-store'
import type { PackageDpStatusDto } from '../../../shared/dto/distribution'
import { catalogColumnSets, catalogRowSets } from '../features/catalog/catalog-views'
import { deploymentColumnSets, deploymentRowSets } from '../features/deployments/deployment-views'
import { nextWindowColumn } from '../features/maintenance-windows/window-store'
import { adStatusColumns } from '../features/advertisements/advertisement-status-store'
import { listsAgeCell } from '../features/resources/package-lists-text'
import { restartPendingCell, servicesCell } from '../features/resources/restart-text'

/** What a row of the results list stands for. */
export type RowKind =
  | 'node'
  | 'collection'
  | 'resource'
  | 'package'
  | 'program'
  | 'advertisement'
  | 'message'
  | 'ad-status'
  | 'pkg-status'
  | 'dp-status'
  | 'update'
  | 'job'
  | 'deployment-package'
  | 'deployment-file'
  | keyof typeof catalogRowSets
  | keyof typeof deploymentRowSets
  | 'report-row'

/** A row of the results list. */
export interface Row {
  /** Unique within the view; used for selection. */
  key: string
  kind: RowKind
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any
}

/** A column of the results list. */
export interface ColumnDef {
  id: string
  label: string
  width: number
  /** The value sorted on and filtered by. */
  value: (data: never) => string | number
  /** The text shown (defaults to the value). */
  text?: (data: never) => string
  align?: 'start' | 'end'
  /** A column the chooser cannot hide. */
  fixed?: boolean
  /** A custom cell the results list draws (features/deployments/deployment-cells.tsx), e.g. a progress bar. */
  cell?: string
}

const col = <T>(
  id: string,
  label: string,
  width: number,
  value: (d: T) => string | number,
  extra: { text?: (d: T) => string; align?: 'start' | 'end'; fixed?: boolean } = {},
): ColumnDef => ({ id, label, width, value: value as ColumnDef['value'], ...(extra as object) })

/** Column sets, one per kind of list; widths and hidden columns are saved per set. */
export const columnSets: Record<string, ColumnDef[]> = {
  ...catalogColumnSets,
  ...deploymentColumnSets,
  nodes: [
    col<TreeNode>('name', 'Name', 240, (n) => n.label, { fixed: true }),
    col<TreeNode>('description', 'Description', 480, (n) => n.description),
  ],
  collections: [
    col<CollectionDto>('name', 'Name', 220, (c) => c.name, { fixed: true }),
    col<CollectionDto>('id', 'Collection ID', 110, (c) => c.id),
    col<CollectionDto>('members', 'Members', 80, (c) => c.memberCount, { align: 'end' }),
    col<CollectionDto>('rules', 'Rules', 60, (c) => c.rules.length, { align: 'end' }),
    col<CollectionDto>('comment', 'Comment', 300, (c) => c.comment),
    nextWindowColumn<CollectionDto>('collection', (c) => c.id),
    col<CollectionDto>('updated', 'Last Changed', 140, (c) => c.updatedAt, {
      text: (c) => formatTime(c.updatedAt),
    }),
  ],
  resources: [
    col<ResourceDto>('name', 'Name', 180, (r) => r.name, { fixed: true }),
    col<ResourceDto>('id', 'Resource ID', 90, (r) => r.id, { align: 'end' }),
    col<ResourceDto>('address', 'IP Address / Host', 150, (r) => r.address),
    col<ResourceDto>('port', 'Port', 60, (r) => r.port, { align: 'end' }),
    col<ResourceDto>('user', 'User', 100, (r) => r.user),
    col<ResourceDto>('platform', 'Platform', 90, (r) => r.platform, {
      text: (r) => platformLabel(r.platform),
    }),
    col<ResourceDto>('osFamily', 'OS Family', 90, (r) => r.osFamily, { text: (r) => capitalize(r.osFamily) }),
    col<ResourceDto>('osVersion', 'OS Version', 150, (r) => r.osVersion),
    col<ResourceDto>('roles', 'Site System Roles', 180, (r) => r.roles.join(', ')),
    col<ResourceDto>('client', 'Client', 80, (r) => (r.simulated ? 'Simulated' : 'Yes')),
    col<ResourceDto>('osName', 'Operating System', 170, (r) => r.osName),
    col<ResourceDto>('agentVersion', 'Agent Version', 130, (r) => r.agentVersion),
    col<ResourceDto>('lastScan', 'Last Scan', 130, (r) => r.lastScanAt ?? '', {
      text: (r) => formatTime(r.lastScanAt) || 'Never',
    }),
    col<ResourceDto>('scanState', 'Scan State', 150, (r) => scanStateText(r)),
    // Sorts by when the lists were refreshed: the oldest lists first in ascending order.
    col<ResourceDto>('listsAge', 'Lists Age', 110, (r) => r.listsUpdatedAt ?? '', {
      text: (r) => listsAgeCell(r),
    }),
    col<ResourceDto>('reboot', 'Restart Pending', 110, (r) => restartPendingCell(r)),
    // Sorts by how many services run outdated libraries; clients not checked sort first.
    col<ResourceDto>(
      'servicesToRestart',
      'Services to Restart',
      130,
      (r) => r.servicesToRestart?.length ?? -1,
      {
        text: (r) => servicesCell(r),
        align: 'end',
      },
    ),
    nextWindowColumn<ResourceDto>('client', (r) => r.id),
    col<ResourceDto>('lastError', 'Last Error', 260, (r) => r.lastError),
  ],
  updates: [
    col<UpdateDto>('title', 'Title', 280, (u) => u.title, { fixed: true }),
    col<UpdateDto>('classification', 'Classification', 120, (u) => u.classification),
    col<UpdateDto>('severity', 'Severity', 70, (u) => u.severity, { text: (u) => u.severity || '—' }),
    col<UpdateDto>('catalog', 'Catalog Status', 130, (u) => updateMarker(u)),
    col<UpdateDto>('kb', 'KB / Package', 130, (u) => u.kb || u.package),
    col<UpdateDto>('required', 'Required', 80, (u) => u.required, { align: 'end' }),
    col<UpdateDto>('installed', 'Installed', 72, (u) => u.installed, { align: 'end' }),
    col<UpdateDto>('notRequired', 'Not Required', 95, (u) => u.notRequired, { align: 'end' }),
    col<UpdateDto>('unknown', 'Unknown', 72, (u) => u.unknown, { align: 'end' }),
    col<UpdateDto>('version', 'Version', 140, (u) => u.availableVersion),
    col<UpdateDto>('vendor', 'Vendor', 80, (u) => u.vendor, { text: (u) => capitalize(u.vendor) }),
    col<UpdateDto>('released', 'Released', 95, (u) => u.releaseDate ?? '', {
      text: (u) => (u.releaseDate ? u.releaseDate.slice(0, 10) : ''),
    }),
    col<UpdateDto>('size', 'Size', 75, (u) => u.size, { text: (u) => formatBytes(u.size), align: 'end' }),
  ],
  jobs: [
    col<JobSummary>('title', 'Job', 280, (j) => j.title, { fixed: true }),
    col<JobSummary>('id', 'Job ID', 70, (j) => j.id, { align: 'end' }),
    col<JobSummary>('kind', 'Kind', 90, (j) => j.kind, { text: (j) => jobKindLabels[j.kind] }),
    col<JobSummary>('state', 'State', 90, (j) => j.state, { text: (j) => capitalize(j.state) }),
    col<JobSummary>('progress', 'Progress', 90, (j) => j.done, { text: (j) => `${j.done} of ${j.total}` }),
    col<JobSummary>('succeeded', 'Succeeded', 80, (j) => j.succeeded, { align: 'end' }),
    col<JobSummary>('failed', 'Failed', 60, (j) => j.failed, { align: 'end' }),
    col<JobSummary>('skipped', 'Skipped', 65, (j) => j.skipped, { align: 'end' }),
    col<JobSummary>('started', 'Started', 130, (j) => j.createdAt, { text: (j) => formatTime(j.createdAt) }),
    col<JobSummary>('duration', 'Duration', 80, (j) => durationOf(j), {
      text: (j) => (j.finishedAt ? formatDuration(durationOf(j)) : 'running'),
      align: 'end',
    }),
  ],
  packages: [
    col<PackageDto>('name', 'Name', 220, (p) => p.name, { fixed: true }),
    col<PackageDto>('id', 'Package ID', 100, (p) => p.id),
    col<PackageDto>('version', 'Version', 80, (p) => p.version),
    col<PackageDto>('manufacturer', 'Manufacturer', 140, (p) => p.manufacturer),
    col<PackageDto>('language', 'Language', 90, (p) => p.language),
    col<PackageDto>('programs', 'Programs', 80, (p) => p.programs.length, { align: 'end' }),
    col<PackageDto>('priority', 'Sending Priority', 110, (p) => p.sendingPriority, {
      text: (p) => capitalize(p.sendingPriority),
    }),
    col<PackageDto>('source', 'Source Folder', 220, (p) => p.sourcePath),
  ],
  programs: [
    col<ProgramDto>('name', 'Name', 180, (p) => p.name, { fixed: true }),
    col<ProgramDto>('commandLine', 'Command Line', 280, (p) => p.commandLine),
    col<ProgramDto>('afterRunning', 'After Running', 180, (p) => afterRunningLabels[p.afterRunning]),
    col<ProgramDto>('runMode', 'Run Mode', 110, (p) => p.runMode, {
      text: (p) => (p.runMode === 'administrative' ? 'Administrative' : 'User'),
    }),
    col<ProgramDto>('platform', 'Platform', 80, (p) => p.platform, {
      text: (p) => (p.platform === 'any' ? 'Any' : platformLabel(p.platform)),
    }),
    col<ProgramDto>('maxRun', 'Max Run (min)', 100, (p) => p.maxRunMinutes, { align: 'end' }),
    col<ProgramDto>('keep', 'Keep Files', 80, (p) => (p.keepContent ? 'Yes' : 'No')),
  ],
  advertisements: [
    col<AdvertisementDto>('name', 'Name', 200, (a) => a.name, { fixed: true }),
    col<AdvertisementDto>('id', 'Advertisement ID', 120, (a) => a.id),
    col<AdvertisementDto>('package', 'Package', 160, (a) => a.packageName),
    col<AdvertisementDto>('program', 'Program', 130, (a) => a.programName),
    col<AdvertisementDto>('collection', 'Collection', 150, (a) => a.collectionName),
    col<AdvertisementDto>('available', 'Available After', 130, (a) => a.availableAt, {
      text: (a) => formatTime(a.availableAt),
    }),
    col<AdvertisementDto>('expires', 'Expires After', 130, (a) => a.expiresAt ?? '', {
      text: (a) => formatTime(a.expiresAt) || 'Never',
    }),
    col<AdvertisementDto>('mandatory', 'Mandatory', 90, (a) => (a.mandatory ? a.assignments.length : 0), {
      text: (a) => (a.mandatory ? `Yes (${a.assignments.length})` : 'No'),
    }),
    col<AdvertisementDto>('rerun', 'Rerun Behaviour', 200, (a) => rerunLabels[a.rerun]),
  ],
  'deployment-packages': [
    col<DeploymentPackageDto>('name', 'Name', 220, (p) => p.name, { fixed: true }),
    col<DeploymentPackageDto>('id', 'Package ID', 100, (p) => p.packageId),
    col<DeploymentPackageDto>('platform', 'Platform', 80, (p) => p.platform, {
      text: (p) => platformLabel(p.platform),
    }),
    col<DeploymentPackageDto>('type', 'Update Type', 190, (p) => p.updateType, {
      text: (p) => p.updateType.replace('|', ' · '),
    }),
    col<DeploymentPackageDto>('updates', 'Updates', 70, (p) => p.updateIds.length, { align: 'end' }),
    col<DeploymentPackageDto>('files', 'Files', 60, (p) => p.files, { align: 'end' }),
    col<DeploymentPackageDto>('size', 'Size', 80, (p) => p.size, {
      text: (p) => formatBytes(p.size),
      align: 'end',
    }),
    col<DeploymentPackageDto>('program', 'Program', 160, (p) => p.programName),
    col<DeploymentPackageDto>('origin', 'Origin', 80, (p) => p.origin, {
      text: (p) => (p.origin === 'bundle' ? 'Bundle' : 'Wizard'),
    }),
    col<DeploymentPackageDto>('source', 'Source Folder', 240, (p) => p.sourcePath),
    col<DeploymentPackageDto>('updated', 'Last Changed', 140, (p) => p.updatedAt, {
      text: (p) => formatTime(p.updatedAt),
    }),
  ],
  'deployment-files': [
    col<DeploymentFileRow>('path', 'File', 300, (f) => f.path, { fixed: true }),
    col<DeploymentFileRow>('update', 'Software Update', 260, (f) => f.updateTitle),
    col<DeploymentFileRow>('size', 'Size', 90, (f) => f.size, {
      text: (f) => formatBytes(f.size),
      align: 'end',
    }),
    col<DeploymentFileRow>('sha256', 'SHA-256', 460, (f) => f.sha256),
  ],
  messages: [
    col<StatusMessageDto>('severity', 'Severity', 120, (m) => m.severity, {
      text: (m) => (m.severity === 'info' ? 'Informational' : capitalize(m.severity)),
      fixed: true,
    }),
    col<StatusMessageDto>('time', 'Date / Time', 140, (m) => m.time, { text: (m) => formatTime(m.time) }),
    col<StatusMessageDto>('component', 'Component', 140, (m) => m.component),
    col<StatusMessageDto>('object', 'Object', 100, (m) => m.objectId),
    col<StatusMessageDto>('message', 'Description', 640, (m) => m.message),
  ],
  'ad-status': adStatusColumns,
  'dp-status': [
    col<PackageDpStatusDto>('package', 'Package', 200, (r) => r.packageName, { fixed: true }),
    col<PackageDpStatusDto>('id', 'Package ID', 100, (r) => r.packageId),
    col<PackageDpStatusDto>('dp', 'Distribution Point', 150, (r) => r.dpName),
    col<PackageDpStatusDto>('state', 'State', 120, (r) => r.state),
    col<PackageDpStatusDto>('message', 'Message', 380, (r) => r.message),
    col<PackageDpStatusDto>('updated', 'Last Changed', 140, (r) => r.updatedAt, {
      text: (r) => formatTime(r.updatedAt),
    }),
  ],
  'pkg-status': [
    col<StatusRow<PackageDto>>('name', 'Package', 200, (r) => r.item.name, { fixed: true }),
    col<StatusRow<PackageDto>>('id', 'Package ID', 110, (r) => r.item.id),
    col<StatusRow<PackageDto>>('priority', 'Sending Priority', 110, (r) =>
      capitalize(r.item.sendingPriority),
    ),
    col<StatusRow<PackageDto>>('info', 'Informational', 100, (r) => r.counts.info, { align: 'end' }),
    col<StatusRow<PackageDto>>('warning', 'Warnings', 80, (r) => r.counts.warning, { align: 'end' }),
    col<StatusRow<PackageDto>>('error', 'Errors', 70, (r) => r.counts.error, { align: 'end' }),
    col<StatusRow<PackageDto>>('last', 'Last Message', 140, (r) => r.counts.last ?? '', {
      text: (r) => formatTime(r.counts.last) || 'None yet',
    }),
  ],
}

/** An update's catalog marker: superseded, reported by clients only, or current. */
export function updateMarker(u: Pick<UpdateDto, 'supersededBy' | 'reportedByClients'>): string {
  if (u.supersededBy) return `Superseded by ${u.supersededBy}`
  return u.reportedByClients ? 'Reported by clients' : 'Current'
}

/** What each job kind is called in lists. */
export const jobKindLabels: Record<JobSummary['kind'], string> = {
  scan: 'Scan',
  exec: 'Command',
  inventory: 'Inventory',
  connect: 'Connection test',
  reboot: 'Restart',
}

function durationOf(j: JobSummary): number {
  return j.finishedAt ? Date.parse(j.finishedAt) - Date.parse(j.createdAt) : 0
}

/** A client's last scan state as its TopicType 501 name ("Scan completed"), or "Never scanned". */
export function scanStateText(r: Pick<ResourceDto, 'scanStateId'>): string {
  return r.scanStateId === null ? 'Never scanned' : stateNameOf(501, r.scanStateId)
}

/** An object with its status message counts. */
export interface StatusRow<T> {
  item: T
  counts: SeverityCounts
}

/** The text a cell shows. */
export function cellText(column: ColumnDef, data: unknown): string {
  const fn = column.text ?? column.value
  const v = (fn as (d: unknown) => string | number)(data)
  return typeof v === 'number' ? v.toLocaleString() : v
}

/** The value a cell sorts and filters on. */
export function cellValue(column: ColumnDef, data: unknown): string | number {
  return (column.value as (d: unknown) => string | number)(data)
}

/** Compares two rows on a column (numbers numerically, text naturally). */
export function compareRows(column: ColumnDef, a: Row, b: Row): number {
  const va = cellValue(column, a.data)
  const vb = cellValue(column, b.data)
  if (typeof va === 'number' && typeof vb === 'number') return va - vb
  return collator.compare(String(va), String(vb))
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
