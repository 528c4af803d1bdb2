import { excerpt } from '../parsing/one-line'
import { advisoryClassification, RPM_QUERY_FORMAT } from './linux-advisory'
import { parseRpmQuery } from './rhel-dnf'
import {
  SUSE_LISTS_REFRESH,
  listsPrelude,
  parsePackageLists,
  scanCommandLine,
  type ListsRefreshRequest,
} from './package-lists'
import {
  SHELL_DONE,
  SHELL_PRELUDE,
  okSection,
  osNameVersion,
  parseOsRelease,
  splitSections,
} from './shell-sections'
import { findAll, parseXml, type XmlElement } from './xml-lite'
import { ScanOutputError, normalizeSeverity, type ScanResult, type ScannedUpdate } from './types'

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name)
}

function need(el: XmlElement, attr: string, tool: string): string {
  const v = el.attrs[attr]
  if (v === undefined || v === '') throw new ScanOutputError(`${tool}: <update> has no ${attr} attribute`)
  return v
}

/** The <update> elements of a zypper --xmlout list-updates/list-patches stream; zypper error messages throw. */
function zypperUpdates(xml: string, tool: string): XmlElement[] {
  const stream = parseXml(xml, tool)
  if (stream.name !== 'stream')
    throw new ScanOutputError(`${tool}: root element is <${stream.name}>, not <stream>`)
  const errors = findAll(stream, 'message').filter((m) => m.attrs.type === 'error')
  const status = findAll(stream, 'update-status')
  if (status.length === 0)
    throw new ScanOutputError(
      `${tool}: no <update-status> in the output${errors.length ? `: ${errors.map((e) => e.text.trim()).join('; ')}` : ''}`,
    )
  return status.flatMap((s) => findAll(s, 'update'))
}

/** Parses `zypper --xmlout list-patches`: needed patches (blocked ones included) → ScannedUpdates. */
export function parseZypperPatches(xml: string): ScannedUpdate[] {
  const tool = 'zypper list-patches'
  return zypperUpdates(xml, tool).map((u) => {
    if (u.attrs.kind !== 'patch')
      throw new ScanOutputError(`${tool}: <update> of kind "${excerpt(u.attrs.kind ?? '')}", not "patch"`)
    const name = need(u, 'name', tool)
    const category = u.attrs.category ?? ''
    const severity = u.attrs.severity ?? ''
    const source = child(u, 'source')
    const update: ScannedUpdate = {
      id: name,
      vendor: 'suse',
      title: child(u, 'summary')?.text.trim() || name,
      classification: advisoryClassification(category, severity),
      severity: normalizeSeverity(severity),
      vendorClassification: category,
      availableVersion: need(u, 'edition', tool),
      products: [],
      supersededIds: [],
      installed: u.attrs.status === 'applied',
      rebootRequired: u.attrs.restart === 'true',
    }
    if (u.attrs.arch) update.arch = u.attrs.arch
    if (source?.attrs.alias) update.origin = source.attrs.alias
    return update
  })
}

/** Parses `zypper --xmlout list-updates` (kind=package): newer package versions → ScannedUpdates ('Updates'). */
export function parseZypperPackageUpdates(xml: string): ScannedUpdate[] {
  const tool = 'zypper list-updates'
  return zypperUpdates(xml, tool).map((u) => {
    if (u.attrs.kind !== 'package')
      throw new ScanOutputError(`${tool}: <update> of kind "${excerpt(u.attrs.kind ?? '')}", not "package"`)
    const name = need(u, 'name', tool)
    const edition = need(u, 'edition', tool)
    const arch = need(u, 'arch', tool)
    const update: ScannedUpdate = {
      id: `rpm:${name}:${arch}:${edition}`,
      vendor: 'suse',
      title: `${name} ${edition}`,
      classification: 'Updates',
      severity: '',
      package: name,
      availableVersion: edition,
      arch,
      products: [],
      supersededIds: [],
      installed: false,
    }
    if (u.attrs['edition-old']) update.installedVersion = u.attrs['edition-old']
    const source = child(u, 'source')
    if (source?.attrs.alias) update.origin = source.attrs.alias
    return update
  })
}

/** The sections the SUSE scan prints. */
export const SUSE_SECTIONS = ['os-release', 'patches', 'reboot', 'rpm'] as const

/**
 * The sh script of a SUSE scan: the metadata's age (and `zypper refresh` first when asked, as root only), patches
 * from cached metadata (--no-refresh), the reboot flag, rpm.
 */
export const SUSE_SCAN_SCRIPT = [
  SHELL_PRELUDE,
  listsPrelude(SUSE_LISTS_REFRESH),
  'zypper --non-interactive --no-refresh --xmlout list-patches >"$d/o" 2>"$d/e"; emit patches $? "$d/o" "$d/e"',
  'if [ -f /run/reboot-needed ] || [ -f /var/run/reboot-needed ]; then echo yes; else echo no; fi >"$d/o"; : >"$d/e"; emit reboot 0 "$d/o" "$d/e"',
  `rpm -qa --qf '${RPM_QUERY_FORMAT}' >"$d/o" 2>"$d/e"; emit rpm $? "$d/o" "$d/e"`,
  SHELL_DONE,
].join('\n')

/** The command line an SSH exec runs for a SUSE scan that never refreshes the metadata. */
export const SUSE_SCAN_COMMAND = scanCommandLine(SUSE_SCAN_SCRIPT)

/** The command line of a SUSE scan that refreshes zypper's metadata first when it is due. */
export function suseScanCommand(refresh?: ListsRefreshRequest): string {
  return scanCommandLine(SUSE_SCAN_SCRIPT, refresh && { afterSeconds: refresh.afterSeconds })
}

/** Parses the output of SUSE_SCAN_SCRIPT. */
export function parseSuseScan(output: string): ScanResult {
  const tool = 'SUSE scan'
  const s = splitSections(output, tool, SUSE_SECTIONS)
  const reboot = okSection(s, 'reboot', tool).stdout.trim()
  if (reboot !== 'yes' && reboot !== 'no')
    throw new ScanOutputError(`${tool}: reboot section is ${JSON.stringify(reboot)}`)
  const result: ScanResult = {
    platform: 'suse',
    ...osNameVersion(parseOsRelease(okSection(s, 'os-release', tool).stdout)),
    rebootPending: reboot === 'yes',
    updates: parseZypperPatches(okSection(s, 'patches', tool).stdout),
    installedPackages: parseRpmQuery(okSection(s, 'rpm', tool).stdout),
  }
  const lists = parsePackageLists(s, tool)
  if (lists) result.packageLists = lists
  return result
}
