import { z } from 'zod'
import { parseJsonText } from '../parsing/json-text'
import { MAX_OUTPUT_CHARS, checkTextSize } from '../parsing/limits'
import { ScanOutputError, zodProblem } from './types'

/**
 * WUA OperationResultCode (wuapi.h; Microsoft Learn "OperationResultCode enumeration",
 * https://learn.microsoft.com/en-us/windows/win32/api/wuapi/ne-wuapi-operationresultcode, and [MS-UAMG] 2.2.9):
 * 0 orcNotStarted, 1 orcInProgress, 2 orcSucceeded, 3 orcSucceededWithErrors, 4 orcFailed, 5 orcAborted.
 */
export const OPERATION_RESULT_CODES: Record<number, string> = {
  0: 'Not started',
  1: 'In progress',
  2: 'Succeeded',
  3: 'Succeeded with errors',
  4: 'Failed',
  5: 'Aborted',
}

/**
 * Meanings of HResults WUA installs commonly end with (Microsoft Learn "WUA Success and Error Codes" and
 * "Windows Update common errors and mitigation"; Win32 codes as HRESULT_FROM_WIN32).
 */
export const WUA_HRESULTS: Record<string, string> = {
  '0x00000000': 'S_OK',
  '0x00240005': 'WU_S_REBOOT_REQUIRED: the system must be restarted to complete installation of the update',
  '0x00240006': 'WU_S_ALREADY_INSTALLED: the update to be installed is already installed on the system',
  '0x80240016':
    'WU_E_INSTALL_NOT_ALLOWED: another installation is in progress or the system is pending a mandatory restart',
  '0x80240017': 'WU_E_NOT_APPLICABLE: the update is not applicable to this computer',
  '0x80240020': 'WU_E_NO_INTERACTIVE_USER: the operation needs an interactive user',
  '0x80240022': 'WU_E_ALL_UPDATES_FAILED: the operation failed for all the updates',
  '0x80240024': 'WU_E_NO_UPDATE: no update matched (not found by the searcher)',
  '0x8024001E':
    'WU_E_SERVICE_STOP: the operation did not complete because the service or system was shutting down',
  '0x80240044': 'WU_E_PER_MACHINE_UPDATE_ACCESS_DENIED: only administrators can install per-machine updates',
  '0x8024200D': 'WU_E_UH_NEEDANOTHERDOWNLOAD: the update needs more content to be downloaded',
  '0x80246007': 'WU_E_DM_NOTDOWNLOADED: the update has not been downloaded',
  '0x8024402C': 'WU_E_PT_WINHTTP_NAME_NOT_RESOLVED: the update server name could not be resolved',
  '0x8024401C': 'WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT: the update server timed out',
  '0x80072EFD': 'ERROR_INTERNET_CANNOT_CONNECT: the update server could not be reached',
  '0x80070005': 'E_ACCESSDENIED: access denied (run as an administrator)',
  '0x80070643': 'ERROR_INSTALL_FAILURE: a fatal error occurred during installation',
  '0x80070BC9': 'ERROR_FAIL_REBOOT_REQUIRED: the operation failed; restart the system to roll back changes',
  '0x800F081F': 'CBS_E_SOURCE_MISSING: the source files could not be found',
  '0x800F0922':
    'CBS_E_INSTALLERS_FAILED: the installers failed (often too little space on the system reserved partition)',
}

/** What an HResult means ("0x80240017" → its name and text), or '' for a code not in the table. */
export function hresultMeaning(hresult: string): string {
  return WUA_HRESULTS[hresult.toUpperCase().replace(/^0X/, '0x')] ?? ''
}

const hex = z
  .union([z.string(), z.number()])
  .transform((v) =>
    typeof v === 'number'
      ? `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}`
      : v.toUpperCase().replace(/^0X/, '0x'),
  )

/** Schema of one update in the install script's JSON. */
export const wuaInstallUpdateSchema = z.object({
  UpdateID: z.string(),
  KB: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  Title: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  Status: z.enum(['Installed', 'AlreadyInstalled', 'NotFound', 'Failed']),
  ResultCode: z.number().int().min(0).max(5),
  HResult: hex,
  RebootRequired: z.boolean(),
  IsInstalled: z.boolean(),
})

/** Schema of the install script's JSON object (SchemaVersion 1). */
export const wuaInstallSchema = z.object({
  SchemaVersion: z.literal(1),
  ComputerName: z.string().nullish(),
  ResultCode: z.number().int().min(0).max(5),
  HResult: hex,
  RebootRequired: z.boolean(),
  Updates: z
    .union([z.array(wuaInstallUpdateSchema), wuaInstallUpdateSchema])
    .transform((v) => (Array.isArray(v) ? v : [v])),
})

/** One update's install outcome. */
export interface WuaInstallItemResult {
  updateId: string
  kb: string
  title: string
  outcome: 'installed' | 'already-installed' | 'not-found' | 'failed'
  resultCode: number
  /** "Succeeded", "Failed"… (OperationResultCode). */
  resultName: string
  hresult: string
  /** The HResult's meaning for common codes, else ''. */
  meaning: string
  rebootRequired: boolean
}

/** What a WUA install did on one client. */
export interface WuaInstallResult {
  ok: boolean
  rebootRequired: boolean
  resultCode: number
  updates: WuaInstallItemResult[]
  /** One line: counts, and each failure with its HResult and meaning. */
  message: string
}

function jsonOf(stdout: string): unknown {
  const fail = (m: string) => new ScanOutputError(m)
  checkTextSize(stdout, MAX_OUTPUT_CHARS, 'WUA install output', fail)
  const start = stdout.indexOf('{')
  const end = stdout.lastIndexOf('}')
  if (start < 0 || end < start) throw new ScanOutputError('WUA install printed no JSON object')
  return parseJsonText(stdout.slice(start, end + 1), 'WUA install JSON', fail)
}

/** Parses the install script's stdout; its {"error"} object (an exception on the client) becomes a thrown Error. */
export function parseWuaInstall(stdout: string): WuaInstallResult {
  const json = jsonOf(stdout)
  const failed = z.object({ error: z.string(), hresult: hex.optional() }).safeParse(json)
  if (failed.success) {
    const m = failed.data.hresult ? hresultMeaning(failed.data.hresult) : ''
    throw new ScanOutputError(
      `WUA install failed on the client: ${failed.data.error}${failed.data.hresult ? ` (${failed.data.hresult}${m ? ` ${m}` : ''})` : ''}`,
    )
  }
  const parsed = wuaInstallSchema.safeParse(json)
  if (!parsed.success) throw new ScanOutputError(`WUA install JSON is invalid ${zodProblem(parsed.error)}`)
  const updates: WuaInstallItemResult[] = parsed.data.Updates.map((u) => {
    const succeeded = u.ResultCode === 2 || u.ResultCode === 3
    const outcome: WuaInstallItemResult['outcome'] =
      u.Status === 'NotFound'
        ? 'not-found'
        : u.Status === 'AlreadyInstalled'
          ? 'already-installed'
          : succeeded && u.Status === 'Installed'
            ? 'installed'
            : 'failed'
    return {
      updateId: u.UpdateID,
      kb: u.KB,
      title: u.Title,
      outcome,
      resultCode: u.ResultCode,
      resultName: OPERATION_RESULT_CODES[u.ResultCode] ?? String(u.ResultCode),
      hresult: u.HResult,
      meaning: hresultMeaning(u.HResult),
      rebootRequired: u.RebootRequired,
    }
  })
  const bad = updates.filter((u) => u.outcome === 'failed' || u.outcome === 'not-found')
  const done = updates.filter((u) => u.outcome === 'installed').length
  const already = updates.filter((u) => u.outcome === 'already-installed').length
  const reboot = parsed.data.RebootRequired || updates.some((u) => u.rebootRequired)
  const parts = [`${done} installed`]
  if (already) parts.push(`${already} already installed`)
  if (bad.length) parts.push(`${bad.length} failed`)
  if (reboot) parts.push('restart required')
  const failures = bad.map(
    (u) => `${u.kb || u.updateId}: ${u.resultName} ${u.hresult}${u.meaning ? ` ${u.meaning}` : ''}`,
  )
  return {
    ok: bad.length === 0,
    rebootRequired: reboot,
    resultCode: parsed.data.ResultCode,
    updates,
    message: [parts.join(', '), ...failures].join('; '),
  }
}
