// The command line an advertised program runs on a client: in the folder holding its package's files, with
// the rights its run mode asks for, stopped by the client itself at its maximum run time; and what its
// "after running" setting does next.
import type { ProgramDto } from '../../../shared/dto/package'
import { posixCommand, posixQuote, psCommandLine, psQuote } from '../../clients/quoting'

/** Seconds a program gets after its maximum run time to end on SIGTERM before it is killed. */
export const KILL_AFTER_SECONDS = 60

/** What a program's command depends on beyond the program itself. */
export interface ProgramRunContext {
  platform: 'debian' | 'rhel' | 'suse' | 'windows'
  /** The login the site uses on the client. */
  user: string
  /** The folder on the client holding the package's files, or null for a package without files. */
  folder: string | null
}

/**
 * Linux: `cd <folder> && [sudo -n] timeout --kill-after=60 <N>m sh -c '<command line>'` — sudo only for an
 * administrative program when the login is not root. Windows (OpenSSH's cmd.exe): `cd /d "<folder>" && <line>`,
 * the login's own (elevated, for an administrator) token; the site's SSH timeout bounds the run time there.
 */
export function programCommand(
  program: Pick<ProgramDto, 'commandLine' | 'runMode' | 'maxRunMinutes'>,
  ctx: ProgramRunContext,
): string {
  if (ctx.platform === 'windows')
    return ctx.folder ? `cd /d "${ctx.folder}" && ${program.commandLine}` : program.commandLine
  const sudo = program.runMode === 'administrative' && ctx.user !== 'root' ? ['sudo', '-n'] : []
  const run = posixCommand([
    ...sudo,
    'timeout',
    `--kill-after=${KILL_AFTER_SECONDS}`,
    `${program.maxRunMinutes}m`,
    'sh',
    '-c',
    program.commandLine,
  ])
  return ctx.folder ? `cd ${posixQuote(ctx.folder)} && ${run}` : run
}

/** Exit status of `timeout` when the program ran past its maximum run time (124), or was killed after it (137). */
export function ranOutOfTime(exitCode: number | null, platform: ProgramRunContext['platform']): boolean {
  return platform !== 'windows' && (exitCode === 124 || exitCode === 137)
}

/** The restart a program's "Patchbay restarts computer" issues: a countdown with a message users see. */
export interface RestartRequest {
  /** Minutes users are warned before the restart (0: now). */
  countdownMinutes: number
  /** The message the restart notice carries. */
  message: string
  /** Whether users are told (wall / the Windows shutdown message); false restarts without a notice. */
  notify: boolean
}

/**
 * The restart command: Linux `shutdown -r +N "message"` (shutdown itself warns logged-in users; with notify off
 * `--no-wall`), through `sudo -n` unless the login is root; Windows `shutdown /r /t <seconds> /c "message"`.
 */
export function restartCommand(r: RestartRequest, ctx: Pick<ProgramRunContext, 'platform' | 'user'>): string {
  if (ctx.platform === 'windows') {
    const text = r.message.replace(/["%^&|<>\r\n]/g, ' ').slice(0, 500)
    return `shutdown /r /t ${r.countdownMinutes * 60}${r.notify ? ` /c "${text}"` : ''}`
  }
  const sudo = ctx.user !== 'root' ? ['sudo', '-n'] : []
  return posixCommand([
    ...sudo,
    'shutdown',
    '-r',
    ...(r.notify ? [] : ['--no-wall']),
    `+${r.countdownMinutes}`,
    ...(r.notify ? [r.message] : []),
  ])
}

/**
 * "Patchbay logs user off": every user session but the site's own login ends. Linux through loginctl
 * (sudo -n unless root); Windows through `query session` and `logoff <id>` in PowerShell.
 */
export function logoffCommand(ctx: Pick<ProgramRunContext, 'platform' | 'user'>): string {
  if (ctx.platform === 'windows')
    return psCommandLine(
      [
        '$ErrorActionPreference = "Continue"',
        'foreach ($line in (query session 2>$null)) {',
        '  if ($line -match "^\\s*\\S*\\s+(\\S+)\\s+(\\d+)\\s+(Active|Disc)") {',
        `    if ($Matches[1] -ne ${psQuote(ctx.user)}) { logoff $Matches[2] }`,
        '  }',
        '}',
      ].join('\n'),
    )
  const sudo = ctx.user !== 'root' ? 'sudo -n ' : ''
  return (
    `for s in $(loginctl list-sessions --no-legend | awk -v me=${posixQuote(ctx.user)} '$3 != me {print $1}'); ` +
    `do ${sudo}loginctl terminate-session "$s"; done`
  )
}

/**
 * Exits 0 when the client has a restart pending: Linux /var/run/reboot-required; Windows the Component Based
 * Servicing RebootPending or Windows Update RebootRequired keys, or pending file renames.
 */
export function restartPendingCommand(platform: ProgramRunContext['platform']): string {
  if (platform !== 'windows') return 'test -f /var/run/reboot-required'
  return psCommandLine(
    [
      "$cbs = Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending'",
      "$wu = Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired'",
      "$ren = $null -ne (Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager' -Name PendingFileRenameOperations -ErrorAction SilentlyContinue)",
      'if ($cbs -or $wu -or $ren) { exit 0 } else { exit 1 }',
    ].join('\n'),
  )
}
