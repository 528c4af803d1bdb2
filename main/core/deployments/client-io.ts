/**
 * What a deployment does on one client over SSH: rescan through the scan adapters and scan-record (the same
 * path as `clients:scan`), install exact versions (apt-get on Debian; the lab's WUA installer on simulated
 * Windows hosts), detect a pending restart, restart and wait (bounded) for the client to answer again.
 */
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { PROBE_COMMAND, parseProbe, scanAdapters, type ScanPlatform } from '../../clients/platforms/adapters'
import type { ListsRefreshRequest } from '../../clients/platforms/package-lists'
import { restartServicesCommand } from '../../clients/platforms/restart-services'
import { posixQuote } from '../../clients/quoting'
import { parseWuaInstall } from '../../clients/platforms/wua-install-result'
import { wuaInstallInvocation } from '../../clients/platforms/wua-install-script'
import { PowerShellRemoting } from '../../clients/powershell/remoting-executor'
import { SshPool, expectSuccess, isHostError, type SshPoolOptions } from '../../clients/ssh'
import { resolveRemotingTarget, resolveTarget } from '../resources/client-auth'
import { createDbHostKeyStore } from '../resources/host-key-db-store'
import { recordScan } from '../client-jobs/scan-record'
import type { SecretsPort } from '../runtime/secrets'
import type { SiteContext } from '../runtime/site-context'

/** The environment variable carrying an install's idempotency key to the client (the lab fleet honours it). */
export const IDEMPOTENCY_ENV = 'PATCHBAY_IDEMPOTENCY_KEY'

/** How a Linux client restarts (systemd, else SysV shutdown). */
export const RESTART_LINUX = 'systemctl reboot || shutdown -r now'

/** How a Windows client restarts (through OpenSSH's cmd.exe). */
export const RESTART_WINDOWS = 'powershell -NoProfile -NonInteractive -Command "Restart-Computer -Force"'

/** apt options of an install from copied files only: no source list is read. */
export const CONTENT_ONLY_APT_OPTIONS = ['Dir::Etc::sourcelist=/dev/null', 'Dir::Etc::sourceparts=-']

/** What a rescan found about restarts. */
export interface RescanOutcome {
  rebootPending: boolean
  /** Why the restart is pending ([] when it is not). */
  rebootReasons: string[]
  /** Services running outdated libraries; null when not checked (Windows, SUSE, tool missing, not root). */
  servicesToRestart: string[] | null
}

/** What an install did. */
export interface InstallOutcome {
  ok: boolean
  rebootPending: boolean
  message: string
}

/** Content already copied to the client from a distribution point (absolute paths on the client). */
export interface InstallContent {
  /** .deb files for `apt-get install -y /path/x.deb …`. */
  debFiles?: string[]
  /** Windows: UpdateID → local files fed to WUA (CopyToCache) instead of downloading. */
  windowsFiles?: Record<string, string[]>
  /** Updates these files install; the others of an install come from the client's own sources. */
  covers?: string[]
}

/** One update to install: its ID and, for Debian, the package and exact version. */
export interface InstallItem {
  updateId: string
  kb: string
  pkg: string
  version: string
}

const tail = (s: string) => s.trim().split('\n').slice(-3).join(' | ').slice(0, 400)

/** Where a deployment's client I/O tells what it does (the update run's per-computer log). */
export type IoLog = (kind: 'command' | 'output' | 'reboot' | 'info', text: string) => Promise<unknown>

const noLog: IoLog = async () => {}

/** The last lines of a command's output for the run log. */
const outputTail = (r: { exitCode: number | null; stdout: string; stderr: string }) => {
  const lines = `${r.stdout}\n${r.stderr}`.trim().split('\n').filter(Boolean).slice(-10).join('\n')
  return `exit ${r.exitCode ?? '?'}${lines ? `\n${lines}` : ''}`
}

/** Client I/O of deployments over one SSH pool (host keys must already be trusted). */
export function createDeploymentIo(
  ctx: SiteContext,
  secrets: SecretsPort,
  ssh?: Omit<SshPoolOptions, 'hostKeys' | 'trustNewHostKeys'>,
) {
  const pool = new SshPool({ ...ssh, hostKeys: createDbHostKeyStore(ctx), trustNewHostKeys: false })

  let remoting: PowerShellRemoting | null = null
  /** Runs a command line over OpenSSH, or over PowerShell remoting for WinRM clients (as the scan does). */
  const exec = async (
    resource: ResourceDto,
    command: string,
    signal: AbortSignal,
    timeoutMs?: number,
    stdin?: string,
  ) => {
    if (resource.transport === 'winrm') {
      if (process.platform !== 'win32')
        throw new PatchbayError(
          'invalid-input',
          `${resource.name}: PowerShell remoting needs a Windows console host; reach it over OpenSSH instead`,
          'platform',
        )
      remoting ??= new PowerShellRemoting({ timeoutMs: ssh?.commandTimeoutMs })
      return remoting.exec(await resolveRemotingTarget(ctx.db, secrets, resource), command, { stdin })
    }
    const target = await resolveTarget(ctx.db, secrets, resource)
    return pool.exec(target, command, { signal, timeoutMs, stdin })
  }

  const platformOf = async (resource: ResourceDto, signal: AbortSignal): Promise<ScanPlatform> => {
    if (resource.platform !== 'unknown') return resource.platform
    const found = parseProbe((await exec(resource, PROBE_COMMAND, signal)).stdout)
    if (!found)
      throw new PatchbayError(
        'invalid-input',
        `${resource.name}: not a platform Patchbay can scan`,
        'platform',
      )
    return found.platform
  }

  return {
    /** Runs one command on the client (OpenSSH, or remoting for WinRM clients) and answers its exit code and output. */
    run: (resource: ResourceDto, command: string, signal: AbortSignal, timeoutMs?: number) =>
      exec(resource, command, signal, timeoutMs),
    /** The client's SSH target (for SFTP sessions that copy content to it). */
    target: (resource: ResourceDto) => resolveTarget(ctx.db, secrets, resource),

    /** Scans the client (refreshing its package lists first when asked) and records the result; answers reboot pending. */
    async rescan(
      resource: ResourceDto,
      signal: AbortSignal,
      log: IoLog = noLog,
      refresh?: ListsRefreshRequest,
    ): Promise<RescanOutcome> {
      const platform = await platformOf(resource, signal)
      const adapter = scanAdapters[platform]
      const invocation = refresh ? adapter.refreshing(refresh) : adapter.invocation
      await log(
        'command',
        `Scanning for updates (${platform} scan${refresh ? ', package lists refreshed first' : ''})`,
      )
      const result = await exec(resource, invocation.command, signal, undefined, invocation.stdin)
      if (result.exitCode !== 0) await log('output', outputTail(result))
      expectSuccess(
        result,
        resource.transport === 'winrm'
          ? await resolveRemotingTarget(ctx.db, secrets, resource)
          : await resolveTarget(ctx.db, secrets, resource),
      )
      const scan = adapter.parse(result.stdout)
      await log(
        'output',
        `Scan completed: ${scan.updates.length} update(s) evaluated${scan.rebootPending ? `; a restart is pending${scan.rebootReasons?.length ? ` (${scan.rebootReasons.join(', ')})` : ''}` : ''}${scan.services?.services?.length ? `; services on outdated libraries: ${scan.services.services.join(', ')}` : ''}`,
      )
      const { collections } = await recordScan(ctx, { ...resource, platform }, scan)
      if (collections.length) ctx.events.emit('site:changed', { entity: 'collections', ids: collections })
      ctx.events.emit('site:changed', { entity: 'updates', ids: [] })
      ctx.events.emit('site:changed', { entity: 'resources', ids: [String(resource.id)] })
      return {
        rebootPending: scan.rebootPending,
        rebootReasons: scan.rebootPending ? (scan.rebootReasons ?? []) : [],
        servicesToRestart: scan.services?.services ?? null,
      }
    },

    /** Installs the items in one command (apt-get with `aptOptions` as -o on Debian); `key` lets the client recognise a repeat. */
    async install(
      resource: ResourceDto,
      items: InstallItem[],
      key: string,
      signal: AbortSignal,
      aptOptions: readonly string[] = [],
      log: IoLog = noLog,
      content?: InstallContent,
    ): Promise<InstallOutcome> {
      const platform = await platformOf(resource, signal)
      if (platform === 'debian') {
        // Files copied from a distribution point pin the exact versions themselves.
        const covered = new Set(
          content?.debFiles?.length ? (content.covers ?? items.map((i) => i.updateId)) : [],
        )
        const specs = [
          ...(content?.debFiles ?? []),
          ...items.filter((i) => !covered.has(i.updateId)).map((i) => `${i.pkg}=${i.version}`),
        ]
          .map((f) => posixQuote(f))
          .join(' ')
        // Every update from copied files: no source list, so apt cannot fetch an identical version from a
        // repository instead (it prefers a download to the local file when both carry the same version).
        const fromFilesOnly = covered.size > 0 && items.every((i) => covered.has(i.updateId))
        const opts = [...aptOptions, ...(fromFilesOnly ? CONTENT_ONLY_APT_OPTIONS : [])]
          .map((o) => `-o ${posixQuote(o)} `)
          .join('')
        const command = `apt-get ${opts}install -y -q ${specs}`
        await log('command', `$ ${command}`)
        const r = await exec(
          resource,
          `env ${IDEMPOTENCY_ENV}=${posixQuote(key)} DEBIAN_FRONTEND=noninteractive ${command}`,
          signal,
          30 * 60_000,
        )
        await log('output', outputTail(r))
        if (r.exitCode !== 0)
          return {
            ok: false,
            rebootPending: false,
            message: `apt-get exit ${r.exitCode}: ${tail(r.stderr || r.stdout)}`,
          }
        const flag = await exec(resource, 'test -f /var/run/reboot-required', signal)
        if (flag.exitCode === 0) await log('output', '/var/run/reboot-required exists: a restart is pending')
        return { ok: true, rebootPending: flag.exitCode === 0, message: tail(r.stdout) }
      }
      if (platform === 'windows') {
        const local = content?.windowsFiles ?? {}
        await log(
          'command',
          `WUA install of ${items.map((i) => i.kb || i.updateId).join(', ')}` +
            `${Object.keys(local).length ? ' from files copied from a distribution point' : ' (WUA downloads the content)'}`,
        )
        const inv = wuaInstallInvocation({
          updateIds: items.map((i) => i.updateId),
          localFiles: local,
          idempotencyKey: key,
        })
        const r = await exec(resource, inv.command, signal, 30 * 60_000, inv.stdin)
        let parsed
        try {
          parsed = parseWuaInstall(r.stdout)
        } catch (err) {
          await log('output', outputTail(r))
          return { ok: false, rebootPending: false, message: (err as Error).message }
        }
        await log('output', `exit ${r.exitCode ?? '?'}: ${parsed.message}`)
        return { ok: parsed.ok, rebootPending: parsed.rebootRequired, message: parsed.message }
      }
      throw new PatchbayError(
        'invalid-input',
        `${resource.name}: installing on ${platform} is not supported yet`,
        'platform',
      )
    },

    /** Restarts only these services on a Linux client (systemctl, or their init scripts); answers whether all restarted. */
    async restartServices(
      resource: ResourceDto,
      services: readonly string[],
      signal: AbortSignal,
      log: IoLog = noLog,
    ): Promise<{ ok: boolean; message: string }> {
      const command = restartServicesCommand(services)
      await log(
        'command',
        `Restarting services: ${services.join(', ')} (systemctl restart, or their init scripts)`,
      )
      const r = await exec(resource, command, signal, 5 * 60_000)
      await log('output', outputTail(r))
      return r.exitCode === 0
        ? { ok: true, message: `restarted ${services.join(', ')}` }
        : { ok: false, message: `restarting ${services.join(', ')} failed: ${outputTail(r)}` }
    },

    /** Restarts the client and waits until it answers again (bounded). */
    async reboot(
      resource: ResourceDto,
      timeoutMs: number,
      signal: AbortSignal,
      log: IoLog = noLog,
    ): Promise<void> {
      const platform = await platformOf(resource, signal)
      const command = platform === 'windows' ? RESTART_WINDOWS : RESTART_LINUX
      await log(
        'reboot',
        `$ ${command} — waiting up to ${Math.round(timeoutMs / 60_000)} min for the computer to answer again`,
      )
      const began = Date.now()
      try {
        await exec(resource, command, signal, 30_000)
      } catch (err) {
        // The connection may drop as the client goes down.
        if (!isHostError(err)) throw err
      }
      const until = Date.now() + timeoutMs
      await new Promise((r) => setTimeout(r, 1000))
      for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
        if (signal.aborted) throw new PatchbayError('unavailable', 'cancelled')
        try {
          const r = await exec(resource, PROBE_COMMAND, signal, 15_000)
          if (r.exitCode === 0) {
            await log(
              'reboot',
              `The computer answered again after ${Math.round((Date.now() - began) / 1000)} s`,
            )
            return
          }
        } catch (err) {
          if (!isHostError(err)) throw err
        }
        if (Date.now() + delay > until) {
          await log('reboot', `No answer within ${Math.round(timeoutMs / 60_000)} min of restarting`)
          throw new PatchbayError(
            'unavailable',
            `${resource.name} did not answer within ${Math.round(timeoutMs / 60_000)} min of restarting`,
          )
        }
        await new Promise((r) => setTimeout(r, delay))
      }
    },

    close: async () => {
      pool.close()
      await remoting?.close()
    },
  }
}

/** Client I/O of deployments. */
export type DeploymentIo = ReturnType<typeof createDeploymentIo>
