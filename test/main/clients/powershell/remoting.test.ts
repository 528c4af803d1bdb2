import { describe, expect, it } from 'vitest'
import {
  RESULT_MARKER,
  parseRemotingResult,
  remotingScript,
  scriptOfCommand,
} from '../../../../main/clients/powershell/remoting-script'
import { psQuote } from '../../../../main/clients/quoting'
import {
  PowerShellRemoting,
  remotingErrorKind,
  type PowerShellSession,
} from '../../../../main/clients/powershell/remoting-executor'
import {
  compactPowerShell,
  powerShellInvocation,
  WUA_SCAN_SCRIPT,
} from '../../../../main/clients/platforms/wua-scan-script'
import type { SshTarget } from '../../../../main/clients/ssh'

// The remoting scripts as text, and the executor's mapping of results and errors against a scripted session.
// remoting-pwsh.test.ts drives a real pwsh through node-powershell; powershell-parse.test.ts parses the scripts.

describe('PowerShell remoting scripts (as text)', () => {
  it('recovers the script behind every form of an encoded invocation', () => {
    const short = 'Get-HotFix | ConvertTo-Json'
    expect(scriptOfCommand(powerShellInvocation(short).command)).toBe(short)
    const wua = powerShellInvocation(WUA_SCAN_SCRIPT)
    const recovered = scriptOfCommand(wua.command, wua.stdin)
    // Either the compact script itself, its gzip bootstrap (which unpacks and runs it), or the stdin script.
    expect(recovered === compactPowerShell(WUA_SCAN_SCRIPT) || recovered.includes('GZipStream')).toBe(true)
    const long = 'Write-Output 1\n'.repeat(4000)
    const viaStdin = powerShellInvocation(long)
    if (viaStdin.stdin) expect(scriptOfCommand(viaStdin.command, viaStdin.stdin)).toBe(viaStdin.stdin)
    expect(scriptOfCommand('Get-Service wuauserv')).toBe('Get-Service wuauserv')
  })

  it('quotes every value it embeds and passes a credential only when a password is stored', () => {
    expect(psQuote("it's")).toBe("'it''s'")
    const withPw = remotingScript(
      { computerName: "ws'01", port: 5986, user: 'LAB\\admin', password: "p'w" },
      "echo 'x'",
    )
    expect(withPw).toContain("ComputerName = 'ws''01'")
    expect(withPw).toContain('$pbArgs.Port = 5986')
    expect(withPw).toContain("ConvertTo-SecureString 'p''w' -AsPlainText -Force")
    expect(withPw).toContain("-ArgumentList 'echo ''x'''")
    const kerberos = remotingScript({ computerName: 'ws01', port: 5985, user: 'admin' }, 'hostname')
    expect(kerberos).not.toContain('Credential')
    expect(kerberos).not.toContain('Port =')
  })

  it('reads only the framed result, whatever the session printed before it', () => {
    expect(
      parseRemotingResult(`WARNING: noise\n${RESULT_MARKER}{"out":"ok\\r\\n","err":"","code":0}`),
    ).toEqual({
      out: 'ok\r\n',
      err: '',
      code: 0,
      remoting: false,
    })
    expect(parseRemotingResult('no frame at all')).toBeNull()
    expect(parseRemotingResult(`${RESULT_MARKER}{not json`)).toBeNull()
  })
})

describe('the remoting executor maps results and WinRM failures like the SSH layer (scripted session)', () => {
  const target: SshTarget = {
    host: 'ws01.lab.invalid',
    port: 5985,
    user: 'admin',
    name: 'ws01',
    auth: { kind: 'agent' },
  }
  const sessionAnswering =
    (raw: string, seen: string[] = []) =>
    async (): Promise<PowerShellSession> => ({
      invoke: async (script) => {
        seen.push(script)
        return raw
      },
      dispose: async () => undefined,
    })

  it('returns the remote output and exit code', async () => {
    const seen: string[] = []
    const r = new PowerShellRemoting({
      open: sessionAnswering(`${RESULT_MARKER}{"out":"ok","err":"warn","code":3}`, seen),
    })
    await expect(r.exec(target, 'exit 3')).resolves.toMatchObject({
      exitCode: 3,
      stdout: 'ok',
      stderr: 'warn',
    })
    expect(seen[0]).toContain("ComputerName = 'ws01.lab.invalid'")
    await r.close()
  })

  it('turns WinRM failures into host errors naming the client', async () => {
    const fail = (message: string) =>
      new PowerShellRemoting({
        open: sessionAnswering(
          `${RESULT_MARKER}${JSON.stringify({ out: '', err: message, code: -1, remoting: true })}`,
        ),
      })
    await expect(fail('Access is denied.').exec(target, 'x')).rejects.toMatchObject({ kind: 'auth-failed' })
    await expect(fail('WinRM cannot complete the operation.').exec(target, 'x')).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('ws01 (ws01.lab.invalid:5985)'),
    })
    expect(remotingErrorKind('The operation timed out')).toBe('timeout')
  })
})
