import { HostError, type ExecResult, type SshTarget } from '../ssh/types'
import { parseRemotingResult, remotingScript, scriptOfCommand } from './remoting-script'

/** A local PowerShell session that runs one script at a time and answers its printed text. */
export interface PowerShellSession {
  invoke(script: string): Promise<string>
  dispose(): Promise<void>
}

/** A script as one line that runs it unchanged: a script block made from its UTF-8 base64 text, invoked in place. */
export function oneLineScript(script: string): string {
  const b64 = Buffer.from(script, 'utf8').toString('base64')
  return `. ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}'))))`
}

/**
 * Opens a node-powershell session (no profile, non-interactive): Windows PowerShell on Windows, pwsh elsewhere,
 * or the `executable` path given. Loaded only when used.
 */
export async function openNodePowerShell(timeoutMs: number, executable?: string): Promise<PowerShellSession> {
  const mod = (await import('node-powershell')) as unknown as {
    PowerShell?: typeof import('node-powershell').PowerShell
    default?: { PowerShell: typeof import('node-powershell').PowerShell }
  }
  const PowerShell = mod.PowerShell ?? mod.default!.PowerShell
  const ps = new PowerShell({
    ...(executable ? { executable } : {}),
    executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
    invocationTimeout: timeoutMs,
    throwOnInvocationError: false,
  })
  return {
    async invoke(script) {
      // node-powershell writes the text to PowerShell's stdin (`-Command -`), which runs it line by line and, after
      // a multi-line statement, waits for a blank line (swallowing node-powershell's end markers: a hang). So the
      // script travels as ONE line, a script block made from its base64 text.
      const result = await ps.invoke(oneLineScript(script))
      // node-powershell's `raw` is stderr whenever anything reached stderr; the framed result is on stdout.
      return result.stdout?.toString('utf8') ?? result.raw
    },
    dispose: () => ps.dispose(),
  }
}

/** Classifies a remoting failure message (WinRM's own words) into the SSH layer's error kinds. */
export function remotingErrorKind(message: string): HostError['kind'] {
  if (/access is denied|logon failure|credentials/i.test(message)) return 'auth-failed'
  if (/timed out|timeout/i.test(message)) return 'timeout'
  if (
    /cannot (complete|connect)|cannot find the computer|could not be resolved|unreachable|winrm client|no supported wsman client/i.test(
      message,
    )
  )
    return 'unreachable'
  return 'command-failed'
}

/**
 * Runs Patchbay's client commands on Windows clients through PowerShell remoting (Invoke-Command) from a
 * Windows console host, with the same results and errors as the SSH pool. A few local sessions run hosts
 * side by side; each session runs one host's command at a time.
 */
export class PowerShellRemoting {
  private readonly sessions: Array<Promise<PowerShellSession>> = []
  private next = 0

  constructor(
    private readonly options: {
      sessions?: number
      timeoutMs?: number
      open?: (timeoutMs: number) => Promise<PowerShellSession>
    } = {},
  ) {}

  private session(): Promise<PowerShellSession> {
    const size = this.options.sessions ?? 4
    const open = this.options.open ?? openNodePowerShell
    const i = this.next++ % size
    this.sessions[i] ??= open(this.options.timeoutMs ?? 600_000)
    return this.sessions[i]!
  }

  /** Runs a command line (an encoded PowerShell invocation or PowerShell text) on the client. */
  async exec(
    target: SshTarget,
    command: string,
    opts: { stdin?: string | Buffer } = {},
  ): Promise<ExecResult> {
    const started = Date.now()
    const password = target.auth.kind === 'password' ? target.auth.password : undefined
    const script = remotingScript(
      { computerName: target.host, port: target.port, user: target.user || undefined, password },
      scriptOfCommand(command, opts.stdin?.toString()),
    )
    const raw = await (await this.session()).invoke(script)
    const result = parseRemotingResult(raw)
    const details = { name: target.name, user: target.user }
    if (!result)
      throw new HostError(
        'disconnected',
        target.host,
        target.port,
        'PowerShell remoting printed no result',
        details,
      )
    if (result.remoting)
      throw new HostError(remotingErrorKind(result.err), target.host, target.port, result.err, details)
    return {
      exitCode: result.code,
      signal: null,
      stdout: result.out,
      stderr: result.err,
      durationMs: Date.now() - started,
    }
  }

  /** Closes the local PowerShell sessions. */
  async close(): Promise<void> {
    const open = this.sessions.splice(0)
    await Promise.allSettled(open.map(async (s) => (await s).dispose()))
  }
}
