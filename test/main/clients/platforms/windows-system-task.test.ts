import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  systemTaskScript,
  unwrapSystemTaskScript,
} from '../../../../main/clients/platforms/windows-system-task'
import { parseWuaInstall } from '../../../../main/clients/platforms/wua-install-result'
import {
  readWuaInstallScript,
  wuaInstallInvocation,
  wuaInstallScript,
} from '../../../../main/clients/platforms/wua-install-script'
import { STDIN_BOOTSTRAP, compactPowerShell } from '../../../../main/clients/platforms/wua-scan-script'
import { psQuote } from '../../../../main/clients/quoting'
import { PwshHarness, pwshMissing } from '../../../support/pwsh'

// The WUA install runs as a one-time scheduled task under SYSTEM (Windows refuses WUA installs from network
// logons). The wrapper runs in real pwsh against stand-ins of the ScheduledTasks cmdlets and icacls
// (test/support/scheduled-tasks-stand-in.ps1) and of WUA; only Task Scheduler itself stays Windows-only.
const skip = pwshMissing()
const A = '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d'
const HOSTILE_KEY = `k'‘’‚‛"$(touch PWNED)\`; #`

describe('SYSTEM task wrapper (no PowerShell needed)', () => {
  it('carries the wrapped script as one literal that reads back exactly, hostile data included', () => {
    const inner = wuaInstallScript({ updateIds: [A], idempotencyKey: HOSTILE_KEY })
    const wrapper = systemTaskScript(inner)
    expect(unwrapSystemTaskScript(wrapper)).toBe(compactPowerShell(inner))
    expect(unwrapSystemTaskScript(compactPowerShell(wrapper))).toBe(compactPowerShell(inner))
    expect(readWuaInstallScript(wrapper)).toEqual({
      updateIds: [A],
      localFiles: {},
      idempotencyKey: HOSTILE_KEY,
    })
    expect(unwrapSystemTaskScript(inner)).toBeNull()
  })
})

describe.skipIf(skip !== null)('SYSTEM task wrapper in real pwsh', () => {
  let ps: PwshHarness
  beforeAll(async () => {
    ps = await PwshHarness.open()
  }, 60_000)
  afterAll(() => ps?.close())

  const scenario = {
    Updates: [
      {
        UpdateID: A,
        Title: 'KB5034441 update',
        KBArticleIDs: ['5034441'],
        IsDownloaded: true,
        Install: { ResultCode: 2, RebootRequired: true },
      },
    ],
  }
  const run = async (mode: string, script: string) => {
    const logPath = ps.file('tasks.jsonl')
    const programData = ps.file('ProgramData')
    mkdirSync(programData)
    const r = await ps.runWithStandIn(
      script,
      scenario,
      `Use-ScheduledTaskStandIn ${psQuote(mode)} ${psQuote(logPath)} ${psQuote(programData)}`,
    )
    const calls = existsSync(logPath)
      ? readFileSync(logPath, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { Call: string; Data: Record<string, unknown> | string[] | string })
      : []
    return { ...r, calls, leftovers: readdirSync(join(programData, 'Patchbay')) }
  }

  it('parses cleanly with PowerShell’s own parser, compacted, around a hostile install script', async () => {
    const wrapper = systemTaskScript(wuaInstallScript({ updateIds: [A], idempotencyKey: HOSTILE_KEY }))
    for (const s of [wrapper, compactPowerShell(wrapper)]) {
      const p = await ps.parse(s)
      expect(p.errors).toEqual([])
      expect(p.literals).toContain(
        compactPowerShell(wuaInstallScript({ updateIds: [A], idempotencyKey: HOSTILE_KEY })),
      )
    }
  }, 60_000)

  it('registers a SYSTEM task, runs the install in it, prints its JSON and exit code, then cleans up', async () => {
    const r = await run(
      'Run',
      systemTaskScript(wuaInstallScript({ updateIds: [A], idempotencyKey: HOSTILE_KEY })),
    )
    expect(r.code).toBe(0)
    const res = parseWuaInstall(r.stdout)
    expect(res).toMatchObject({ ok: true, rebootRequired: true })
    expect(res.updates[0]).toMatchObject({ updateId: A, outcome: 'installed' })
    expect(r.calls.map((c) => c.Call)).toEqual(['icacls', 'Register', 'Start', 'Unregister'])
    const reg = r.calls[1]!.Data as {
      TaskPath: string
      Execute: string
      Arguments: string
      Principal: unknown
    }
    expect(reg.Principal).toEqual({ UserId: 'S-1-5-18', LogonType: 'ServiceAccount', RunLevel: 'Highest' })
    expect(reg).toMatchObject({ TaskPath: '\\Patchbay\\', Execute: 'powershell.exe' })
    expect(reg.Arguments).toMatch(/^-NoProfile -NonInteractive -ExecutionPolicy Bypass -File ".*run\.ps1"$/)
    expect((r.calls[0]!.Data as string[]).slice(1)).toEqual([
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
      '*S-1-5-32-544:(OI)(CI)F',
    ])
    expect(r.leftovers).toEqual([])
  }, 60_000)

  it('passes the install script’s failure exit code through', async () => {
    const r = await run(
      'Run',
      systemTaskScript(wuaInstallScript({ updateIds: [A, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'] })),
    )
    expect(r.code).toBe(1)
    expect(parseWuaInstall(r.stdout).updates.map((u) => u.outcome)).toEqual(['not-found', 'installed'])
  }, 60_000)

  it('a task that ends without a result is an error naming its last result; the task is still removed', async () => {
    const r = await run('NoResult', systemTaskScript(wuaInstallScript({ updateIds: [A] })))
    expect(r.code).toBe(2)
    expect(() => parseWuaInstall(r.stdout)).toThrow(
      /SYSTEM task ended without a result \(state Ready, last result 0x00000001\)/,
    )
    expect(r.calls.map((c) => c.Call)).toEqual(['icacls', 'Register', 'Start', 'Unregister'])
    expect(r.leftovers).toEqual([])
  }, 60_000)

  it('a task that never finishes is stopped at the timeout and removed', async () => {
    const r = await run('Hang', systemTaskScript(wuaInstallScript({ updateIds: [A] }), { timeoutSeconds: 2 }))
    expect(r.code).toBe(2)
    expect(() => parseWuaInstall(r.stdout)).toThrow(/gave no result within 2 s and was stopped/)
    expect(r.calls.map((c) => c.Call)).toEqual(['icacls', 'Register', 'Start', 'Stop', 'Unregister'])
    expect(r.leftovers).toEqual([])
  }, 60_000)

  it('the install invocation Patchbay sends is this wrapper (long enough to travel on stdin)', () => {
    const inv = wuaInstallInvocation({ updateIds: [A], idempotencyKey: HOSTILE_KEY })
    expect(Buffer.from(inv.command.split(' ').pop()!, 'base64').toString('utf16le')).toBe(STDIN_BOOTSTRAP)
    expect(unwrapSystemTaskScript(inv.stdin!)).toBe(
      compactPowerShell(wuaInstallScript({ updateIds: [A], idempotencyKey: HOSTILE_KEY })),
    )
  })
})
