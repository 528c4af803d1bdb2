import { z } from 'zod'
import { isoTime, nameField, smsId } from './common'

/** How a deployment installs and restarts (with the engine's rolling-batch and limit settings). */
export const deploymentSettings = z.object({
  /** After an install that needs it: restart the client (allow) or leave the restart pending (suppress). */
  reboot: z.enum(['allow', 'suppress']).default('allow'),
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

/** Run (or resume) a deployment; start: false only records the job for a running console to pick up. */
export const deploymentRunInput = z.object({ id: smsId, start: z.boolean().default(true) })

/** What running a deployment started. */
export const deploymentRunDto = z.object({ deploymentId: smsId, jobId: z.number().int(), state: z.string() })

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

/** Add a webhook target. */
export const webhookInput = z.object({ url: z.string().trim().min(1), secret: z.string().default('') })
