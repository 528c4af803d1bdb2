import { z } from 'zod'
import { isoTime, nameField, smsId } from './common'
import { targetsInput } from './job'

/** Longest run duration limit: 366 days, as long as a deployment template keeps deployments available. */
export const MAX_RUN_MINUTES = 366 * 24 * 60

/** How a deployment installs and restarts (with the engine's rolling-batch and limit settings). */
export const deploymentSettings = z.object({
  /** After an install that needs it: restart the client (allow) or leave the restart pending (suppress). */
  reboot: z.enum(['allow', 'suppress']).default('allow'),
  /**
   * What a Linux client restarts when its install left services running outdated libraries but no restart of the
   * machine pending (no kernel, no reboot-required): nothing more (machine, the default: only a pending restart
   * restarts it) or those services (`systemctl restart`, or their init scripts), then it rescans.
   */
  restart: z.enum(['machine', 'services']).default('machine'),
  /** Suppress the restart on servers / workstations only (Windows Server and Linux count as servers). */
  suppressRestartServers: z.boolean().default(false),
  suppressRestartWorkstations: z.boolean().default(false),
  /** Maintenance windows: honoured, or ignored (installs and restarts at any time). */
  maintenanceWindows: z.enum(['honour', 'ignore']).default('honour'),
  /** Once the deadline has passed, install even outside maintenance windows. */
  installOutsideWindowsAfterDeadline: z.boolean().default(false),
  /** Clients may fetch content from the vendor's source (their apt sources, Windows Update) when no DP has it. */
  allowVendorSource: z.boolean().default(true),
  /**
   * Extra apt configuration for Debian installs, each `Key=Value` passed as `apt-get -o Key=Value`
   * (e.g. `Dir::Etc::sourcelist=/etc/apt/sources.list.d/internal.list` to install only from one source).
   */
  aptOptions: z
    .array(
      z.string().regex(/^[A-Za-z][\w:-]*=[^\r\n]*$/, 'An apt option is Key=Value, e.g. Acquire::Retries=3'),
    )
    .max(20)
    .default([]),
  /** How long to wait for a restarting client to answer again. */
  rebootTimeoutMinutes: z.number().int().min(1).max(240).default(15),
  /** Rolling batches and limits (see the engine): N hosts or N % at a time, stop after failures. */
  batchSize: z.number().int().min(1).nullable().default(null),
  batchPercent: z.number().min(1).max(100).nullable().default(null),
  failureThreshold: z.number().int().min(0).nullable().default(null),
  failureThresholdPercent: z.number().min(0).max(100).nullable().default(null),
  maxConcurrent: z.number().int().min(0).default(0),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  /** The run's name ('' = the deployment's name) … */
  runName: z.string().trim().max(200).default(''),
  /** … its duration limit: steps not started when it passes are not started (running ones finish) … */
  durationMinutes: z.number().int().min(1).max(MAX_RUN_MINUTES).nullable().default(null),
  /** … and an explicit computer list, a subset of the collection ([] = every member). */
  resourceIds: z.array(z.number().int().positive()).max(100_000).default([]),
})

/** Deployment settings after defaults. */
export type DeploymentSettings = z.output<typeof deploymentSettings>

/** Create a software update deployment: updates (by ID), an update list or a deployment package → a collection. */
export const deploymentInput = z
  .object({
    name: nameField('Deployment name').optional(),
    collectionId: smsId,
    updateIds: z.array(z.string().min(1)).default([]),
    updateListId: smsId.nullable().default(null),
    packageId: smsId.nullable().default(null),
    /** Settings from a deployment template; fields in `settings` override them. */
    templateId: z.number().int().positive().nullable().default(null),
    /** Default: now. */
    availableAt: isoTime.nullable().default(null),
    /** Null: an optional deployment (installs when run by hand). */
    deadline: isoTime.nullable().default(null),
    settings: deploymentSettings.partial().default({}),
  })
  .refine((d) => d.updateIds.length > 0 || d.updateListId !== null || d.packageId !== null, {
    message: 'Choose updates, an update list or a deployment package',
    path: ['updateIds'],
  })
  .refine((d) => !d.deadline || !d.availableAt || Date.parse(d.deadline) >= Date.parse(d.availableAt), {
    message: 'The deadline must not be before the available time',
    path: ['deadline'],
  })

/** A deployment crossing the process boundary. */
export const deploymentDto = z.object({
  id: smsId,
  name: z.string(),
  collectionId: smsId,
  collectionName: z.string(),
  updateListId: smsId.nullable(),
  packageIds: z.array(smsId),
  templateId: z.number().int().nullable(),
  updateIds: z.array(z.string()),
  availableAt: isoTime,
  deadline: isoTime.nullable(),
  mandatory: z.boolean(),
  settings: deploymentSettings,
  createdAt: isoTime,
  /** The newest run's job and its state, if it ever ran. */
  jobId: z.number().int().nullable(),
  jobState: z.string().nullable(),
})

/** A deployment. */
export type DeploymentDto = z.infer<typeof deploymentDto>

/**
 * Run (or resume) a deployment; start: false only records the job for a running console to pick up. A new
 * run takes its name, duration limit, computers and options from these fields, else from the deployment.
 */
export const deploymentRunInput = z.object({
  id: smsId,
  start: z.boolean().default(true),
  runName: z.string().trim().min(1).max(200).optional(),
  durationMinutes: z.number().int().min(1).max(MAX_RUN_MINUTES).nullable().optional(),
  resourceIds: z.array(z.number().int().positive()).max(100_000).optional(),
  /** Deployment settings this run overrides (reboot, maintenance windows, apt options…). */
  options: deploymentSettings
    .omit({ runName: true, durationMinutes: true, resourceIds: true })
    .partial()
    .optional(),
})

/** What running a deployment started. */
export const deploymentRunDto = z.object({
  deploymentId: smsId,
  jobId: z.number().int(),
  state: z.string(),
  /** The run's name (searchable in the run logs). */
  runName: z.string(),
  /** Why the job ended badly or stopped ('' when it did not), e.g. "Stopped: run time limit reached — …". */
  error: z.string(),
  /** The run hit its duration limit: computers not started by then were not started. */
  timeLimitReached: z.boolean(),
})

/** What running a deployment started or ended with. */
export type DeploymentRunDto = z.infer<typeof deploymentRunDto>

/** One update on one client: its enforcement (402) and applicability (500) states. */
export const clientUpdateStatusDto = z.object({
  updateId: z.string(),
  enforcementStateId: z.number().int().nullable(),
  enforcementStateName: z.string(),
  applicabilityStateId: z.number().int().nullable(),
})

/** One client of a deployment: its step and its newest enforcement state. */
export const deploymentClientDto = z.object({
  resourceId: z.number().int(),
  name: z.string(),
  stepState: z.string(),
  message: z.string(),
  enforcementStateId: z.number().int().nullable(),
  enforcementStateName: z.string(),
  updates: z.array(clientUpdateStatusDto),
})

/** Per-client status of a deployment. */
export const deploymentStatusDto = z.object({
  deployment: deploymentDto,
  job: z
    .object({
      id: z.number().int(),
      state: z.string(),
      error: z.string(),
      /** The run hit its duration limit (console: "stopped: run time limit reached"). */
      timeLimitReached: z.boolean(),
      counts: z.record(z.string(), z.number()),
    })
    .nullable(),
  clients: z.array(deploymentClientDto),
})

/** A deployment's status. */
export type DeploymentStatusDto = z.infer<typeof deploymentStatusDto>

/** A webhook target for compliance tickets (its secret never crosses back). */
export const webhookDto = z.object({
  id: z.number().int(),
  url: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
})

/** A webhook target crossing the process boundary. */
export type WebhookDto = z.infer<typeof webhookDto>

/** Add a webhook target. */
export const webhookInput = z.object({ url: z.string().trim().min(1), secret: z.string().default('') })

/** One run of a deployment: name, duration limit, computers, options and its job's state. */
export const updateRunDto = z.object({
  jobId: z.number().int(),
  deploymentId: smsId,
  name: z.string(),
  durationMinutes: z.number().int().nullable(),
  /** Steps not started by this time are not started. */
  endsAt: isoTime.nullable(),
  resourceIds: z.array(z.number().int()),
  options: z.record(z.string(), z.unknown()),
  startedAt: isoTime,
  state: z.string(),
  /** Why the run's job ended badly or stopped ('' when it did not). */
  error: z.string(),
  /** The run hit its duration limit. */
  timeLimitReached: z.boolean(),
})

/** An update run. */
export type UpdateRunDto = z.infer<typeof updateRunDto>

/** Which runs to list (all when no deployment is given). */
export const updateRunsQuery = z.object({ deploymentId: smsId.optional() })

/** Search the per-computer run logs; `text` matches KB, package, update ID or title, computer and line text. */
export const deployLogsQuery = z.object({
  runName: z.string().trim().min(1).optional(),
  deploymentId: smsId.optional(),
  resourceId: z.number().int().positive().optional(),
  text: z.string().trim().min(1).optional(),
  /** Only lines after this one (for following a run). */
  afterId: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
})

/** One per-computer log line of an update run (also pushed live as the 'deploy:log' event). */
export const deployLogLineDto = z.object({
  id: z.number().int(),
  time: isoTime,
  runName: z.string(),
  jobId: z.number().int(),
  deploymentId: smsId,
  resourceId: z.number().int(),
  computer: z.string(),
  /** The update(s) the line is about; empty strings for a line about the whole computer. */
  update: z.object({ id: z.string(), title: z.string(), kb: z.string(), package: z.string() }),
  /** command | output | state | reboot | info */
  kind: z.string(),
  text: z.string(),
})

/** A run log line. */
export type DeployLogLineDto = z.infer<typeof deployLogLineDto>

/** Retry a deployment's failed hosts: all of them, or only these resources (clients of its current run). */
export const deploymentRetryInput = z.object({
  id: smsId,
  resourceIds: z.array(z.number().int().positive()).max(100_000).optional(),
})

/**
 * Restart clients (same targets as clients:exec) with their platform's command, wait (bounded) for each to
 * answer again and rescan it. Without force, a client that reports no pending restart is skipped.
 */
export const rebootInput = z.object({
  targets: targetsInput,
  force: z.boolean().default(false),
  /** How long to wait for each client to answer again. */
  timeoutMinutes: z.number().int().min(1).max(240).default(15),
})
