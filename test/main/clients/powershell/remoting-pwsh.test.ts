import { describe, expect, it } from 'vitest'
import { HostError, type SshTarget } from '../../../../main/clients/ssh'
import { PowerShellRemoting, openNodePowerShell } from '../../../../main/clients/powershell/remoting-executor'
import { PWSH, pwshMissing } from '../../../support/pwsh'

// node-powershell drives a real local pwsh here. This machine has no WinRM, so remoting itself ends in pwsh's own
// error, which must come back as one HostError; a Windows console host is needed to reach a real client.
const skip = pwshMissing()

describe.skipIf(skip !== null)('node-powershell session on real pwsh', () => {
  it('answers what the script printed on stdout, even when something also went to stderr', async () => {
    const s = await openNodePowerShell(30_000, PWSH!)
    try {
      const out = await s.invoke(`[Console]::Error.WriteLine('a warning'); Write-Output "it's ‘here’"`)
      expect(out).toContain(`it's ‘here’`)
      expect(out).not.toContain('a warning')
    } finally {
      await s.dispose()
    }
  }, 60_000)

  it('runs a multi-line script (pwsh reading stdin line by line would wait for a blank line)', async () => {
    const s = await openNodePowerShell(30_000, PWSH!)
    try {
      expect(await s.invoke(`$a = @(\n  1,\n  2\n)\nif ($a.Count -eq 2) {\n  'multi-line ran'\n}`)).toContain(
        'multi-line ran',
      )
    } finally {
      await s.dispose()
    }
  }, 60_000)

  it('remoting without WinRM fails with pwsh’s own message as one HostError, not a hang or a parse error', async () => {
    const remoting = new PowerShellRemoting({ sessions: 1, open: (t) => openNodePowerShell(t, PWSH!) })
    const target: SshTarget = {
      name: 'win-01',
      host: '127.0.0.1',
      port: 5985,
      user: 'admin',
      auth: { kind: 'password', password: `p'w‘d` },
    } as SshTarget
    try {
      const err = await remoting.exec(target, 'Get-Date').then(
        () => null,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(HostError)
      expect((err as HostError).kind).toBe('unreachable')
      expect((err as HostError).message).toMatch(/WSMan/)
    } finally {
      await remoting.close()
    }
  }, 60_000)
})
