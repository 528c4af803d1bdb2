// One advertised program on one client: its package's files copied from a distribution point into a folder
// on the client and verified, the command run there with its run mode and maximum run time, the folder
// removed (unless the program keeps it), then its "after running" action — restart (with the wizard
// package's countdown, notice and server/workstation postponement) or log users off. A software updates
// (wizard) package also scans before the program with its inventory program, runs it unattended, and
// scans again after it when its settings say so.
import type { ProgramDto } from '../../../shared/dto/package'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { WizardSettingsDto } from '../../../shared/dto/wizard'
import { PatchbayError } from '../../../shared/errors'
import { copyPackages, packageSources, type CopiedPackages } from '../deployments/content'
import type { DeploymentsService } from '../deployments/service'
import { isServer } from '../deployments/host-step'
import { windowsOfClient } from '../maintenance-windows/client-windows'
import type { SiteContext } from '../runtime/site-context'
import { wizardSettingsOf } from '../wizard/rows'
import {
  KILL_AFTER_SECONDS,
  logoffCommand,
  programCommand,
  ranOutOfTime,
  restartCommand,
  restartPendingCommand,
  type ProgramRunContext,
} from './program-command'
import { programStartTime } from './program-window'

/** Where an advertised package's files are put on a client, below the login's home. */
export const ADVERTISED_CONTENT_DIR = '.patchbay/advertised'

/** What running a program on one client came to. */
export interface ProgramOutcome {
  ok: boolean
  /** One line for Advertisement Status. */
  detail: string
  /** What happened after the program: restart requested or postponed, users logged off. */
  after: string
}

/** Where a program run tells what it does (status messages of the advertisement). */
export type ProgramLog = (severity: 'info' | 'error', text: string) => Promise<unknown>

const tail = (s: string) => s.trim().split('\n').slice(-3).join(' | ').slice(0, 400)

/** The client's platform as a program sees it (an unknown platform runs as Linux: a POSIX shell). */
function platformOf(r: ResourceDto): ProgramRunContext['platform'] {
  return r.platform === 'unknown' ? 'debian' : r.platform
}

/** Why the program cannot run on this client's platform, or null. */
export function platformMismatch(
  program: Pick<ProgramDto, 'platform' | 'name'>,
  r: ResourceDto,
): string | null {
  if (program.platform === 'any') return null
  const windows = r.platform === 'windows'
  if ((program.platform === 'windows') === windows) return null
  return `Program "${program.name}" runs on ${program.platform === 'windows' ? 'Windows' : 'Linux'}; ${r.name} is ${windows ? 'Windows' : 'Linux'}`
}

/** When the program may start on the client under its maintenance windows (now, later, or null: never). */
export async function programStart(
  ctx: SiteContext,
  resource: ResourceDto,
  program: Pick<ProgramDto, 'maxRunMinutes'>,
  now: Date,
): Promise<Date | null> {
  return programStartTime(await windowsOfClient(ctx.db, resource.id), now, program.maxRunMinutes)
}

/** The restart after a program: the wizard package's countdown, notice and postponed classes, or a plain package's restart now. */
export function restartPlan(
  settings: WizardSettingsDto | null,
  resource: ResourceDto,
  programName: string,
): { postponed: string | null; countdownMinutes: number; notify: boolean; message: string } {
  const server = isServer(resource)
  const p = settings?.postponeRestarts ?? 'never'
  const postponed =
    p === 'both' || (p === 'servers' && server) || (p === 'workstations' && !server)
      ? `restart postponed: ${server ? 'servers' : 'workstations'} may postpone restarts (package setting); a restart is pending`
      : null
  return {
    postponed,
    countdownMinutes: settings?.countdownMinutes ?? 0,
    notify: settings?.notifyUsers ?? true,
    message: `Patchbay: "${programName}" installed software updates; this computer restarts`,
  }
}

/** Runs the program on the client as the advertisement says; a missing point or copy error fails it, naming why. */
export async function runProgram(
  ctx: SiteContext,
  deployments: DeploymentsService,
  packageId: string,
  program: ProgramDto,
  resource: ResourceDto,
  signal: AbortSignal,
  log: ProgramLog,
): Promise<ProgramOutcome> {
  const io = deployments.io
  const platform = platformOf(resource)
  let copied: CopiedPackages | null = null
  const [source] = await packageSources(ctx.db, [packageId])
  if (source) {
    if (!source.dp)
      throw new PatchbayError(
        'invalid-input',
        `No distribution point has package ${source.packageName} (Package Status shows no point Installed); distribute it first`,
        'packageId',
      )
    copied = await copyPackages(
      ctx,
      { target: (r) => io.target(r) },
      resource,
      [source],
      signal,
      async () => {},
      ADVERTISED_CONTENT_DIR,
    )
    await log(
      'info',
      `${source.files.length} file(s) of package ${source.packageName} copied from distribution point ${source.dp.name} to ${copied.packages[0]!.folder} on ${resource.name} and verified by SHA-256.`,
    )
  }
  const settings = await wizardSettingsOf(ctx.db, packageId)
  // A software updates package scans first with its inventory program (refreshing the lists when it says so).
  if (settings)
    await scanAround(
      ctx,
      io,
      resource,
      signal,
      log,
      'before',
      settings.inventoryProgram === 'apt-scan-refresh',
    )
  const runCtx: ProgramRunContext = {
    platform,
    user: resource.user,
    folder: copied?.packages[0]?.folder ?? null,
  }
  // Updates install unattended: no package may stop to ask a question no one can answer over SSH.
  const unattended = settings && platform !== 'windows'
  const command = programCommand(
    unattended
      ? { ...program, commandLine: `DEBIAN_FRONTEND=noninteractive ${program.commandLine}` }
      : program,
    runCtx,
  )
  // The client stops the program itself at its maximum run time; the SSH timeout is the backstop.
  const limit = (program.maxRunMinutes * 60 + KILL_AFTER_SECONDS + 120) * 1000
  let exitCode: number | null
  let out: string
  try {
    const r = await io.run(resource, command, signal, limit)
    exitCode = r.exitCode
    out = tail(r.stdout || r.stderr)
  } catch (err) {
    if (signal.aborted) throw err
    exitCode = null
    out = err instanceof Error ? err.message : String(err)
  } finally {
    if (copied) {
      await copied.cleanup({ keep: program.keepContent })
      if (program.keepContent)
        await log('info', `Package files kept in ${runCtx.folder} on ${resource.name}.`)
    }
  }
  const ok = exitCode === 0
  const detail = ranOutOfTime(exitCode, platform)
    ? `stopped after its maximum run time of ${program.maxRunMinutes} min (exit ${exitCode})`
    : exitCode === null
      ? out
      : `exit ${exitCode}${out ? `: ${out}` : ''}`
  if (!ok) return { ok, detail, after: '' }
  if (settings?.inventoryAfterInstall) await scanAround(ctx, io, resource, signal, log, 'after', false)
  return { ok, detail, after: await afterRunning(io, settings, program, resource, runCtx, signal) }
}

/** The scan before or after a software updates program; its failure is told and never fails the program. */
async function scanAround(
  ctx: SiteContext,
  io: DeploymentsService['io'],
  resource: ResourceDto,
  signal: AbortSignal,
  log: ProgramLog,
  when: 'before' | 'after',
  refresh: boolean,
): Promise<void> {
  try {
    await io.rescan(resource, signal, undefined, refresh ? { afterSeconds: 0 } : undefined)
    await log(
      'info',
      `${resource.name} scanned ${when} the program${refresh ? ' (package lists refreshed first)' : ''}.`,
    )
  } catch (err) {
    if (signal.aborted) throw err
    await log(
      'error',
      `The scan ${when} the program failed on ${resource.name}: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}

/** The program's "after running" action on a client whose program succeeded; answers what was done. */
async function afterRunning(
  io: DeploymentsService['io'],
  settings: WizardSettingsDto | null,
  program: ProgramDto,
  resource: ResourceDto,
  runCtx: ProgramRunContext,
  signal: AbortSignal,
): Promise<string> {
  const run = async (command: string, what: string) => {
    const r = await io.run(resource, command, signal, 120_000)
    if (r.exitCode !== 0) return `${what} failed (exit ${r.exitCode}: ${tail(r.stderr || r.stdout)})`
    return what
  }
  if (program.afterRunning === 'patchbay-restarts') {
    const plan = restartPlan(settings, resource, program.name)
    if (plan.postponed) return plan.postponed
    // A software updates package restarts only a client its updates left waiting for one.
    if (
      settings &&
      (await io.run(resource, restartPendingCommand(runCtx.platform), signal, 120_000)).exitCode !== 0
    )
      return 'no restart needed'
    return run(
      restartCommand(plan, runCtx),
      plan.countdownMinutes
        ? `restart in ${plan.countdownMinutes} min${plan.notify ? ', users notified' : ''}`
        : 'restarting now',
    )
  }
  if (program.afterRunning === 'logoff') return run(logoffCommand(runCtx), 'users logged off')
  return ''
}
