import { STDIN_BOOTSTRAP } from '../platforms/wua-scan-script'
import { psQuote } from '../quoting'

/**
 * The PowerShell script behind a command line Patchbay would run over OpenSSH: the decoded
 * `-EncodedCommand` body (or, for the stdin bootstrap, the script sent on stdin). Any other command line
 * is taken as PowerShell text itself, as a Windows admin would type it.
 */
export function scriptOfCommand(command: string, stdin?: string): string {
  const encoded = /-EncodedCommand\s+([A-Za-z0-9+/=]+)\s*$/.exec(command)
  if (!encoded) return command
  const body = Buffer.from(encoded[1]!, 'base64').toString('utf16le')
  return body === STDIN_BOOTSTRAP && stdin !== undefined ? stdin : body
}

/** Where and as whom to run a script by PowerShell remoting. */
export interface RemotingTarget {
  computerName: string
  port?: number
  user?: string
  password?: string
}

/** Marker framing the JSON result, so stray host output never breaks parsing. */
export const RESULT_MARKER = '@@PATCHBAY-REMOTING@@'

/**
 * A script for a local PowerShell session (node-powershell on a Windows console host) that runs `script`
 * on the client with Invoke-Command and prints one framed JSON object: the output text, the error text and
 * an exit code (the remote $LASTEXITCODE, or 1 when the script raised errors).
 */
export function remotingScript(target: RemotingTarget, script: string): string {
  const lines = [
    `$ErrorActionPreference = 'Stop'`,
    `$pbArgs = @{ ComputerName = ${psQuote(target.computerName)} }`,
  ]
  if (target.port && target.port !== 5985) lines.push(`$pbArgs.Port = ${Number(target.port)}`)
  if (target.user && target.password !== undefined)
    lines.push(
      `$pbArgs.Credential = New-Object System.Management.Automation.PSCredential(${psQuote(target.user)}, ` +
        `(ConvertTo-SecureString ${psQuote(target.password)} -AsPlainText -Force))`,
    )
  lines.push(
    `$pbResult = try {`,
    `  Invoke-Command @pbArgs -ArgumentList ${psQuote(script)} -ScriptBlock {`,
    `    param($s)`,
    `    $global:LASTEXITCODE = 0`,
    `    $errs = @()`,
    `    $out = & ([scriptblock]::Create($s)) 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errs += $_.ToString(); } else { $_ } } | Out-String`,
    `    $code = if ($LASTEXITCODE) { $LASTEXITCODE } elseif ($errs.Count) { 1 } else { 0 }`,
    `    [pscustomobject]@{ out = $out; err = ($errs -join [Environment]::NewLine); code = $code }`,
    `  }`,
    `} catch {`,
    `  [pscustomobject]@{ out = ''; err = $_.Exception.Message; code = -1; remoting = $true }`,
    `}`,
    `'${RESULT_MARKER}' + ($pbResult | Select-Object out, err, code, remoting | ConvertTo-Json -Compress)`,
  )
  return lines.join('\n')
}

/** What a remoting run printed: the framed result, or null when the frame is missing. */
export function parseRemotingResult(
  raw: string,
): { out: string; err: string; code: number; remoting: boolean } | null {
  const at = raw.lastIndexOf(RESULT_MARKER)
  if (at < 0) return null
  try {
    // Only the rest of the marker's line: a console host may print more after it (pwsh writes terminal mode codes).
    const line = raw.slice(at + RESULT_MARKER.length).split(/\r?\n/)[0]!
    const v = JSON.parse(line.trim()) as Record<string, unknown>
    return {
      out: typeof v.out === 'string' ? v.out : '',
      err: typeof v.err === 'string' ? v.err : '',
      code: typeof v.code === 'number' ? v.code : -1,
      remoting: v.remoting === true,
    }
  } catch {
    return null
  }
}
