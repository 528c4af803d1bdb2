import { LINUX_HARDWARE_COMMAND } from '../inventory/linux-hardware'
import { DEBIAN_SCAN_COMMAND } from '../platforms/debian-apt'
import { RESTART_SERVICES_NAME, RESTART_SERVICES_SCRIPT } from '../platforms/restart-services'
import { shCommand } from '../platforms/shell-sections'
import { isWindowsHardwareScript, labLinuxHardwareOutput, labWindowsHardwareJson } from './lab-shell-hardware'
import type { LabHost } from './lab-host'
import {
  aptGetInstall,
  aptGetUpdate,
  aptListUpgradable,
  debianScanOutput,
  osReleaseText,
  rebootRequiredFiles,
  unameText,
  type LabOutput,
} from './lab-shell-debian'
import {
  LAB_WUA_INSTALL_COMMAND,
  decodePowerShell,
  isWuaScanScript,
  labWuaInstall,
  labWuaInstallScript,
  wuaScanJson,
} from './lab-shell-windows'
import { isWuaInstallScript } from '../platforms/wua-install-script'

/** The environment variable (ssh env request, `env K=V cmd` or `K=V cmd`) carrying an install's idempotency key. */
export const LAB_IDEMPOTENCY_ENV = 'PATCHBAY_IDEMPOTENCY_KEY'

/** What a lab command printed, how it exited, and whether it asked the host to restart. */
export interface LabCommandResult extends LabOutput {
  /** The signal that ended the command (e.g. 'TERM' when cancelled), if any. */
  signal?: string
  /** The command was `reboot` or the like: the caller restarts the host after answering. */
  reboot?: boolean
}

/** What a lab command can see besides the host: ssh env requests, stdin, cancellation and the clock. */
export interface LabCommandContext {
  env?: Record<string, string>
  /** All of stdin up to EOF (only read by commands that take a script on stdin). */
  readStdin?: () => Promise<string>
  /** Aborts long commands (sleep); the abort reason may name a signal, e.g. 'TERM'. */
  signal?: AbortSignal
  now?: () => Date
}

type Token = { word: string } | { op: '&&' | '||' | ';' }

/** Splits a POSIX-ish command line into words and `&&`/`||`/`;` operators; null on an unterminated quote. */
export function tokenizeShell(line: string): Token[] | null {
  const out: Token[] = []
  let word: string | null = null
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (ch === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) return null
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (ch === '"') {
      let j = i + 1
      let s = ''
      for (; j < line.length && line[j] !== '"'; j++)
        s += line[j] === '\\' && /["\\$`]/.test(line[j + 1] ?? '') ? line[++j] : line[j]
      if (j >= line.length) return null
      word = (word ?? '') + s
      i = j
    } else if (ch === '\\' && i + 1 < line.length) word = (word ?? '') + line[++i]
    else if (/\s/.test(ch) || ch === ';' || ((ch === '&' || ch === '|') && line[i + 1] === ch)) {
      if (word !== null) out.push({ word })
      word = null
      if (ch === ';') out.push({ op: ';' })
      else if (!/\s/.test(ch)) {
        out.push({ op: ch === '&' ? '&&' : '||' })
        i++
      }
    } else word = (word ?? '') + ch
  }
  if (word !== null) out.push({ word })
  return out
}

const ok = (stdout = ''): LabCommandResult => ({ stdout, stderr: '', code: 0 })

function notFound(host: LabHost, cmd: string): LabCommandResult {
  if (host.platform === 'windows')
    return {
      stdout: '',
      stderr: `'${cmd}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
      code: 1,
    }
  return { stdout: '', stderr: `sh: 1: ${cmd}: not found\n`, code: 127 }
}

async function sleep(seconds: number, signal?: AbortSignal): Promise<LabCommandResult> {
  if (!Number.isFinite(seconds) || seconds < 0)
    return { stdout: '', stderr: `sleep: invalid time interval\n`, code: 1 }
  const aborted = await new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(true)
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(false)
    }, seconds * 1000)
    const onAbort = () => {
      clearTimeout(t)
      resolve(true)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  if (!aborted) return ok()
  const sig = typeof signal?.reason === 'string' ? signal.reason : 'TERM'
  return { stdout: '', stderr: '', code: sig === 'INT' ? 130 : 143, signal: sig }
}

function cat(host: LabHost, files: string[]): LabCommandResult {
  const reboot = rebootRequiredFiles(host)
  const contents: Record<string, string | undefined> = {
    '/etc/os-release': osReleaseText(host),
    '/usr/lib/os-release': osReleaseText(host),
    '/etc/hostname': `${host.hostname}\n`,
    '/var/run/reboot-required': reboot?.flag,
    '/var/run/reboot-required.pkgs': reboot?.pkgs,
    '/proc/uptime': `${Math.max(0, (Date.now() - host.bootTime.getTime()) / 1000).toFixed(2)} 0.00\n`,
  }
  const res = ok()
  for (const f of files) {
    const text = contents[f]
    if (text === undefined) {
      res.stderr += `cat: ${f}: No such file or directory\n`
      res.code = 1
    } else res.stdout += text
  }
  return res
}

function aptGet(host: LabHost, args: string[], env: Record<string, string>, now: Date): LabCommandResult {
  const simulate = args.some((a) => ['-s', '--simulate', '--dry-run', '--just-print', '--no-act'].includes(a))
  const words = args.filter((a) => !a.startsWith('-'))
  const [verb, ...specs] = words
  const key = env[LAB_IDEMPOTENCY_ENV]
  if (verb === 'update') return aptGetUpdate(host, now)
  if (verb === 'install' || verb === 'upgrade' || verb === 'dist-upgrade' || verb === 'full-upgrade')
    return aptGetInstall(host, { specs, upgrade: verb !== 'install', simulate, key, now })
  return { stdout: '', stderr: `E: Invalid operation ${verb ?? ''}\n`, code: 100 }
}

const LINUX_ONLY = new Set([
  'uname',
  'cat',
  'apt',
  'apt-get',
  'test',
  '[',
  'reboot',
  'systemctl',
  'env',
  'sh',
  'timeout',
  'cd',
  'loginctl',
])
const WINDOWS_ONLY = new Set([
  'powershell',
  'ver',
  'powershell.exe',
  'pwsh',
  LAB_WUA_INSTALL_COMMAND.toLowerCase(),
  'restart-computer',
])

async function runSimple(
  host: LabHost,
  words: string[],
  ctx: LabCommandContext,
  env: Record<string, string>,
): Promise<LabCommandResult> {
  let argv = [...words]
  for (;;) {
    const [first, ...rest] = argv
    if (first === undefined) return ok()
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) {
      const eq = first.indexOf('=')
      env[first.slice(0, eq)] = first.slice(eq + 1)
      argv = rest
    } else if ((first === 'env' || first === 'sudo') && host.platform === 'debian' && rest.length > 0)
      argv = rest.filter((a, i) => !(i === 0 && /^-[nEH]+$/.test(a)))
    else break
  }
  const [cmd0, ...args] = argv as [string, ...string[]]
  const cmd = cmd0.replace(/^\/(usr\/)?s?bin\//, '')
  const lower = cmd.toLowerCase()
  const now = ctx.now?.() ?? new Date()
  if (host.platform === 'windows' && LINUX_ONLY.has(cmd)) return notFound(host, cmd)
  if (host.platform === 'debian' && WINDOWS_ONLY.has(lower)) return notFound(host, cmd)
  switch (host.platform === 'windows' ? lower : cmd) {
    case 'echo':
      return args[0] === '-n' ? ok(args.slice(1).join(' ')) : ok(`${args.join(' ')}\n`)
    case 'true':
    case ':':
      return ok()
    case 'false':
      return { stdout: '', stderr: '', code: 1 }
    case 'exit':
      return { stdout: '', stderr: '', code: Number(args[0] ?? 0) & 255 }
    case 'hostname':
      return ok(`${host.hostname}\n`)
    case 'cd':
      return ok()
    case 'timeout': {
      // coreutils timeout: its options, the duration, then the command it runs.
      let i = 0
      while (args[i]?.startsWith('-')) i += args[i] === '-k' || args[i] === '-s' ? 2 : 1
      return runSimple(host, args.slice(i + 1), ctx, env)
    }
    case 'sh':
      return args[0] === '-c' && args[1] !== undefined
        ? runLabCommand(host, args[1], ctx)
        : { stdout: '', stderr: 'lab host: only sh -c is simulated\n', code: 2 }
    case 'loginctl':
      // No one is logged in on a lab host but the site itself.
      return args[0] === 'list-sessions' ? ok() : { stdout: '', stderr: '', code: 1 }
    case 'ver':
      // cmd.exe's `ver`, which Patchbay's platform probe reads on Windows.
      return ok(`\r\nMicrosoft Windows [Version ${host.osVersion}]\r\n`)
    case 'sleep':
      return sleep(Number(args[0]), ctx.signal)
    case 'uname':
      return ok(unameText(host, args[0] ?? ''))
    case 'cat':
      return cat(host, args)
    case 'test':
    case '[': {
      const path = args[0] === '-f' || args[0] === '-e' ? args[1] : undefined
      const exists = path !== undefined && cat(host, [path]).code === 0
      return { stdout: '', stderr: '', code: exists ? 0 : 1 }
    }
    case 'apt':
      if (args[0] === 'list' && args.includes('--upgradable')) return aptListUpgradable(host)
      return aptGet(host, args, env, now)
    case 'apt-get':
      return aptGet(host, args, env, now)
    case 'reboot':
      return { ...ok(), reboot: true }
    case 'systemctl':
      return args[0] === 'reboot' ? { ...ok(), reboot: true } : { stdout: '', stderr: '', code: 1 }
    case 'shutdown': {
      const restart = args.some((a) => a === '-r' || a.toLowerCase() === '/r')
      return restart
        ? { ...ok(), reboot: true }
        : { stdout: '', stderr: 'shutdown: only restarts are simulated\n', code: 1 }
    }
    case 'restart-computer':
      return { ...ok(), reboot: true }
    case LAB_WUA_INSTALL_COMMAND.toLowerCase():
      return labWuaInstall(host, argv.join(' '), now, env[LAB_IDEMPOTENCY_ENV])
    case 'powershell':
    case 'powershell.exe':
    case 'pwsh': {
      const script = await decodePowerShell(args, ctx.readStdin ?? (async () => ''))
      if (script !== null && isWindowsHardwareScript(script)) return ok(`${labWindowsHardwareJson(host)}\r\n`)
      if (script !== null && isWuaInstallScript(script)) return labWuaInstallScript(host, script, now)
      if (script !== null && isWuaScanScript(script))
        return ok(`${wuaScanJson(host, script.includes('or IsInstalled=1'))}\r\n`)
      if (script !== null && /^\s*Restart-Computer\b/i.test(script)) return { ...ok(), reboot: true }
      if (script !== null && script.includes(LAB_WUA_INSTALL_COMMAND))
        return labWuaInstall(host, script, now, env[LAB_IDEMPOTENCY_ENV])
      return { stdout: '', stderr: 'lab host: this PowerShell script is not simulated\r\n', code: 1 }
    }
    default:
      return notFound(host, cmd)
  }
}

/** The script arguments of a Debian scan command line (see debianScanCommand), or null for any other command. */
function debianScanArgs(command: string): string[] | null {
  if (command === DEBIAN_SCAN_COMMAND) return []
  const prefix = `${DEBIAN_SCAN_COMMAND} patchbay-scan `
  if (!command.startsWith(prefix)) return null
  const tokens = tokenizeShell(command.slice(prefix.length))
  if (!tokens || tokens.some((t) => !('word' in t))) return null
  return tokens.map((t) => (t as { word: string }).word)
}

/** The services of a restart-services command line (see restartServicesCommand), or null for any other command. */
function restartServicesArgs(command: string): string[] | null {
  const prefix = `${shCommand(RESTART_SERVICES_SCRIPT)} ${RESTART_SERVICES_NAME} `
  if (!command.startsWith(prefix)) return null
  const tokens = tokenizeShell(command.slice(prefix.length))
  if (!tokens || tokens.some((t) => !('word' in t))) return null
  return tokens.map((t) => (t as { word: string }).word)
}

/** Runs one command line on a lab host: the real adapters' scan commands, installs, reboots and simple shell words. */
export async function runLabCommand(
  host: LabHost,
  command: string,
  ctx: LabCommandContext = {},
): Promise<LabCommandResult> {
  const scanArgs = debianScanArgs(command)
  if (scanArgs)
    return host.platform === 'debian'
      ? ok(debianScanOutput(host, scanArgs, ctx.now?.() ?? new Date()))
      : notFound(host, 'env')
  const restart = restartServicesArgs(command)
  if (restart) {
    if (host.platform !== 'debian') return notFound(host, 'env')
    const known = host.restartServices(restart)
    return ok(known.map((s) => `Restarting ${s}\n`).join(''))
  }
  if (command === LINUX_HARDWARE_COMMAND)
    return host.platform === 'debian'
      ? ok(labLinuxHardwareOutput(host, ctx.now?.() ?? new Date()))
      : notFound(host, 'env')
  // The log-off loop over loginctl's sessions: no one but the site itself is logged in on a lab host.
  if (/^for s in \$\(loginctl list-sessions --no-legend /.test(command))
    return host.platform === 'debian' ? ok() : notFound(host, 'for')
  const tokens = tokenizeShell(command)
  if (tokens === null)
    return { stdout: '', stderr: `sh: 1: Syntax error: Unterminated quoted string\n`, code: 2 }
  const total: LabCommandResult = ok()
  let words: string[] = []
  let skip = false
  const flush = async (op: '&&' | '||' | ';' | null) => {
    if (!skip && words.length > 0) {
      const r = await runSimple(host, words, ctx, { ...ctx.env })
      total.stdout += r.stdout
      total.stderr += r.stderr
      total.code = r.code
      if (r.signal) total.signal = r.signal
      if (r.reboot) total.reboot = true
    }
    words = []
    skip = (op === '&&' && total.code !== 0) || (op === '||' && total.code === 0)
  }
  for (const t of tokens) {
    if ('word' in t) words.push(t.word)
    else await flush(t.op)
    if (total.signal || total.reboot) return total
  }
  await flush(null)
  return total
}
