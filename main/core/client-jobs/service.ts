import type { z } from 'zod'
import type {
  connectInput,
  execInput,
  inventoryInput,
  scanInput,
  targetsInput,
} from '../../../shared/dto/job'
import { LINUX_HARDWARE_COMMAND, parseLinuxHardware } from '../../clients/inventory/linux-hardware'
import { WINDOWS_HARDWARE_INVOCATION, parseWindowsHardware } from '../../clients/inventory/windows-hardware'
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { PROBE_COMMAND, parseProbe, scanAdapters, type ScanPlatform } from '../../clients/platforms/adapters'
import {
  SshPool,
  expectSuccess,
  isHostError,
  type KnownHostKey,
  type SshPoolOptions,
  type SshTarget,
} from '../../clients/ssh'
import { resolveRemotingTarget, resolveTarget } from '../resources/client-auth'
import { PowerShellRemoting } from '../../clients/powershell/remoting-executor'
import { membersOf } from '../collections/service'
import { reevaluateMembership } from '../collections/membership'
import { createDbHostKeyStore } from '../resources/host-key-db-store'
import { JobRunner, type HostWork } from './job-runner'
import { readResources } from '../resources/rows'
import { restartSummary } from './restart-record'
import { listsSummary, recordHardware, recordScan, recordScanFailure } from './scan-record'
import type { ListsRefreshRequest } from '../../clients/platforms/package-lists'
import type { SecretsPort } from '../runtime/secrets'
import type { SiteContext } from '../runtime/site-context'

/** Runs a command line on a client: the SSH pool, or PowerShell remoting for WinRM clients. */
type Executor = Pick<SshPool, 'exec'> | PowerShellRemoting

/** Settings of client work that front doors and tests may change. */
export interface ClientWorkOptions {
  secrets: SecretsPort
  /** Pool settings (timeouts, concurrency); host keys always come from the site database. */
  ssh?: Omit<SshPoolOptions, 'hostKeys' | 'trustNewHostKeys'>
  /** An unforced scan is skipped when the last one is younger than this (default 24 h; a forced scan always runs). */
  scanTtlMs?: number
  /** apt options (`Name=value`) every scan's `apt-get update` passes, e.g. to scope it to one source list (tests). */
  listsRefreshAptOptions?: readonly string[]
}

/** Keys hosts presented that are not trusted yet, so consent trusts exactly the key the admin saw. */
export type PresentedKeys = Map<string, KnownHostKey>

/** Scans, commands and inventory on clients, as jobs with live progress. */
export function createClientJobsService(ctx: SiteContext, options: ClientWorkOptions) {
  const runner = new JobRunner(ctx)
  const hostKeys = createDbHostKeyStore(ctx)
  const presented: PresentedKeys = new Map()
  const ttl = options.scanTtlMs ?? 24 * 3600_000

  const targets = async (t: z.output<typeof targetsInput>): Promise<ResourceDto[]> => {
    const byId = new Map<number, ResourceDto>()
    if (t.collectionId) for (const r of await membersOf(ctx.db, t.collectionId)) byId.set(r.id, r)
    const direct = await readResources(ctx.db, t.resourceIds)
    const missing = t.resourceIds.filter((id) => !direct.some((r) => r.id === id))
    if (missing.length)
      throw new PatchbayError('not-found', `No resource with ID ${missing.join(', ')}`, 'targets')
    for (const r of direct) byId.set(r.id, r)
    return [...byId.values()]
  }

  /**
   * Runs a job over the input's targets with its own pool (so consent to new host keys applies to that job
   * only); `title` names the job from a description of its targets ("web-01" or "12 clients").
   */
  const startJob = async (
    kind: 'connect' | 'scan' | 'exec' | 'inventory',
    input: { targets: z.output<typeof targetsInput>; trustNewHostKeys: boolean },
    title: (what: string) => string,
    work: (
      pool: Executor,
      target: SshTarget,
      resource: ResourceDto,
      signal: AbortSignal,
    ) => ReturnType<HostWork>,
  ) => {
    const resources = await targets(input.targets)
    const what = resources.length === 1 ? resources[0]!.name : `${resources.length} clients`
    const pool = new SshPool({ ...options.ssh, hostKeys, trustNewHostKeys: input.trustNewHostKeys })
    let remoting: PowerShellRemoting | null = null
    const job = await runner.start(kind, title(what), resources, async (resource, signal) => {
      try {
        if (resource.transport === 'winrm') {
          if (process.platform !== 'win32')
            throw new PatchbayError(
              'invalid-input',
              `${resource.name}: PowerShell remoting needs a Windows console host; reach it over OpenSSH instead`,
              'platform',
            )
          remoting ??= new PowerShellRemoting({ timeoutMs: options.ssh?.commandTimeoutMs })
          const target = await resolveRemotingTarget(ctx.db, options.secrets, resource)
          return await work(remoting, target, { ...resource, platform: 'windows' }, signal)
        }
        const target = await resolveTarget(ctx.db, options.secrets, resource)
        return await work(pool, target, resource, signal)
      } catch (err) {
        if (isHostError(err) && err.presentedKey)
          presented.set(`${resource.address}:${resource.port}`, err.presentedKey)
        throw err
      }
    })
    void runner.wait(job.id).finally(() => {
      pool.close()
      void remoting?.close()
      ctx.events.emit('site:changed', { entity: 'hostkeys', ids: [] })
    })
    return job
  }

  const probe = async (pool: Executor, target: SshTarget, resource: ResourceDto, signal: AbortSignal) => {
    const result = await pool.exec(target, PROBE_COMMAND, { signal })
    const found = parseProbe(result.stdout)
    if (!found)
      throw new PatchbayError(
        'invalid-input',
        `${resource.name}: not a platform Patchbay can scan (neither os-release nor Windows ver answered)`,
        'platform',
      )
    return found
  }

  const platformOf = async (
    pool: Executor,
    target: SshTarget,
    resource: ResourceDto,
    signal: AbortSignal,
  ): Promise<ScanPlatform> =>
    resource.platform !== 'unknown'
      ? resource.platform
      : (await probe(pool, target, resource, signal)).platform

  /** When this scan refreshes the package lists first: the site setting, or always when forced. */
  const listsRefresh = async (force: boolean): Promise<ListsRefreshRequest> => {
    const row = await ctx.db.selectFrom('site').select('lists_refresh_hours').executeTakeFirst()
    const hours = Number(row?.lists_refresh_hours ?? 24)
    const aptOptions = options.listsRefreshAptOptions ?? []
    return { afterSeconds: force ? 0 : hours * 3600, aptOptions }
  }

  const scanOne = async (
    pool: Executor,
    target: SshTarget,
    resource: ResourceDto,
    signal: AbortSignal,
    refresh: ListsRefreshRequest,
  ) => {
    const platform = await platformOf(pool, target, resource, signal)
    const adapter = scanAdapters[platform]
    const invocation = adapter.refreshing(refresh)
    const result = await pool.exec(target, invocation.command, { signal, stdin: invocation.stdin })
    expectSuccess(result, target)
    const scan = adapter.parse(result.stdout)
    const { changed, collections } = await recordScan(ctx, resource, scan)
    if (collections.length) ctx.events.emit('site:changed', { entity: 'collections', ids: collections })
    const required = scan.updates.filter((u) => !u.installed).length
    const lists = listsSummary(scan)
    const restart = restartSummary(scan)
    return {
      message: `${required} required, ${scan.updates.length - required} installed; ${changed} state changes${restart ? `; ${restart}` : ''}${lists ? `; ${lists}` : ''}`,
      durationMs: result.durationMs,
    }
  }

  return {
    runner,
    presented,

    /** Scans clients for updates; unforced scans skip clients scanned within the TTL. */
    async scan(input: z.output<typeof scanInput>) {
      const refresh = await listsRefresh(input.force)
      return startJob(
        'scan',
        input,
        (what) => `Scan ${what}${input.force ? ' (forced)' : ''}`,
        async (pool, target, resource, signal) => {
          const last = resource.lastScanAt ? Date.parse(resource.lastScanAt) : NaN
          const age = ctx.ports.clock().getTime() - last
          if (!input.force && age < ttl)
            return {
              state: 'skipped',
              message: `scanned ${Math.round(age / 60_000)} min ago, within the scan TTL; use a forced scan`,
            }
          try {
            return await scanOne(pool, target, resource, signal, refresh)
          } catch (err) {
            await recordScanFailure(ctx, resource.id, err instanceof Error ? err.message : String(err))
            throw err
          } finally {
            ctx.events.emit('site:changed', { entity: 'resources', ids: [String(resource.id)] })
            ctx.events.emit('site:changed', { entity: 'updates', ids: [] })
          }
        },
      )
    },

    /** Connects to clients: checks credentials, trusts new host keys with consent, detects the platform. */
    async connect(input: z.output<typeof connectInput>) {
      return startJob(
        'connect',
        input,
        (what) => `Connect to ${what}`,
        async (pool, target, resource, signal) => {
          const found = await probe(pool, target, resource, signal)
          await ctx.db
            .updateTable('resource')
            .set({
              platform: found.platform,
              os_name: found.osName,
              os_version: found.osVersion,
              last_error: '',
              updated_at: ctx.now(),
            })
            .where('id', '=', resource.id)
            .execute()
          const collections = await reevaluateMembership(ctx.db, [resource.id])
          if (collections.length) ctx.events.emit('site:changed', { entity: 'collections', ids: collections })
          ctx.events.emit('site:changed', { entity: 'resources', ids: [String(resource.id)] })
          return { message: `${found.osName} ${found.osVersion} (${found.platform})` }
        },
      )
    },

    /** Refreshes hardware inventory, then scans (installed software and updates), on clients. */
    async inventory(input: z.output<typeof inventoryInput>) {
      return startJob(
        'inventory',
        input,
        (what) => `Refresh inventory of ${what}`,
        async (pool, target, resource, signal) => {
          const refresh = await listsRefresh(false)
          const platform = await platformOf(pool, target, resource, signal)
          const windows = platform === 'windows'
          const invocation = windows ? WINDOWS_HARDWARE_INVOCATION : { command: LINUX_HARDWARE_COMMAND }
          const r = await pool.exec(target, invocation.command, { signal, stdin: invocation.stdin })
          expectSuccess(r, target)
          const hardware = windows ? parseWindowsHardware(r.stdout) : parseLinuxHardware(r.stdout)
          const changes = await recordHardware(ctx, resource.id, hardware)
          const scanned = await scanOne(pool, target, { ...resource, platform }, signal, refresh)
          ctx.events.emit('site:changed', { entity: 'inventory', ids: [String(resource.id)] })
          ctx.events.emit('site:changed', { entity: 'resources', ids: [String(resource.id)] })
          return { message: `hardware: ${changes} changes; ${scanned.message}` }
        },
      )
    },

    /** Runs a command on clients; every host's exit code and output is kept. */
    async exec(input: z.output<typeof execInput>) {
      const command = input.command.length > 60 ? `${input.command.slice(0, 57)}…` : input.command
      return startJob(
        'exec',
        input,
        (what) => `Run "${command}" on ${what}`,
        async (pool, target, _resource, signal) => {
          const r = await pool.exec(target, input.command, { signal, timeoutMs: input.timeoutSeconds * 1000 })
          const firstErr = r.stderr.split('\n').find((l) => l.trim()) ?? ''
          return {
            state: r.exitCode === 0 ? 'succeeded' : 'failed',
            message:
              r.exitCode === 0
                ? 'exit code 0'
                : `exit code ${r.exitCode ?? `signal ${r.signal}`}${firstErr ? `: ${firstErr}` : ''}`,
            exitCode: r.exitCode,
            stdout: r.stdout,
            stderr: r.stderr,
            durationMs: r.durationMs,
          }
        },
      )
    },
  }
}

/** The client jobs service's type. */
export type ClientJobsService = ReturnType<typeof createClientJobsService>
