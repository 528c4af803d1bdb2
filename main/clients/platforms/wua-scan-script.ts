import { gzipSync } from 'node:zlib'
import { psEncoded, psQuote } from '../quoting'

/** Options of the WUA scan script. */
export interface WuaScanOptions {
  /** Also return installed updates (state 500/3 "Installed"); default true. */
  includeInstalled?: boolean
}

/**
 * The Windows PowerShell (3.0+, also pwsh) script that scans one machine through the Windows Update Agent COM API
 * and prints ONE compressed JSON object, non-ASCII escaped as \uXXXX so the console code page cannot mangle it.
 * On failure it prints {"error": ..., "hresult": ...} and exits 1.
 */
export function wuaScanScript(options: WuaScanOptions = {}): string {
  const criteria =
    options.includeInstalled === false
      ? 'IsInstalled=0 and IsHidden=0'
      : 'IsInstalled=0 and IsHidden=0 or IsInstalled=1'
  return String.raw`
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Out-Json($o) {
  $j = ConvertTo-Json -InputObject $o -Depth 6 -Compress
  [regex]::Replace($j, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}
function Get-Iso($d) {
  if ($null -eq $d) { return $null }
  try { return ([datetime]$d).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') } catch { return $null }
}
try {
  $os = $null
  try { $os = Get-CimInstance Win32_OperatingSystem } catch { $os = Get-WmiObject Win32_OperatingSystem }
  $session = New-Object -ComObject Microsoft.Update.Session
  $session.ClientApplicationID = 'Patchbay'
  $searcher = $session.CreateUpdateSearcher()
  $found = $searcher.Search('${criteria}')
  $updates = New-Object System.Collections.ArrayList
  foreach ($u in $found.Updates) {
    $cls = ''; $clsId = ''; $products = @()
    foreach ($c in $u.Categories) {
      if ($c.Type -eq 'UpdateClassification') { $cls = [string]$c.Name; $clsId = [string]$c.CategoryID }
      elseif ($c.Type -eq 'Product') { $products += [string]$c.Name }
    }
    $kbs = @(); foreach ($k in $u.KBArticleIDs) { $kbs += [string]$k }
    $sup = @(); foreach ($s in $u.SupersededUpdateIDs) { $sup += [string]$s }
    [void]$updates.Add([ordered]@{
      UpdateID = [string]$u.Identity.UpdateID; RevisionNumber = [int]$u.Identity.RevisionNumber
      Title = [string]$u.Title; KBArticleIDs = $kbs; Classification = $cls; ClassificationID = $clsId
      Products = $products; MsrcSeverity = [string]$u.MsrcSeverity; Type = [int]$u.Type
      LastDeploymentChangeTime = (Get-Iso $u.LastDeploymentChangeTime); MaxDownloadSize = [int64]$u.MaxDownloadSize
      SupersededUpdateIDs = $sup; IsInstalled = [bool]$u.IsInstalled; IsDownloaded = [bool]$u.IsDownloaded
      RebootRequired = [bool]$u.RebootRequired; SupportUrl = [string]$u.SupportUrl
    })
  }
  $reasons = @()
  if (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') { $reasons += 'CBS' }
  if (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') { $reasons += 'WindowsUpdate' }
  try { if ((New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired) { $reasons += 'SystemInfo' } } catch { }
  try { if ($null -ne (Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name PendingFileRenameOperations -ErrorAction Stop)) { $reasons += 'PendingFileRenameOperations' } } catch { }
  $hotfixes = New-Object System.Collections.ArrayList
  $fixes = @(); try { $fixes = @(Get-HotFix) } catch { }
  foreach ($h in $fixes) {
    $on = $null; try { $on = Get-Iso $h.InstalledOn } catch { }
    [void]$hotfixes.Add([ordered]@{ HotFixID = [string]$h.HotFixID; Description = [string]$h.Description; InstalledOn = $on })
  }
  $agent = ''
  try { $agent = [string](Get-Item "$env:SystemRoot\System32\wuaueng.dll").VersionInfo.ProductVersion } catch { }
  Out-Json ([ordered]@{
    SchemaVersion = 1; ComputerName = [string]$env:COMPUTERNAME
    OsName = [string]$os.Caption; OsVersion = [string]$os.Version; AgentVersion = $agent
    RebootPending = ($reasons.Count -gt 0); RebootReasons = $reasons
    Updates = @($updates); HotFixes = @($hotfixes)
  })
} catch {
  $hr = 0; try { $hr = $_.Exception.HResult } catch { }
  Out-Json ([ordered]@{ error = [string]$_.Exception.Message; hresult = ('0x{0:X8}' -f $hr) })
  exit 1
}
`.trimStart()
}

/** The default WUA scan script (required and installed updates). */
export const WUA_SCAN_SCRIPT = wuaScanScript()

/** cmd.exe's command-line limit; Windows OpenSSH runs commands through cmd.exe by default. */
export const CMD_LINE_LIMIT = 8191

/** Drops indentation, blank lines and full-line comments; safe for our scripts (no here-strings). */
export function compactPowerShell(script: string): string {
  return script
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .join('\n')
}

const POWERSHELL = 'powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass'

/** Reads the real script from stdin and runs it: for scripts too long for one command line. */
export const STDIN_BOOTSTRAP = '$s = [Console]::In.ReadToEnd(); Invoke-Expression $s'

/** A bootstrap that unpacks a gzip+base64 copy of the script and runs it (about 2.5× shorter than the script). */
export function gzipBootstrap(script: string): string {
  const blob = gzipSync(Buffer.from(script, 'utf8'), { level: 9 }).toString('base64')
  return (
    `$m = New-Object IO.MemoryStream(,[Convert]::FromBase64String('${blob}'));` +
    ' $z = New-Object IO.Compression.GZipStream($m, [IO.Compression.CompressionMode]::Decompress);' +
    ' Invoke-Expression (New-Object IO.StreamReader($z, [Text.Encoding]::UTF8)).ReadToEnd()'
  )
}

/** How to run a script over OpenSSH: a command line, plus text to write to stdin when the script is too long. */
export interface PowerShellInvocation {
  command: string
  stdin?: string
}

/**
 * The OpenSSH invocation of a script: `powershell … -EncodedCommand <base64>` of the script, or of a gzip bootstrap,
 * whichever fits cmd.exe's 8191 characters; otherwise an encoded stdin bootstrap with the script on stdin
 * (`-Command -` would run stdin line by line and break multi-line blocks, so it is avoided).
 */
export function powerShellInvocation(script: string): PowerShellInvocation {
  const compact = compactPowerShell(script)
  for (const body of [compact, gzipBootstrap(compact)]) {
    const command = `${POWERSHELL} -EncodedCommand ${psEncoded(body)}`
    if (command.length <= CMD_LINE_LIMIT) return { command }
  }
  return { command: `${POWERSHELL} -EncodedCommand ${psEncoded(STDIN_BOOTSTRAP)}`, stdin: compact }
}

/** A script for node-powershell on a Windows console host that runs `script` on `computerName` by Invoke-Command. */
export function invokeCommandScript(script: string, computerName: string): string {
  return `Invoke-Command -ComputerName ${psQuote(computerName)} -ScriptBlock ([scriptblock]::Create(${psQuote(script)}))`
}
