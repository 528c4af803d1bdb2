import { compactPowerShell } from './wua-scan-script'
import { psQuote } from '../quoting'

/** Options of the one-time SYSTEM task wrapper. */
export interface SystemTaskOptions {
  /** How long to wait for the task's result before stopping it; default 25 minutes (below the 30-minute SSH limit). */
  timeoutSeconds?: number
}

/** The variable of the wrapper that holds the wrapped script as one single-quoted literal. */
export const SYSTEM_TASK_SCRIPT_VARIABLE = '$PatchbayTaskScript'

/**
 * A Windows PowerShell (3.0+) script that runs `script` as a one-time scheduled task under SYSTEM and prints what
 * it printed, exiting with its exit code. Windows refuses WUA installs from a network logon (OpenSSH, WinRM:
 * IUpdateSession::CreateUpdateInstaller returns E_ACCESSDENIED, "cannot be called from a remote computer"), which
 * is why PSWindowsUpdate has Invoke-WUJob and Ansible's win_updates runs as SYSTEM.
 *
 * Steps: a folder %ProgramData%\Patchbay\<task> only SYSTEM and Administrators may touch (icacls, inheritance
 * removed — the task runs what is in it as SYSTEM); the script and a runner that saves its output and exit code
 * as result.json (written to a temporary name, then moved, so a half-written file is never read);
 * Register-ScheduledTask \Patchbay\<task> as S-1-5-18 (SYSTEM), highest run level; Start-ScheduledTask; wait for
 * result.json, failing when the task ends without one (its LastTaskResult named) or on the timeout (the task is
 * stopped); then Unregister-ScheduledTask and remove the folder, whatever happened. Its own failures print
 * {"error": ..., "hresult": ...} and exit 2, like the WUA scripts.
 */
export function systemTaskScript(script: string, options: SystemTaskOptions = {}): string {
  const timeout = Math.max(1, Math.floor(options.timeoutSeconds ?? 25 * 60))
  return String.raw`
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
${SYSTEM_TASK_SCRIPT_VARIABLE} = ${psQuote(compactPowerShell(script))}
$timeoutSeconds = ${timeout}
function Q([string]$s) { "'" + ($s -replace "['\u2018-\u201B]", '$0$0') + "'" }
function Out-Json($o) {
  $j = ConvertTo-Json -InputObject $o -Depth 6 -Compress
  [regex]::Replace($j, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}
$name = 'Patchbay-' + [guid]::NewGuid().ToString('N')
$taskPath = '\Patchbay\'
$dir = Join-Path (Join-Path $env:ProgramData 'Patchbay') $name
$registered = $false
$code = 2
try {
  [void](New-Item -ItemType Directory -Path $dir -Force)
  $null = & icacls.exe $dir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'
  if ($LASTEXITCODE -ne 0) { throw "icacls could not restrict $dir (exit $LASTEXITCODE)" }
  $scriptPath = Join-Path $dir 'script.ps1'
  $runnerPath = Join-Path $dir 'run.ps1'
  $resultPath = Join-Path $dir 'result.json'
  $utf8 = New-Object System.Text.UTF8Encoding($true)
  [IO.File]::WriteAllText($scriptPath, ${SYSTEM_TASK_SCRIPT_VARIABLE}, $utf8)
  $runner = @(
    '$global:LASTEXITCODE = 0',
    ('$o = @(& ' + (Q $scriptPath) + ') -join [Environment]::NewLine'),
    '$c = $LASTEXITCODE; if ($null -eq $c) { $c = 0 }',
    '$j = ConvertTo-Json -Compress -InputObject @{ out = $o; code = $c }',
    ('[IO.File]::WriteAllText(' + (Q "$resultPath.tmp") + ', $j)'),
    ('Move-Item -LiteralPath ' + (Q "$resultPath.tmp") + ' -Destination ' + (Q $resultPath) + ' -Force')
  ) -join [Environment]::NewLine
  [IO.File]::WriteAllText($runnerPath, $runner, $utf8)
  $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $runnerPath + '"')
  $principal = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -LogonType ServiceAccount -RunLevel Highest
  $settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -ExecutionTimeLimit (New-TimeSpan -Seconds ($timeoutSeconds + 60))
  [void](Register-ScheduledTask -TaskName $name -TaskPath $taskPath -Action $action -Principal $principal -Settings $settings -Force)
  $registered = $true
  Start-ScheduledTask -TaskName $name -TaskPath $taskPath
  $deadline = (Get-Date).AddSeconds($timeoutSeconds)
  while (-not (Test-Path -LiteralPath $resultPath)) {
    $state = [string](Get-ScheduledTask -TaskName $name -TaskPath $taskPath).State
    $last = [int64](Get-ScheduledTaskInfo -TaskName $name -TaskPath $taskPath).LastTaskResult
    if ($state -ne 'Running' -and $state -ne 'Queued' -and $last -ne 0x41303 -and $last -ne 0x41301) {
      if (Test-Path -LiteralPath $resultPath) { break }
      throw ('the SYSTEM task ended without a result (state {0}, last result 0x{1:X8})' -f $state, $last)
    }
    if ((Get-Date) -gt $deadline) {
      Stop-ScheduledTask -TaskName $name -TaskPath $taskPath
      throw "the SYSTEM task gave no result within $timeoutSeconds s and was stopped"
    }
    Start-Sleep -Seconds 1
  }
  $result = [IO.File]::ReadAllText($resultPath) | ConvertFrom-Json
  [string]$result.out
  $code = [int]$result.code
} catch {
  $hr = 0; try { $hr = $_.Exception.HResult } catch { }
  Out-Json ([ordered]@{ error = [string]$_.Exception.Message; hresult = ('0x{0:X8}' -f $hr) })
  $code = 2
} finally {
  if ($registered) { try { Unregister-ScheduledTask -TaskName $name -TaskPath $taskPath -Confirm:$false } catch { } }
  try { Remove-Item -LiteralPath $dir -Recurse -Force } catch { }
}
exit $code
`.trimStart()
}

/** The script a SYSTEM task wrapper runs (its single-quoted literal read back), or null when `text` is no wrapper. */
export function unwrapSystemTaskScript(text: string): string | null {
  const m = /^\$PatchbayTaskScript = '((?:[^'\u2018-\u201B]|(['\u2018-\u201B])\2)*)'$/m.exec(text)
  return m ? m[1]!.replace(/(['\u2018-\u201B])\1/g, '$1') : null
}
