// Patchbay's OpenSSH transport to Windows against a real sshd: the account's `powershell` is real pwsh with the WUA
// and ScheduledTasks stand-ins (test/support/powershell-on-path.ts), so the exact command lines Patchbay sends —
// `powershell … -EncodedCommand`, the gzip bootstrap, the stdin bootstrap with the script on the channel's stdin —
// run for real, and the product's parsers read what comes back. Unlike Windows, the account's shell is bash, not
// cmd.exe; the 8191-character command-line limit is kept all the same.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshPool } from '../../../../main/clients/ssh/connection-pool'
import { parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import { parseWuaInstall } from '../../../../main/clients/platforms/wua-install-result'
import { wuaInstallInvocation, wuaInstallScript } from '../../../../main/clients/platforms/wua-install-script'
import {
  CMD_LINE_LIMIT,
  STDIN_BOOTSTRAP,
  WUA_SCAN_SCRIPT,
  powerShellInvocation,
} from '../../../../main/clients/platforms/wua-scan-script'
import { makePowerShellOnPath, type PowerShellOnPath } from '../../../support/powershell-on-path'
import { pwshMissing } from '../../../support/pwsh'
import { startSshd, sshdSkipReason, type TestSshd } from '../../../support/sshd'
import { targetFor, trustingStore } from '../ssh/fixtures'

const skip = sshdSkipReason() ?? pwshMissing()
const A = '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d'
const B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
const SEC = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const update = (id: string, kb: string, o: Record<string, unknown> = {}) => ({
  UpdateID: id,
  Title: `2024-01 Cumulative Update (KB${kb}) ‘it’s’`,
  KBArticleIDs: [kb],
  Categories: [{ Name: 'Security Updates', Type: 'UpdateClassification', CategoryID: SEC }],
  ...o,
})

describe.skipIf(skip !== null)('OpenSSH to a "Windows" account whose powershell is real pwsh', () => {
  let ps: PowerShellOnPath
  let sshd: TestSshd
  let pool: SshPool
  beforeAll(async () => {
    ps = makePowerShellOnPath()
    // root: pwsh is a .NET global tool under /root/.dotnet, which other accounts cannot read.
    sshd = await startSshd({ user: 'root', extraConfig: [`SetEnv PATH=${ps.dir}:/usr/bin:/bin`] })
    pool = new SshPool({ hostKeys: trustingStore(sshd), connectTimeoutMs: 10_000, closeGraceMs: 500 })
  }, 60_000)
  afterAll(async () => {
    await pool?.close()
    await sshd?.stop()
    ps?.remove()
  })

  it('the scan command line (gzip bootstrap) prints JSON the scan parser reads', async () => {
    ps.setScenario({ Updates: [update(A, '5034441'), update(B, '5034123', { IsInstalled: true })] })
    const inv = powerShellInvocation(WUA_SCAN_SCRIPT)
    expect(inv.command.length).toBeLessThanOrEqual(CMD_LINE_LIMIT)
    const r = await pool.exec(targetFor(sshd), inv.command, { timeoutMs: 60_000 })
    expect(r.exitCode).toBe(0)
    const scan = parseWuaScan(r.stdout)
    expect(scan.updates.map((u) => [u.id, u.kb, u.installed, u.title])).toEqual([
      [A, 'KB5034441', false, '2024-01 Cumulative Update (KB5034441) ‘it’s’'],
      [B, 'KB5034123', true, '2024-01 Cumulative Update (KB5034123) ‘it’s’'],
    ])
  }, 90_000)

  it('a failing search comes back as exit 1 and the error object', async () => {
    ps.setScenario({ Throw: { Search: '0x8024402C' } })
    const r = await pool.exec(targetFor(sshd), powerShellInvocation(WUA_SCAN_SCRIPT).command, {
      timeoutMs: 60_000,
    })
    expect(r.exitCode).toBe(1)
    expect(() => parseWuaScan(r.stdout)).toThrow(/\(0x8024402C\)/)
  }, 90_000)

  it('over a network logon WUA refuses the bare install script (E_ACCESSDENIED), as Windows does', async () => {
    ps.setScenario({ NetworkLogon: true, Updates: [update(A, '5034441')] })
    const r = await pool.exec(
      targetFor(sshd),
      powerShellInvocation(wuaInstallScript({ updateIds: [A] })).command,
      {
        timeoutMs: 60_000,
      },
    )
    expect(r.exitCode).toBe(2)
    expect(() => parseWuaInstall(r.stdout)).toThrow(/0x80070005 E_ACCESSDENIED/)
  }, 90_000)

  it('the install (stdin bootstrap → SYSTEM task → WUA install) reports per update, exit code included', async () => {
    ps.setScenario({
      NetworkLogon: true,
      Updates: [
        update(A, '5034441', { IsDownloaded: true, Install: { ResultCode: 2, RebootRequired: true } }),
      ],
    })
    const inv = wuaInstallInvocation({ updateIds: [A, B], idempotencyKey: "job-1'step-2" })
    expect(Buffer.from(inv.command.split(' ').pop()!, 'base64').toString('utf16le')).toBe(STDIN_BOOTSTRAP)
    const r = await pool.exec(targetFor(sshd), inv.command, { stdin: inv.stdin, timeoutMs: 60_000 })
    expect(r.exitCode).toBe(1)
    const res = parseWuaInstall(r.stdout)
    expect(res.updates.map((u) => [u.updateId, u.outcome])).toEqual([
      [B, 'not-found'],
      [A, 'installed'],
    ])
    expect(res.rebootRequired).toBe(true)
    expect(readFileSync(ps.taskLog, 'utf8')).toMatch(/"UserId":"S-1-5-18"/)
  }, 90_000)
})
