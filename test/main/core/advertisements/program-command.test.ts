import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  logoffCommand,
  programCommand,
  ranOutOfTime,
  restartCommand,
} from '../../../../main/core/advertisements/program-command'
import { restartPlan } from '../../../../main/core/advertisements/program-run'
import { programStartTime } from '../../../../main/core/advertisements/program-window'
import { parseMaintenanceWindow } from '../../../../main/core/maintenance-windows/windows'

const work = mkdtempSync(join(tmpdir(), 'pb-program-command-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Runs a command line in real sh with stand-ins for sudo and timeout that print how they were called. */
function runInSh(line: string) {
  const bin = join(work, 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'sudo'), '#!/bin/sh\necho "sudo[$*]" >&2\n[ "$1" = -n ] && shift\nexec "$@"\n', {
    mode: 0o755,
  })
  writeFileSync(join(bin, 'timeout'), '#!/bin/sh\necho "timeout[$1 $2]" >&2\nshift 2\nexec "$@"\n', {
    mode: 0o755,
  })
  return spawnSync('sh', ['-c', line], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  })
}

describe('the command line an advertised program runs on a client', () => {
  const program = {
    commandLine: 'pwd; echo "$0" | grep -c sh',
    runMode: 'administrative' as const,
    maxRunMinutes: 30,
  }

  it('runs in the package folder (a hostile folder name stays one path), through sudo only when the login is not root', () => {
    const folder = join(work, `pkg '$(touch PWNED)' ; x`)
    mkdirSync(folder, { recursive: true })
    const asUser = runInSh(programCommand(program, { platform: 'debian', user: 'admin', folder }))
    expect(asUser.status).toBe(0)
    expect(asUser.stdout.split('\n')[0]).toBe(folder)
    expect(asUser.stderr).toContain('sudo[-n timeout')
    expect(asUser.stderr).toContain('timeout[--kill-after=60 30m]')
    const asRoot = runInSh(programCommand(program, { platform: 'debian', user: 'root', folder }))
    expect(asRoot.stderr).not.toContain('sudo[')
    const user = runInSh(
      programCommand({ ...program, runMode: 'user' }, { platform: 'rhel', user: 'admin', folder }),
    )
    expect(user.stderr).not.toContain('sudo[')
    expect(spawnSync('sh', ['-c', 'ls PWNED'], { cwd: work }).status).not.toBe(0)
  })

  it('hands the command line to sh -c whole, so its own quoting and operators act on the client', () => {
    const r = runInSh(
      programCommand(
        { ...program, commandLine: `printf '%s|' "a b" 'c'"'"'d' && echo done` },
        { platform: 'suse', user: 'root', folder: null },
      ),
    )
    expect(r.stdout).toBe("a b|c'd|done\n")
  })

  it('on Windows changes to the folder in cmd.exe and runs the line as written', () => {
    expect(
      programCommand(
        { ...program, commandLine: 'wusa.exe a.msu /quiet /norestart' },
        { platform: 'windows', user: 'admin', folder: 'C:\\Users\\admin\\.patchbay\\advertised\\LAB00001' },
      ),
    ).toBe('cd /d "C:\\Users\\admin\\.patchbay\\advertised\\LAB00001" && wusa.exe a.msu /quiet /norestart')
  })

  it("reads timeout's exit codes as running out of time on Linux only", () => {
    // Real coreutils timeout, as the client runs it: 124 when it stopped the program.
    const r = spawnSync('timeout', ['0.2', 'sh', '-c', 'sleep 5'])
    expect(r.status).toBe(124)
    expect(ranOutOfTime(r.status, 'debian')).toBe(true)
    expect(ranOutOfTime(137, 'rhel')).toBe(true)
    expect(ranOutOfTime(1, 'debian')).toBe(false)
    expect(ranOutOfTime(124, 'windows')).toBe(false)
  })

  it('restarts with a countdown and a notice (none when users are not notified), through sudo unless root', () => {
    const r = {
      countdownMinutes: 10,
      notify: true,
      message: 'Patchbay: "Install" installed updates; it\'s time',
    }
    expect(restartCommand(r, { platform: 'debian', user: 'admin' })).toBe(
      `sudo -n shutdown -r +10 'Patchbay: "Install" installed updates; it'\\''s time'`,
    )
    expect(restartCommand({ ...r, notify: false }, { platform: 'debian', user: 'root' })).toBe(
      'shutdown -r --no-wall +10',
    )
    expect(restartCommand(r, { platform: 'windows', user: 'admin' })).toBe(
      `shutdown /r /t 600 /c "Patchbay:  Install  installed updates; it's time"`,
    )
    expect(
      restartCommand({ ...r, countdownMinutes: 0, notify: false }, { platform: 'windows', user: 'a' }),
    ).toBe('shutdown /r /t 0')
  })

  it("logs off every session but the site's own login", () => {
    const bin = join(work, 'logoff-bin')
    mkdirSync(bin, { recursive: true })
    // loginctl as systemd prints it: SESSION UID USER SEAT TTY.
    writeFileSync(
      join(bin, 'loginctl'),
      [
        '#!/bin/sh',
        'if [ "$1" = list-sessions ]; then',
        "  printf '  3 1000 alice seat0 tty2\\n  7 0 root - pts/0\\n  9 1001 bob - pts/1\\n'",
        'else echo "$*" >> "$LOG"; fi',
        '',
      ].join('\n'),
      { mode: 0o755 },
    )
    const log = join(work, 'loginctl.log')
    const r = spawnSync('sh', ['-c', logoffCommand({ platform: 'debian', user: 'root' })], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LOG: log },
    })
    expect(r.status).toBe(0)
    expect(spawnSync('cat', [log], { encoding: 'utf8' }).stdout).toBe(
      'terminate-session 3\nterminate-session 9\n',
    )
  })
})

describe('when a program may start under maintenance windows', () => {
  const now = new Date('2026-03-02T10:00:00Z')
  const nightly = parseMaintenanceWindow({
    collectionId: 'LAB00001',
    name: 'Nightly',
    start: '2026-03-01T22:00',
    timeZone: 'UTC',
    durationMinutes: 120,
    recurrence: { kind: 'daily', every: 1 },
  })

  it('starts at once without windows, and after a blackout in progress', () => {
    expect(programStartTime([], now, 120)).toEqual(now)
    const freeze = parseMaintenanceWindow({
      collectionId: 'LAB00001',
      name: 'Freeze',
      kind: 'blackout',
      start: '2026-03-02T09:00',
      timeZone: 'UTC',
      durationMinutes: 180,
      recurrence: { kind: 'none' },
    })
    expect(programStartTime([freeze], now, 120)).toEqual(new Date('2026-03-02T12:00:00Z'))
  })

  it('waits for a window its whole run time fits in, and never starts when none is long enough', () => {
    expect(programStartTime([nightly], now, 60)).toEqual(new Date('2026-03-02T22:00:00Z'))
    expect(programStartTime([nightly], new Date('2026-03-02T22:30:00Z'), 60)).toEqual(
      new Date('2026-03-02T22:30:00Z'),
    )
    // 90 minutes left at 22:30 is too short for 120: the next night's window.
    expect(programStartTime([nightly], new Date('2026-03-02T22:30:00Z'), 120)).toEqual(
      new Date('2026-03-03T22:00:00Z'),
    )
    expect(programStartTime([nightly], now, 121)).toBeNull()
  })
})

describe("the restart after a software updates package's program", () => {
  const settings = {
    releaseNotes: '',
    inventoryProgram: 'apt-scan',
    inventoryAfterInstall: true,
    postponeRestarts: 'servers' as const,
    unattended: true,
    countdownMinutes: 15,
    afterCountdown: 'restart' as const,
    notifyUsers: false,
    allowPostpone: true,
    postponeMaxHours: 72,
  }
  const client = (platform: 'debian' | 'windows', osName: string) =>
    ({ platform, osName, name: 'c1' }) as Parameters<typeof restartPlan>[1]

  it('postpones on the ticked class only, and takes the countdown and notice from the package', () => {
    expect(restartPlan(settings, client('debian', 'Debian GNU/Linux 12'), 'Install').postponed).toMatch(
      /^restart postponed: servers may postpone restarts/,
    )
    expect(
      restartPlan(settings, client('windows', 'Windows Server 2022'), 'Install').postponed,
    ).not.toBeNull()
    const desk = restartPlan(settings, client('windows', 'Windows 11 Pro'), 'Install')
    expect(desk).toMatchObject({ postponed: null, countdownMinutes: 15, notify: false })
    expect(restartCommand(desk, { platform: 'windows', user: 'admin' })).toBe('shutdown /r /t 900')
    const both = restartPlan(
      { ...settings, postponeRestarts: 'workstations' },
      client('debian', 'Debian'),
      'I',
    )
    expect(both.postponed).toBeNull()
    // A plain package (no settings): restart at once, users told.
    expect(restartPlan(null, client('debian', 'Debian'), 'I')).toMatchObject({
      countdownMinutes: 0,
      notify: true,
    })
  })
})
