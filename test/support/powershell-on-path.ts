import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { psQuote } from '../../main/clients/quoting'
import { PWSH, SCHEDULED_TASKS_STAND_IN, WUA_STAND_IN } from './pwsh'

/** A folder holding a `powershell` command answered by real pwsh with the WUA and ScheduledTasks stand-ins. */
export interface PowerShellOnPath {
  /** The folder to put first on an account's PATH (chmod 755, removed by remove()). */
  dir: string
  /** The WUA scenario the next commands run against (see wua-stand-in.ps1). */
  setScenario(scenario: object): void
  /** Where the ScheduledTasks stand-in logs its calls (JSON lines). */
  taskLog: string
  /** Removes the folder. */
  remove(): void
}

/**
 * Makes a `powershell` executable (a pwsh script, by its #! line) that takes Patchbay's command line
 * (`powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand B64`), loads the stand-ins and
 * runs the decoded body as PowerShell would: its output on stdout, stdin left to the body (the stdin bootstrap
 * reads it), its `exit` code the process's. Only -EncodedCommand is accepted, as Patchbay sends nothing else.
 */
export function makePowerShellOnPath(): PowerShellOnPath {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-powershell-'))
  chmodSync(dir, 0o755)
  const scenario = join(dir, 'scenario.json')
  const programData = join(dir, 'ProgramData')
  const taskLog = join(dir, 'tasks.jsonl')
  const shim = join(dir, 'powershell')
  writeFileSync(scenario, '{}')
  writeFileSync(
    shim,
    [
      `#!${PWSH} -NoProfile`,
      `$i = [Array]::IndexOf(@($args | ForEach-Object { ([string]$_).ToLowerInvariant() }), '-encodedcommand')`,
      `if ($i -lt 0 -or $i + 1 -ge $args.Count) { [Console]::Error.WriteLine('powershell stand-in: only -EncodedCommand is answered'); exit 64 }`,
      `$pbBody = [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String([string]$args[$i + 1]))`,
      `. ${psQuote(WUA_STAND_IN)}`,
      `Use-WuaStandIn ([IO.File]::ReadAllText(${psQuote(scenario)}))`,
      `. ${psQuote(SCHEDULED_TASKS_STAND_IN)}`,
      `[void](New-Item -ItemType Directory -Force -Path ${psQuote(programData)})`,
      `Use-ScheduledTaskStandIn 'Run' ${psQuote(taskLog)} ${psQuote(programData)}`,
      `Invoke-Expression $pbBody`,
      '',
    ].join('\n'),
  )
  chmodSync(shim, 0o755)
  return {
    dir,
    taskLog,
    setScenario: (s) => writeFileSync(scenario, JSON.stringify(s)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
