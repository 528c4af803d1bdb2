/**
 * One client of a deployment as an engine step: evaluate (scan), wait for the available time, deadline and
 * maintenance windows, install, then the compliance-check loop (rescan; by Status × last
 * enforcement state: wait and re-check, restart and re-check, open a ticket, or done). Each phase is
 * checkpointed before its side effect; a resumed step rescans before installing again, so an install that
 * already went through is never repeated. TopicType 402 states per update, 301/300/302 per deployment.
 */
import type { ResourceDto } from '../../../shared/dto/resource'
import type { DeploymentDto } from '../../../shared/dto/deployment'
import {
  DeploymentEvaluation,
  TopicType,
  UpdateApplicability,
  UpdateEnforcementState as E,
  UpdateInstallState,
  UpdateListCompliance,
} from '../../../shared/state-ids'
import { decide, RECHECK_DELAY_SECONDS, type ComplianceDecision } from './branch-table'
import { installTiming, type InstallTiming } from './install-timing'
import type { MaintenanceWindow } from '../maintenance-windows/windows'
import { windowsOfClient } from '../maintenance-windows/client-windows'
import { complianceTicketEvent, postWebhookEvent, type WebhookTarget } from './webhooks'
import { stateNameOf } from '../../../shared/state-names'
import { PatchbayError } from '../../../shared/errors'
import { copyContent } from './content'
import type { DeploymentIo, InstallItem, IoLog, RescanOutcome } from './client-io'
import { readDeployment } from './rows'
import {
  applicability,
  deploymentState,
  enforcement,
  lastState,
  writeDeploymentStates,
  type DeploymentState,
} from './states'
import type { StepContext, StepHandler, StepResult } from '../engine'
import { RUN_TIME_LIMIT_MESSAGE, timeLimitPassed } from '../engine/policy'
import { readUpdateRun, type RunLog, type RunLogInput } from './update-runs'
import { getResource } from '../resources/rows'
import type { SiteContext } from '../runtime/site-context'

/** What a deployment step keeps between phases. */
interface StepData {
  /** Run by hand: an optional deployment installs as if its deadline were its available time. */
  manual?: boolean
  /** Updates the evaluation found required (set once). */
  required?: string[]
  rebootPending?: boolean
  reboots?: number
  /** restart: services — how many times this step restarted services instead of the machine. */
  serviceRestarts?: number
  /** restart: services — the log already said why the machine restarts anyway. */
  machineRestartNoted?: boolean
  ticketed?: string[]
}

/** Services the step needs besides the site. */
export interface DeploymentStepDeps {
  io: DeploymentIo
  webhooks: () => Promise<WebhookTarget[]>
  /** The update runs' per-computer log. */
  runLog: RunLog
}

/** Logs one line of this step's computer in its run (a state change, command, output, restart wait). */
type StepLog = (kind: RunLogInput['kind'], text: string, updateIds?: readonly string[]) => Promise<unknown>

const MAX_REBOOTS = 2

/** Windows Server and Linux clients count as servers for restart suppression; other Windows as workstations. */
export function isServer(resource: Pick<ResourceDto, 'platform' | 'osName'>): boolean {
  return resource.platform !== 'windows' || /server/i.test(resource.osName)
}

function timing(d: DeploymentDto, data: StepData, windows: MaintenanceWindow[], now: Date): InstallTiming {
  const ignore = d.settings.maintenanceWindows === 'ignore'
  const deadline = d.deadline ?? (data.manual ? d.availableAt : null)
  return installTiming({
    now,
    availableAt: new Date(d.availableAt),
    deadline: deadline ? new Date(deadline) : null,
    installOutsideWindowsAfterDeadline: d.settings.installOutsideWindowsAfterDeadline,
    windows: ignore ? [] : windows,
  })
}

async function installItems(ctx: SiteContext, ids: string[]): Promise<InstallItem[]> {
  const rows = await ctx.db
    .selectFrom('software_update')
    .select(['id', 'kb', 'package', 'version'])
    .where('id', 'in', ids)
    .execute()
  return rows.map((r) => ({ updateId: r.id, kb: r.kb, pkg: r.package, version: r.version }))
}

/** The engine handler of deployment jobs. */
export function deploymentStepHandler(ctx: SiteContext, deps: DeploymentStepDeps): StepHandler {
  const writeStates = (states: DeploymentState[], stepLog: StepLog) =>
    writeDeploymentStates(ctx, states, (s) =>
      stepLog(
        'state',
        `State ${s.topicType}/${s.stateId} ${stateNameOf(s.topicType, s.stateId)}${
          s.detail && s.detail !== stateNameOf(s.topicType, s.stateId) ? `: ${s.detail}` : ''
        }`,
        s.updateId ? [s.updateId] : [],
      ),
    )

  /** Runs one client's step, logging each line to its update run. */
  async function run(sc: StepContext): Promise<StepResult> {
    const stored = await readDeployment(ctx.db, sc.job.objectId)
    const runRow = await readUpdateRun(ctx.db, sc.job.id)
    const d: DeploymentDto = runRow
      ? { ...stored, settings: { ...stored.settings, ...runRow.options } }
      : stored
    const resource = await getResource(ctx.db, sc.step.resourceId!)
    const stepLog: StepLog = (kind, text, updateIds) =>
      deps.runLog.write({
        jobId: sc.job.id,
        deploymentId: d.id,
        resourceId: resource.id,
        computer: resource.name,
        updateIds,
        kind,
        text,
      })
    const result = await runLogged(sc, d, resource, stepLog)
    await stepLog(
      'info',
      result.state === 'wait' ? `Waiting: ${result.message}` : `Step ${result.state}: ${result.message}`,
    )
    return result
  }

  async function runLogged(
    sc: StepContext,
    d: DeploymentDto,
    resource: ResourceDto,
    stepLog: StepLog,
  ): Promise<StepResult> {
    const { step, job, signal } = sc
    const data = () => sc.step.data as StepData
    const rid = resource.id
    const dep = d.id
    const write = (states: DeploymentState[]) => writeStates(states, stepLog)
    const ioLog =
      (updateIds: readonly string[] = []): IoLog =>
      (kind, text) =>
        stepLog(kind, text, updateIds)
    if (step.phase === '')
      await stepLog('info', `Run started on ${resource.name} (attempt ${step.attempts + 1})`)

    // Duration limit: a client whose install has not begun is not started once it has passed.
    if (
      (step.phase === '' || step.phase === 'evaluated') &&
      timeLimitPassed(job.settings, sc.now().toISOString())
    )
      return { state: 'skipped', message: RUN_TIME_LIMIT_MESSAGE }
    const per = (topic: number, id: number, detail?: string) => deploymentState(rid, dep, topic, id, detail)

    // 1. Evaluate: the client scans when it receives the deployment (as a ConfigMgr client evaluates a new deployment), once per start (a retried
    // failed step starts over at phase '' and evaluates again).
    if (!data().required || step.phase === '') {
      await write([per(TopicType.DeploymentEvaluation, DeploymentEvaluation.Activated)])
      await io().rescan(resource, signal, ioLog())
      const app = await applicability(ctx.db, rid, d.updateIds)
      const required = d.updateIds.filter((u) => app.get(u) === UpdateApplicability.Required)
      await sc.checkpoint(
        'evaluated',
        { required },
        `${required.length} of ${d.updateIds.length} updates required`,
      )
      await write([per(TopicType.DeploymentEvaluation, DeploymentEvaluation.Succeeded)])
      if (required.length === 0) {
        await write([per(TopicType.UpdateListCompliance, UpdateListCompliance.Compliant)])
        return { state: 'succeeded', message: 'Compliant: none of the updates is required' }
      }
    }
    const required = data().required!

    // 2. Timing and install (skipped once the install was recorded as done).
    if (step.phase === 'evaluated' || step.phase === 'installing') {
      const t = timing(d, data(), await windowsOfClient(ctx.db, rid), sc.now())
      if (t.action === 'wait') {
        if (t.enforcementStateId === E.WaitingForMaintenanceWindow)
          await write([
            ...enforcement(rid, dep, required, E.WaitingForMaintenanceWindow, t.reason),
            per(TopicType.UpdateInstallState, UpdateInstallState.WaitingForMaintenanceWindow, t.reason),
          ])
        // Wake at the run's time limit at the latest, to record the client as not started.
        const ends = job.settings.endsAt ? new Date(job.settings.endsAt) : null
        const until = ends && (t.until === null || ends < t.until) ? ends : t.until
        return { state: 'wait', until, message: t.reason }
      }
      const resumed = step.phase === 'installing'
      let rebootPending = false
      if (resumed) rebootPending = (await io().rescan(resource, signal, ioLog())).rebootPending
      const app = await applicability(ctx.db, rid, required)
      const todo = required.filter((u) => app.get(u) === UpdateApplicability.Required)
      if (todo.length > 0) {
        await write(enforcement(rid, dep, todo, E.PendingInstallation))
        await write([
          ...enforcement(rid, dep, todo, E.Installing),
          per(TopicType.UpdateInstallState, UpdateInstallState.Installing),
        ])
        await sc.checkpoint('installing', {}, `Installing ${todo.length} update(s)`)
        const items = await installItems(ctx, todo)
        let copied
        try {
          copied = await copyContent(ctx, io(), d, resource, todo, signal, ioLog(todo))
        } catch (err) {
          if (!(err instanceof PatchbayError && err.code === 'invalid-input')) throw err
          await write([
            ...enforcement(rid, dep, todo, E.FailedToInstall, err.message),
            per(TopicType.UpdateInstallState, UpdateInstallState.FailedToInstall, err.message),
          ])
          return { state: 'failed', message: err.message }
        }
        let out
        try {
          out = await io().install(
            resource,
            items,
            step.idemKey,
            signal,
            d.settings.aptOptions,
            ioLog(todo),
            copied?.content,
          )
        } finally {
          await copied?.cleanup()
        }
        rebootPending = out.rebootPending
        if (!out.ok)
          await write([
            ...enforcement(rid, dep, todo, E.FailedToInstall, out.message),
            per(TopicType.UpdateInstallState, UpdateInstallState.FailedToInstall, out.message),
          ])
        else await write(enforcement(rid, dep, todo, rebootPending ? E.PendingSystemRestart : E.Installed))
      }
      // Updates a crashed run had installed: their install finished while nobody watched.
      const finished = required.filter(
        (u) => !todo.includes(u) && app.get(u) === UpdateApplicability.Installed,
      )
      if (finished.length)
        await write(enforcement(rid, dep, finished, rebootPending ? E.PendingSystemRestart : E.Installed))
      await sc.checkpoint('installed', { rebootPending })
    }

    // 3. The compliance-check loop: rescan, then act on Status × last enforcement state (branch-table.ts).
    return complianceCheck(sc, d, resource, required, stepLog)
  }

  let ioRef: DeploymentIo | null = null
  const io = () => (ioRef ??= deps.io)

  async function complianceCheck(
    sc: StepContext,
    d: DeploymentDto,
    resource: ResourceDto,
    required: string[],
    stepLog: StepLog,
  ): Promise<StepResult> {
    const { signal } = sc
    const write = (states: DeploymentState[]) => writeStates(states, stepLog)
    const data = () => sc.step.data as StepData
    const rid = resource.id
    const dep = d.id
    const per = (topic: number, id: number, detail?: string) => deploymentState(rid, dep, topic, id, detail)
    for (;;) {
      const scan = await io().rescan(resource, signal, (kind, text) => stepLog(kind, text))
      const { rebootPending } = scan
      if (d.settings.restart === 'services') {
        const services = await restartServicesInstead(sc, d, resource, scan, stepLog)
        if (services === 'wait')
          return {
            state: 'wait',
            until: timing(d, data(), await windowsOfClient(ctx.db, rid), sc.now()).until,
            message: 'Restarting services waits for a maintenance window',
          }
        if (services === 'restarted') continue
      }
      const app = await applicability(ctx.db, rid, required)
      const decisions = new Map<string, { status: number; lem: number | null; action: ComplianceDecision }>()
      for (const u of required) {
        const applic = app.get(u) ?? UpdateApplicability.Unknown
        // Seed 002: an update installed but waiting for a restart still counts as Required.
        const status =
          applic === UpdateApplicability.Installed && rebootPending ? UpdateApplicability.Required : applic
        let lem = await lastState(ctx.db, rid, TopicType.UpdateEnforcementState, u, dep)
        if (status === UpdateApplicability.Installed && lem === E.PendingSystemRestart) {
          await write(enforcement(rid, dep, [u], E.Installed, 'Installed; the restart completed'))
          lem = E.Installed
        }
        decisions.set(u, { status, lem, action: decide(status, lem) })
      }
      const actions = [...decisions.values()].map((x) => x.action)
      const failures: string[] = []
      for (const [u, x] of decisions) {
        if (x.action === 'unlisted')
          failures.push(
            `${u}: the branch table lists no action for Status ${x.status} / LEM ${x.lem ?? 'none'}`,
          )
        if (x.action === 'open-ticket')
          failures.push(`${u}: ${await ticket(sc, d, resource, u, x.status, x.lem)}`)
      }
      if (actions.includes('restart-then-recheck') && failures.length === 0) {
        const allowed =
          d.settings.reboot === 'allow' &&
          !(isServer(resource) ? d.settings.suppressRestartServers : d.settings.suppressRestartWorkstations)
        if (allowed && (data().reboots ?? 0) < MAX_REBOOTS) {
          const t = timing(d, data(), await windowsOfClient(ctx.db, rid), sc.now())
          if (t.action === 'wait')
            return { state: 'wait', until: t.until, message: `Restart waits: ${t.reason}` }
          await sc.checkpoint('rebooting', { reboots: (data().reboots ?? 0) + 1 }, 'Restarting')
          await io().reboot(resource, d.settings.rebootTimeoutMinutes * 60_000, signal, (kind, text) =>
            stepLog(kind, text),
          )
          await sc.checkpoint('check', {}, 'Restarted; re-checking compliance')
          continue
        }
        if (!allowed) {
          await write([
            per(TopicType.UpdateInstallState, UpdateInstallState.PendingSystemRestart),
            per(TopicType.UpdateListCompliance, UpdateListCompliance.NonCompliant, 'Restart suppressed'),
          ])
          return { state: 'succeeded', message: 'Installed; restart suppressed: pending system restart' }
        }
        failures.push(`still waiting for a restart after ${MAX_REBOOTS} restarts`)
      }
      if (failures.length === 0 && actions.includes('wait-and-recheck')) {
        await sc.checkpoint('check', {}, 'In progress: re-checking in 60 s')
        return {
          state: 'wait',
          until: new Date(sc.now().getTime() + RECHECK_DELAY_SECONDS * 1000),
          message: 'In progress… re-checking compliance in 60 seconds',
        }
      }
      if (failures.length) {
        await write([
          per(TopicType.UpdateInstallState, UpdateInstallState.FailedToInstall),
          per(TopicType.UpdateListCompliance, UpdateListCompliance.NonCompliant),
        ])
        return { state: 'failed', message: failures.join('; ') }
      }
      await write([
        per(TopicType.UpdateInstallState, UpdateInstallState.Installed),
        per(TopicType.UpdateListCompliance, UpdateListCompliance.Compliant),
      ])
      return { state: 'succeeded', message: `Compliant: ${required.length} update(s) installed` }
    }
  }

  /**
   * restart: services — restarts only the services a Linux install left on outdated libraries (once per step, inside
   * the maintenance windows) when no restart of the machine is pending, and says so in the run log; when the machine
   * must restart anyway (a kernel, reboot-required) it says why once and lets the restart setting decide.
   */
  async function restartServicesInstead(
    sc: StepContext,
    d: DeploymentDto,
    resource: ResourceDto,
    scan: RescanOutcome,
    stepLog: StepLog,
  ): Promise<'restarted' | 'wait' | 'none'> {
    const data = sc.step.data as StepData
    const services = scan.servicesToRestart ?? []
    if (scan.rebootPending) {
      if (!data.machineRestartNoted) {
        await sc.checkpoint(sc.step.phase, { machineRestartNoted: true })
        await stepLog(
          'info',
          `restart: services — the machine itself must restart (${scan.rebootReasons.join(', ') || 'a restart is pending'}); restarting services is not enough`,
        )
      }
      return 'none'
    }
    if (services.length === 0 || (data.serviceRestarts ?? 0) >= 1) return 'none'
    const t = timing(d, data, await windowsOfClient(ctx.db, resource.id), sc.now())
    if (t.action === 'wait') return 'wait'
    await sc.checkpoint(
      'restarting-services',
      { serviceRestarts: (data.serviceRestarts ?? 0) + 1 },
      `Restarting ${services.length} service(s)`,
    )
    await stepLog(
      'info',
      `restart: services — restarting only the services running outdated libraries instead of the machine: ${services.join(', ')}`,
    )
    const r = await io().restartServices(resource, services, sc.signal, (kind, text) => stepLog(kind, text))
    await stepLog('info', r.ok ? `Services restarted (${services.join(', ')}); rescanning` : r.message)
    await sc.checkpoint('check', {}, 'Services restarted; re-checking compliance')
    return 'restarted'
  }

  /** Posts the compliance ticket for an update once per step (recorded before posting). */
  async function ticket(
    sc: StepContext,
    d: DeploymentDto,
    resource: ResourceDto,
    updateId: string,
    status: number,
    lem: number | null,
  ): Promise<string> {
    const data = sc.step.data as StepData
    if (data.ticketed?.includes(updateId)) return 'failure; ticket already opened'
    await sc.checkpoint(sc.step.phase, { ticketed: [...(data.ticketed ?? []), updateId] })
    const targets = await deps.webhooks()
    if (targets.length === 0) return 'failure; no webhook is configured to open a ticket'
    const upd = await ctx.db
      .selectFrom('software_update')
      .select('title')
      .where('id', '=', updateId)
      .executeTakeFirst()
    const results = await postWebhookEvent(
      targets,
      complianceTicketEvent({
        siteCode: ctx.siteCode,
        resource: { id: resource.id, name: resource.name },
        update: { id: updateId, title: upd?.title ?? updateId },
        deploymentId: d.id,
        status,
        lastEnforcementStateId: lem,
        at: sc.now(),
      }),
      { signal: sc.signal },
    )
    const ok = results.filter((r) => r.ok).length
    const failedPosts = results.filter((r) => !r.ok)
    const why = (r: (typeof results)[number]) =>
      r.error || (r.status !== null ? `HTTP ${r.status}` : 'failed')
    await ctx.audit(
      ctx.db,
      ok ? 'warning' : 'error',
      'Deployment Manager',
      d.id,
      `${resource.name}: ticket for ${updateId} posted to ${ok} of ${results.length} webhook(s).`,
    )
    // Each delivery failure is its own error status message naming the URL (secrets redacted) and the error.
    for (const r of failedPosts)
      await ctx.audit(
        ctx.db,
        'error',
        'Deployment Manager',
        d.id,
        `${resource.name}: ticket for ${updateId} could not be delivered to ${r.url} after ${r.attempts} attempt(s): ${why(r)}.`,
      )
    if (failedPosts.length) ctx.events.emit('site:changed', { entity: 'status', ids: [d.id] })
    return `failure; ticket posted to ${ok} of ${results.length} webhook(s)${
      failedPosts.length
        ? ` (not delivered: ${failedPosts.map((r) => `${r.url}: ${why(r)}`).join(', ')})`
        : ''
    }`
  }

  return { run }
}
