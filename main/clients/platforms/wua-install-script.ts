import { powerShellInvocation, type PowerShellInvocation } from './wua-scan-script'
import { systemTaskScript, unwrapSystemTaskScript, type SystemTaskOptions } from './windows-system-task'
import { psQuote } from '../quoting'

/** What the WUA install script installs. */
export interface WuaInstallRequest {
  /** WUA UpdateIDs (GUIDs) to install. */
  updateIds: readonly string[]
  /**
   * Content already on the client (copied from a distribution point): UpdateID → local file paths. Updates
   * listed here are fed to WUA with IUpdate2.CopyToCache instead of being downloaded from Microsoft.
   */
  localFiles?: Readonly<Record<string, readonly string[]>>
  /** Lets a client (the lab) recognise a repeated install; WUA itself ignores it. */
  idempotencyKey?: string
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Refuses control characters in data for the script: Windows file names cannot hold them, and a line break inside a
 * literal would not survive compactPowerShell (which works line by line).
 */
function checkText(value: string, what: string): string {
  if (CONTROL.test(value)) throw new Error(`${what} holds a control character: ${JSON.stringify(value)}`)
  return value
}

/**
 * The Windows PowerShell (3.0+, also pwsh) script that installs updates through the Windows Update Agent COM API:
 * Microsoft.Update.Session → UpdateSearcher for the UpdateIDs → UpdateDownloader (or CopyToCache of local files)
 * → UpdateInstaller. It prints ONE compressed JSON object (see wua-install-result.ts for its schema) with
 * ResultCode, HResult and RebootRequired per update, and exits 0 when every update is installed, else 1.
 * On an exception it prints {"error": ..., "hresult": ...} and exits 2. Data with control characters is refused.
 * Runs in the tests in real pwsh against a WUA stand-in (test/support/wua-stand-in.ps1).
 */
export function wuaInstallScript(req: WuaInstallRequest): string {
  const bad = req.updateIds.filter((id) => !GUID.test(id))
  if (req.updateIds.length === 0) throw new Error('the WUA install script needs at least one UpdateID')
  if (bad.length) throw new Error(`not a WUA UpdateID (GUID): ${bad.join(', ')}`)
  const ids = req.updateIds.map(psQuote).join(', ')
  const files = Object.entries(req.localFiles ?? {})
    .map(
      ([id, paths]) =>
        `${psQuote(checkText(id, 'a local-file UpdateID'))} = @(${paths.map((p) => psQuote(checkText(p, 'a local file path'))).join(', ')})`,
    )
    .join('; ')
  checkText(req.idempotencyKey ?? '', 'the idempotency key')
  return String.raw`
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$PatchbayIdempotencyKey = ${psQuote(req.idempotencyKey ?? '')}
$ids = @(${ids})
$files = @{ ${files} }
function Out-Json($o) {
  $j = ConvertTo-Json -InputObject $o -Depth 6 -Compress
  [regex]::Replace($j, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}
function Hex($n) { '0x{0:X8}' -f [int]$n }
try {
  $session = New-Object -ComObject Microsoft.Update.Session
  $session.ClientApplicationID = 'Patchbay'
  $searcher = $session.CreateUpdateSearcher()
  $criteria = (@($ids | ForEach-Object { "UpdateID='$_'" }) -join ' or ')
  $found = $searcher.Search($criteria)
  $byId = @{}
  foreach ($u in $found.Updates) { $byId[[string]$u.Identity.UpdateID] = $u }
  $results = New-Object System.Collections.ArrayList
  $coll = New-Object -ComObject Microsoft.Update.UpdateColl
  foreach ($id in $ids) {
    if (-not $byId.ContainsKey($id)) {
      [void]$results.Add([ordered]@{ UpdateID = $id; KB = ''; Title = ''; Status = 'NotFound'; ResultCode = 4; HResult = '0x80240024'; RebootRequired = $false; IsInstalled = $false })
      continue
    }
    $u = $byId[$id]
    $kb = ''; foreach ($k in $u.KBArticleIDs) { $kb = 'KB' + [string]$k; break }
    if ($u.IsInstalled) {
      [void]$results.Add([ordered]@{ UpdateID = $id; KB = $kb; Title = [string]$u.Title; Status = 'AlreadyInstalled'; ResultCode = 2; HResult = '0x00000000'; RebootRequired = [bool]$u.RebootRequired; IsInstalled = $true })
      continue
    }
    if (-not $u.EulaAccepted) { $u.AcceptEula() }
    if ($files.ContainsKey($id)) {
      $paths = New-Object -ComObject Microsoft.Update.StringColl
      foreach ($p in $files[$id]) { [void]$paths.Add($p) }
      if ($u.BundledUpdates.Count -gt 0) { foreach ($b in $u.BundledUpdates) { $b.CopyToCache($paths) } } else { $u.CopyToCache($paths) }
    }
    [void]$coll.Add($u)
  }
  $overall = 2; $overallHr = 0; $reboot = $false
  if ($coll.Count -gt 0) {
    $download = $null
    $toDownload = New-Object -ComObject Microsoft.Update.UpdateColl
    foreach ($u in $coll) { if (-not $u.IsDownloaded) { [void]$toDownload.Add($u) } }
    if ($toDownload.Count -gt 0) {
      $downloader = $session.CreateUpdateDownloader()
      $downloader.Updates = $toDownload
      $download = $downloader.Download()
    }
    $installer = $session.CreateUpdateInstaller()
    $installer.Updates = $coll
    $install = $installer.Install()
    $overall = [int]$install.ResultCode; $overallHr = $install.HResult; $reboot = [bool]$install.RebootRequired
    for ($i = 0; $i -lt $coll.Count; $i++) {
      $u = $coll.Item($i); $r = $install.GetUpdateResult($i)
      $kb = ''; foreach ($k in $u.KBArticleIDs) { $kb = 'KB' + [string]$k; break }
      $status = 'Failed'; if ([int]$r.ResultCode -eq 2 -or [int]$r.ResultCode -eq 3) { $status = 'Installed' }
      [void]$results.Add([ordered]@{ UpdateID = [string]$u.Identity.UpdateID; KB = $kb; Title = [string]$u.Title; Status = $status; ResultCode = [int]$r.ResultCode; HResult = (Hex $r.HResult); RebootRequired = [bool]$r.RebootRequired; IsInstalled = [bool]$u.IsInstalled })
    }
  }
  $failed = @($results | Where-Object { $_.ResultCode -ne 2 -and $_.ResultCode -ne 3 }).Count
  if ($failed -gt 0 -and $overall -eq 2) { $overall = 3 }
  if ($failed -eq $results.Count) { $overall = 4 }
  Out-Json ([ordered]@{
    SchemaVersion = 1; ComputerName = [string]$env:COMPUTERNAME
    ResultCode = $overall; HResult = (Hex $overallHr); RebootRequired = $reboot; Updates = @($results)
  })
  if ($failed -gt 0) { exit 1 }
} catch {
  $hr = 0; try { $hr = $_.Exception.HResult } catch { }
  Out-Json ([ordered]@{ error = [string]$_.Exception.Message; hresult = ('0x{0:X8}' -f $hr) })
  exit 2
}
`.trimStart()
}

/** True when a PowerShell script is the WUA install script (the lab answers it). */
export function isWuaInstallScript(script: string): boolean {
  return script.includes('Microsoft.Update.Session') && script.includes('CreateUpdateInstaller')
}

/** What a lab host reads back from the script (bare or in its SYSTEM task wrapper): UpdateIDs, local files, key. */
export function readWuaInstallScript(text: string): Required<WuaInstallRequest> {
  const script = unwrapSystemTaskScript(text) ?? text
  // psQuote doubles each of ' ‘ ’ ‚ ‛; a literal ends at any one of them standing alone.
  const unq = (s: string) => s.slice(1, -1).replace(/(['\u2018-\u201B])\1/g, '$1')
  const lit = /'(?:[^'\u2018-\u201B]|(['\u2018-\u201B])\1)*'/g
  const idsLine = /^\$ids = @\((.*)\)$/m.exec(script)?.[1] ?? ''
  const filesLine = /^\$files = @\{(.*)\}$/m.exec(script)?.[1] ?? ''
  const localFiles: Record<string, string[]> = {}
  for (const m of filesLine.matchAll(
    /('(?:[^'\u2018-\u201B]|(['\u2018-\u201B])\2)*') = @\(((?:[^)']|'(?:[^'\u2018-\u201B]|(['\u2018-\u201B])\4)*')*)\)/g,
  ))
    localFiles[unq(m[1]!)] = [...m[3]!.matchAll(lit)].map((x) => unq(x[0]))
  const key = /^\$PatchbayIdempotencyKey = ('(?:[^'\u2018-\u201B]|(['\u2018-\u201B])\2)*')$/m.exec(
    script,
  )?.[1]
  return {
    updateIds: [...idsLine.matchAll(lit)].map((x) => unq(x[0])),
    localFiles,
    idempotencyKey: key ? unq(key) : '',
  }
}

/**
 * How to run the install script on a client (`powershell -EncodedCommand`, gzip or stdin bootstrap as needed): inside
 * a one-time scheduled task under SYSTEM (windows-system-task.ts), since Windows refuses WUA installs from the
 * network logon OpenSSH and WinRM sessions are.
 */
export function wuaInstallInvocation(
  req: WuaInstallRequest,
  task: SystemTaskOptions = {},
): PowerShellInvocation {
  return powerShellInvocation(systemTaskScript(wuaInstallScript(req), task))
}
