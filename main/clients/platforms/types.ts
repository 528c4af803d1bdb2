import { z } from 'zod'
import { splitLines } from '../parsing/limits'
import { oneLine, quote } from '../parsing/one-line'
import type { Platform } from '../../../shared/dto/resource'
import type { PackageListsFact } from './package-lists'
import type { ServicesCheck } from './restart-services'

/** The WSUS update classification names, used for every platform. */
export const wsusClassifications = [
  'Security Updates',
  'Critical Updates',
  'Updates',
  'Update Rollups',
  'Feature Packs',
  'Service Packs',
  'Definition Updates',
  'Drivers',
  'Tools',
  'Upgrades',
] as const

/** A WSUS update classification name. */
export type WsusClassification = (typeof wsusClassifications)[number]

/** MSRC-style severities; '' when the vendor gives none. */
export const severities = ['', 'Critical', 'Important', 'Moderate', 'Low'] as const

/** An MSRC-style severity. */
export type Severity = (typeof severities)[number]

/** Who published an update. */
export type UpdateVendor = 'debian' | 'microsoft' | 'redhat' | 'suse'

/** One update a scan found, required or installed, in the vendor's own identity. */
export interface ScannedUpdate {
  /** Debian `deb:<package>:<arch>:<candidate>`; Windows the UpdateID GUID; RHEL/SUSE `<advisory>/<nevra>` or patch name. */
  id: string
  vendor: UpdateVendor
  title: string
  classification: WsusClassification
  severity: Severity
  /** The vendor's own classification word when it differs from the WSUS name (e.g. 'security', 'bugfix'). */
  vendorClassification?: string
  package?: string
  installedVersion?: string
  availableVersion?: string
  arch?: string
  /** Debian: the archive/codename list apt shows (`bookworm-security`, `oldstable,oldstable-security`). */
  suite?: string
  /** Where the candidate comes from (`http://deb.debian.org/debian-security bookworm-security/main`, a repo alias). */
  origin?: string
  kb?: string
  revision?: number
  products: string[]
  size?: number
  sha256?: string
  releaseDate?: string
  supersededIds: string[]
  installed: boolean
  downloaded?: boolean
  rebootRequired?: boolean
  supportUrl?: string
}

/** A Windows hotfix as Get-HotFix or an installed-update list reports it. */
export interface InstalledHotfix {
  kb: string
  installedOn?: string
  description?: string
  title?: string
}

/** An installed Linux package. */
export interface InstalledPackage {
  name: string
  version: string
  arch: string
}

/** What one scan of one client found. */
export interface ScanResult {
  platform: Exclude<Platform, 'unknown'>
  osName: string
  osVersion: string
  /** Windows Update Agent version, or the package manager's version. */
  agentVersion?: string
  rebootPending: boolean
  /**
   * Why a restart is pending: packages (Debian `/var/run/reboot-required.pkgs`, RHEL `needs-restarting -r`), a
   * pending kernel upgrade (needrestart), or Windows sources (CBS, WindowsUpdate, PendingFileRenameOperations…).
   */
  rebootReasons?: string[]
  /** Linux: services running outdated libraries (needrestart, needs-restarting -s), or why they were not checked. */
  services?: ServicesCheck
  updates: ScannedUpdate[]
  installedHotfixes?: InstalledHotfix[]
  installedPackages?: InstalledPackage[]
  /** Warnings the tools printed that did not stop the scan. */
  warnings?: string[]
  /** Linux: how old the package lists were and whether this scan refreshed them first. */
  packageLists?: PackageListsFact
}

/** An error in what a client printed: names the tool, the line and what was expected, on one line. */
export class ScanOutputError extends Error {
  override readonly name = 'ScanOutputError'

  constructor(message: string) {
    super(oneLine(message))
  }
}

/** The zod schema of an installed package, for callers that persist or transport scan results. */
export const installedPackageSchema = z.object({ name: z.string(), version: z.string(), arch: z.string() })

/** Maps a vendor severity word (any case) to an MSRC-style severity, '' for none/unknown. */
export function normalizeSeverity(word: string | null | undefined): Severity {
  const w = (word ?? '').trim().toLowerCase()
  if (w === 'critical') return 'Critical'
  if (w === 'important' || w === 'high') return 'Important'
  if (w === 'moderate' || w === 'medium') return 'Moderate'
  if (w === 'low') return 'Low'
  return ''
}

/**
 * Splits a command's output into lines, dropping a leading BOM, a final empty line and the CR of CRLF endings;
 * refuses (ScanOutputError naming `tool`) output over MAX_OUTPUT_CHARS or a line over MAX_LINE_CHARS.
 */
export function toLines(text: string, tool = 'command output'): string[] {
  return splitLines(text, tool, (message) => new ScanOutputError(message))
}

/** Quotes a line of output for an error message: JSON syntax, control characters escaped, cut to `max`. */
export function quoteLine(line: string, max = 160): string {
  return quote(line, max)
}

type Issue = { code?: string; path: PropertyKey[]; message: string; errors?: Issue[][] }

function deepest(issues: readonly Issue[], prefix: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const issue = issues[0]
  if (!issue) return { path: prefix, message: 'invalid' }
  const path = [...prefix, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0)
    return issue.errors
      .map((errs) => deepest(errs, path))
      .reduce((a, b) => (b.path.length > a.path.length ? b : a))
  return { path, message: issue.message }
}

/** "at Updates.0.UpdateID: UpdateID must be a GUID": the most specific problem of a zod error, unions included. */
export function zodProblem(error: z.ZodError): string {
  const { path, message } = deepest(error.issues as unknown as Issue[], [])
  return `at ${path.map(String).join('.') || '(root)'}: ${message}`
}
