import { gunzipSync } from 'node:zlib'
import { CLASSIFICATION_IDS } from '../platforms/windows-wua'
import { STDIN_BOOTSTRAP } from '../platforms/wua-scan-script'
import { readWuaInstallScript } from '../platforms/wua-install-script'
import type { LabHost } from './lab-host'
import type { LabOutput } from './lab-shell-debian'
import { psQuote } from '../quoting'

/**
 * A shortcut install command of the lab (the product sends the real WUA install script, which lab hosts answer too):
 * `Install-PatchbayLabUpdate -Id KB5034770,<UpdateID>[ -IdempotencyKey KEY]`, bare or inside
 * `powershell … -Command "…"`. It prints one JSON object `{ResultCode, RebootRequired, Updates: [{Id, UpdateID, KB,
 * ResultCode, HResult, Status}]}` with WUA OperationResultCode values (2 succeeded, 4 failed) and exits 0 only when
 * every update succeeded (already installed counts as success).
 */
export const LAB_WUA_INSTALL_COMMAND = 'Install-PatchbayLabUpdate'

/** Builds the lab's Windows install command line for some updates (UpdateIDs or KBs). */
export function labWuaInstallCommand(ids: readonly string[], idempotencyKey?: string): string {
  const key = idempotencyKey ? ` -IdempotencyKey ${psQuote(idempotencyKey)}` : ''
  return `powershell -NoProfile -NonInteractive -Command "${LAB_WUA_INSTALL_COMMAND} -Id ${ids.join(',')}${key}"`
}

const classificationIds = new Map(Object.entries(CLASSIFICATION_IDS).map(([id, name]) => [name, id]))

const iso = (d: string) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The JSON the WUA scan script prints for this host (compressed, as ConvertTo-Json -Compress writes it). */
export function wuaScanJson(host: LabHost, includeInstalled = true): string {
  const updates = host
    .visibleWindowsUpdates()
    .filter((u) => includeInstalled || !host.installedUpdateIds.has(u.updateId))
    .map((u) => {
      const installed = host.installedUpdateIds.has(u.updateId)
      return {
        UpdateID: u.updateId,
        RevisionNumber: u.revision,
        Title: u.title,
        KBArticleIDs: [u.kb.replace(/^KB/, '')],
        Classification: u.classification,
        ClassificationID: classificationIds.get(u.classification) ?? '',
        Products: u.products,
        MsrcSeverity: u.severity,
        Type: 1,
        LastDeploymentChangeTime: iso(u.releaseDate),
        MaxDownloadSize: u.size,
        SupersededUpdateIDs: u.supersededIds,
        IsInstalled: installed,
        IsDownloaded: installed,
        RebootRequired: installed && u.rebootRequired && host.rebootPending,
        SupportUrl: `https://support.microsoft.com/help/${u.kb.replace(/^KB/, '')}`,
      }
    })
  return JSON.stringify({
    SchemaVersion: 1,
    ComputerName: host.hostname,
    OsName: host.windows!.osName,
    OsVersion: host.windows!.osVersion,
    AgentVersion: host.windows!.build,
    RebootPending: host.rebootPending,
    RebootReasons: host.rebootReasons,
    Updates: updates,
    HotFixes: host.hotfixes.map((h) => ({
      HotFixID: h.kb,
      Description: h.description,
      InstalledOn: iso(h.installedOn),
    })),
  })
}

/** The script a `powershell … -EncodedCommand B64` line runs: decoded, gzip bootstraps unpacked, stdin read. */
export async function decodePowerShell(
  args: string[],
  readStdin: () => Promise<string>,
): Promise<string | null> {
  const i = args.findIndex((a) => /^-(e|ec|enc|encodedcommand)$/i.test(a))
  const c = args.findIndex((a) => /^-(c|command)$/i.test(a))
  if (i < 0) return c >= 0 ? args.slice(c + 1).join(' ') : null
  const body = Buffer.from(args[i + 1] ?? '', 'base64').toString('utf16le')
  if (body === STDIN_BOOTSTRAP) return readStdin()
  const gz = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(body)
  if (gz && body.includes('GZipStream')) return gunzipSync(Buffer.from(gz[1]!, 'base64')).toString('utf8')
  return body
}

/** True when a PowerShell script is the WUA scan script (either variant). */
export function isWuaScanScript(script: string): boolean {
  return script.includes('Microsoft.Update.Session') && script.includes('CreateUpdateSearcher')
}

/** Runs `Install-PatchbayLabUpdate -Id … [-IdempotencyKey …]` (see LAB_WUA_INSTALL_COMMAND). */
export function labWuaInstall(host: LabHost, script: string, now: Date, envKey?: string): LabOutput {
  const ids =
    /-Id\s+([^\s"']+)/i
      .exec(script)?.[1]
      ?.split(',')
      .filter((s) => s !== '') ?? []
  const key = /-IdempotencyKey\s+'((?:[^']|'')*)'/i.exec(script)?.[1]?.replace(/''/g, "'") ?? envKey
  if (ids.length === 0)
    return { stdout: '', stderr: `${LAB_WUA_INSTALL_COMMAND}: -Id is required\r\n`, code: 1 }
  let reboot = false
  const results = ids.map((id) => {
    const res = host.installUpdate(id, now, key)
    const u = host.findWindowsUpdate(id)
    const base = { Id: id, UpdateID: u?.updateId ?? '', KB: u?.kb ?? '' }
    if (res.status === 'installed' && res.rebootRequired) reboot = true
    if (res.status === 'unknown') return { ...base, ResultCode: 4, HResult: '0x80240024', Status: 'NotFound' }
    if (res.status === 'not-applicable')
      return { ...base, ResultCode: 4, HResult: '0x80240017', Status: 'NotApplicable' }
    const status =
      res.status === 'installed' ? 'Installed' : res.status === 'replayed' ? 'Replayed' : 'AlreadyInstalled'
    return { ...base, ResultCode: 2, HResult: '0x00000000', Status: status }
  })
  const failed = results.filter((r) => r.ResultCode !== 2).length
  const overall = failed === 0 ? 2 : failed === results.length ? 4 : 3
  const body = { ResultCode: overall, RebootRequired: reboot || host.rebootPending, Updates: results }
  return { stdout: `${JSON.stringify(body)}\r\n`, stderr: '', code: failed === 0 ? 0 : 1 }
}

/**
 * Answers the real WUA install script (wua-install-script.ts) as Windows would, in its JSON shape: installs the
 * script's UpdateIDs (idempotent per its $PatchbayIdempotencyKey) and reports ResultCode / HResult /
 * RebootRequired per update; exits 1 when an update failed, like the script.
 */
export function labWuaInstallScript(host: LabHost, script: string, now: Date): LabOutput {
  const req = readWuaInstallScript(script)
  const key = req.idempotencyKey || undefined
  let reboot = false
  const updates = req.updateIds.map((id) => {
    const res = host.installUpdate(id, now, key)
    const u = host.findWindowsUpdate(id)
    const base = { UpdateID: id, KB: u?.kb ?? '', Title: u?.title ?? '' }
    const fail = (hr: string, status: 'NotFound' | 'Failed') => ({
      ...base,
      Status: status,
      ResultCode: 4,
      HResult: hr,
      RebootRequired: false,
      IsInstalled: false,
    })
    if (res.status === 'unknown') return fail('0x80240024', 'NotFound')
    if (res.status === 'not-applicable') return fail('0x80240017', 'Failed')
    if (res.status === 'installed' && res.rebootRequired) reboot = true
    const already = res.status === 'current'
    const needs = res.status === 'installed' && res.rebootRequired
    return {
      ...base,
      Status: already ? 'AlreadyInstalled' : 'Installed',
      ResultCode: 2,
      HResult: needs ? '0x00240005' : '0x00000000',
      RebootRequired: needs || (!!u?.rebootRequired && host.rebootPending),
      IsInstalled: true,
    }
  })
  const failed = updates.filter((u) => u.ResultCode !== 2).length
  const body = {
    SchemaVersion: 1,
    ComputerName: host.hostname,
    ResultCode: failed === 0 ? 2 : failed === updates.length ? 4 : 3,
    HResult: failed === updates.length && failed > 0 ? '0x80240022' : '0x00000000',
    RebootRequired: reboot,
    Updates: updates,
  }
  return { stdout: `${JSON.stringify(body)}\r\n`, stderr: '', code: failed === 0 ? 0 : 1 }
}
