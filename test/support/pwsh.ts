import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openNodePowerShell, type PowerShellSession } from '../../main/clients/powershell/remoting-executor'
import { psQuote } from '../../main/clients/quoting'
import { peerMissing } from './peers'

/** The real pwsh (PowerShell 7) .ci/install-test-deps.sh installs, or undefined when it is not installed. */
export const PWSH = [join(homedir(), '.dotnet/tools/pwsh'), '/usr/bin/pwsh'].find((p) => existsSync(p))

/** Why the real-pwsh tests cannot run (null when pwsh is there); under CI a missing pwsh throws. */
export function pwshMissing(): string | null {
  return peerMissing(
    'pwsh',
    PWSH ? null : 'PowerShell 7 not installed (.ci/install-test-deps.sh installs it)',
  )
}

/** The WUA stand-in script (COM classes, Get-HotFix, Get-CimInstance, HKLM: keys) the generated scripts run against. */
export const WUA_STAND_IN = join(import.meta.dirname, 'wua-stand-in.ps1')

/** The ScheduledTasks and icacls stand-in the SYSTEM task wrapper runs against. */
export const SCHEDULED_TASKS_STAND_IN = join(import.meta.dirname, 'scheduled-tasks-stand-in.ps1')

/** What a script printed on its output stream and its exit code. */
export interface PwshRun {
  stdout: string
  code: number
}

const FRAME = '@@PATCHBAY-PWSH@@'

/** The JSON on the last framed line of a session's output. */
function framed<T>(raw: string, what: string): T {
  const at = raw.lastIndexOf(FRAME)
  if (at < 0) throw new Error(`pwsh printed no ${what}: ${raw.slice(0, 500)}`)
  return JSON.parse(raw.slice(at + FRAME.length).split(/\r?\n/)[0]!) as T
}

/**
 * One real pwsh driven through node-powershell (the product's openNodePowerShell), with the WUA stand-in
 * loaded once; scripts run from files so their `exit` ends the script, not the session.
 */
export class PwshHarness {
  private constructor(
    private readonly session: PowerShellSession,
    /** A temp folder for the run's scripts and logs, removed by close(). */
    readonly dir: string,
  ) {}

  /** Starts pwsh (PWSH must exist) and dot-sources the stand-in. */
  static async open(): Promise<PwshHarness> {
    const session = await openNodePowerShell(30_000, PWSH!)
    const h = new PwshHarness(session, mkdtempSync(join(tmpdir(), 'patchbay-pwsh-')))
    await session.invoke(`. ${psQuote(WUA_STAND_IN)}; . ${psQuote(SCHEDULED_TASKS_STAND_IN)}`)
    return h
  }

  private n = 0

  /** A fresh file path in the harness folder. */
  file(name: string): string {
    return join(this.dir, `${++this.n}-${name}`)
  }

  /**
   * Runs a script file's text against the WUA stand-in in `scenario`, after `prelude` (PowerShell run first, e.g.
   * Use-ScheduledTaskStandIn); returns its output and exit code.
   */
  async runWithStandIn(script: string, scenario: object = {}, prelude = ''): Promise<PwshRun> {
    const path = this.file('script.ps1')
    writeFileSync(path, script)
    const raw = await this.session.invoke(
      [
        `Use-WuaStandIn ${psQuote(JSON.stringify(scenario))}`,
        ...(prelude ? [prelude] : []),
        `$global:LASTEXITCODE = 0`,
        `$pbOut = @(& ${psQuote(path)} 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { [Console]::Error.WriteLine($_.ToString()) } else { $_ } }) -join [Environment]::NewLine`,
        `[Console]::Out.WriteLine('${FRAME}' + (@{ out = $pbOut; code = $LASTEXITCODE } | ConvertTo-Json -Compress))`,
      ].join('; '),
    )
    const v = framed<{ out: string; code: number }>(raw, 'result frame')
    return { stdout: v.out, code: v.code }
  }

  /**
   * What PowerShell's own parser ([Parser]::ParseInput) makes of each script, in one invocation: its errors
   * ("line:col message") and the value of every single-quoted string literal, so a test can see each piece of data
   * arrive as one literal.
   */
  async parseAll(scripts: readonly string[]): Promise<Array<{ errors: string[]; literals: string[] }>> {
    const b64 = scripts.map((s) => `'${Buffer.from(s, 'utf8').toString('base64')}'`).join(', ')
    const raw = await this.session.invoke(
      [
        `$pbParsed = @(foreach ($pbB64 in @(${b64})) {`,
        `$pbErrors = $null; $pbTokens = $null`,
        `$pbText = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($pbB64))`,
        `$pbAst = [System.Management.Automation.Language.Parser]::ParseInput($pbText, [ref]$pbTokens, [ref]$pbErrors)`,
        `$pbLiterals = @($pbAst.FindAll({ param($a) $a -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $a.StringConstantType -eq 'SingleQuoted' }, $true) | ForEach-Object { $_.Value })`,
        `$pbErrs = @($pbErrors | ForEach-Object { '{0}:{1} {2}' -f $_.Extent.StartLineNumber, $_.Extent.StartColumnNumber, $_.Message })`,
        `@{ errors = $pbErrs; literals = $pbLiterals } })`,
        `[Console]::Out.WriteLine('${FRAME}' + (ConvertTo-Json -Compress -Depth 4 -InputObject $pbParsed))`,
      ].join('; '),
    )
    return framed<Array<{ errors: string[]; literals: string[] }>>(raw, 'parse result')
  }

  /** parseAll for one script. */
  async parse(script: string): Promise<{ errors: string[]; literals: string[] }> {
    return (await this.parseAll([script]))[0]!
  }

  /** Runs PowerShell text in the session and returns what it printed. */
  invoke(script: string): Promise<string> {
    return this.session.invoke(script)
  }

  /** Ends pwsh and removes the temp folder. */
  async close(): Promise<void> {
    await this.session.dispose()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
