import { z } from 'zod'
import { nameField, smsId } from './common'
import { sendingPriorities } from './package'
import { taskDto } from './task'

/** Platforms the wizard builds update packages for. */
export const wizardPlatforms = ['windows', 'linux'] as const

/** A wizard platform. */
export type WizardPlatform = (typeof wizardPlatforms)[number]

/** Which computers may postpone a restart after installing (SMS "Postpone restarts"). */
export const postponeRestartOptions = ['never', 'servers', 'workstations', 'both'] as const

/** Labels of the postpone-restart options as SMS words them. */
export const postponeRestartLabels: Record<(typeof postponeRestartOptions)[number], string> = {
  never: 'Never',
  servers: 'Servers',
  workstations: 'Workstations',
  both: 'Workstations and Servers',
}

/** What happens when the countdown ends (unattended: restart; attended: install). */
export const afterCountdownActions = ['restart', 'prompt-restart', 'install', 'prompt-install'] as const

/** Labels of the after-countdown actions. */
export const afterCountdownLabels: Record<(typeof afterCountdownActions)[number], string> = {
  restart: 'Restart the computer (warn the user first)',
  'prompt-restart': 'Prompt the user to restart',
  install: 'Install the updates (warn the user first)',
  'prompt-install': 'Prompt the user to install',
}

/** The inventory scan programs the wizard can run before installing, per platform. */
export const inventoryPrograms: Record<WizardPlatform, Array<{ id: string; label: string }>> = {
  linux: [
    { id: 'apt-scan', label: 'Package scan (lists refreshed when older than the site setting) — default' },
    {
      id: 'apt-scan-refresh',
      label:
        'Package scan after refreshing the package lists (apt-get update, dnf makecache, zypper refresh)',
    },
  ],
  windows: [{ id: 'wua-scan', label: 'Windows Update Agent scan — default' }],
}

/** Installation agent and user notification settings of a wizard package. */
export const wizardSettings = z.object({
  releaseNotes: z.string().trim().max(1024, 'Release notes file must be at most 1024 characters').default(''),
  inventoryProgram: z.string().min(1).default('apt-scan'),
  inventoryAfterInstall: z.boolean().default(true),
  postponeRestarts: z.enum(postponeRestartOptions).default('never'),
  unattended: z.boolean().default(true),
  countdownMinutes: z
    .number({ error: 'Countdown must be a number' })
    .int()
    .min(0, 'Countdown must be 0–1440 minutes')
    .max(1440, 'Countdown must be 0–1440 minutes')
    .default(5),
  afterCountdown: z.enum(afterCountdownActions).default('restart'),
  notifyUsers: z.boolean().default(true),
  allowPostpone: z.boolean().default(true),
  postponeMaxHours: z
    .number({ error: 'Postpone limit must be a number' })
    .int()
    .min(0, 'Postpone limit must be 0–720 hours')
    .max(720, 'Postpone limit must be 0–720 hours')
    .default(72),
})

/** Wizard settings crossing the process boundary. */
export type WizardSettingsDto = z.output<typeof wizardSettings>

/** An update type (Update Repository group): vendor/platform × classification, with counts. */
export const updateTypeDto = z.object({
  /** `vendor|classification`, e.g. `debian|Security Updates`. */
  key: z.string(),
  vendor: z.string(),
  platform: z.enum(wizardPlatforms),
  classification: z.string(),
  label: z.string(),
  /** Updates of this type in the repository (or snapshot). */
  updates: z.number().int(),
  /** Of those, updates at least one client reported Required or Installed. */
  applicable: z.number().int(),
})

/** An update type crossing the process boundary. */
export type UpdateTypeDto = z.infer<typeof updateTypeDto>

/** Where the wizard reads updates from: the site (default) or an exported catalog snapshot file. */
export const wizardSource = z.object({ snapshot: z.string().trim().min(1).optional() })

/** Ask for the updates of one type that can go in a package. */
export const candidatesInput = wizardSource.extend({
  updateType: z.string().min(1, 'Choose an update type'),
  /** With an existing package: its current updates are listed even when no client needs them any more. */
  packageId: smsId.optional(),
})

/** An update the wizard can put in a package. */
export const candidateDto = z.object({
  id: z.string(),
  title: z.string(),
  vendor: z.string(),
  classification: z.string(),
  severity: z.string(),
  kb: z.string(),
  package: z.string(),
  version: z.string(),
  releaseDate: z.string().nullable(),
  required: z.number().int(),
  installed: z.number().int(),
  /** Downloadable files the catalog lists, and their total size. */
  files: z.number().int(),
  size: z.number(),
  /** The vendor's bulletin or changelog. */
  infoUrl: z.string(),
})

/** A candidate update crossing the process boundary. */
export type CandidateDto = z.infer<typeof candidateDto>

/** The program, command line and arguments that apply one update. */
export const updateProgram = z.object({
  updateId: z.string().min(1),
  /** The installer file in the package source folder (or the tool run). */
  program: z.string().trim().max(256, 'Program must be at most 256 characters'),
  commandLine: z.string().trim().max(1024, 'Command line must be at most 1024 characters'),
  arguments: z.string().trim().max(512, 'Arguments must be at most 512 characters').default(''),
  verified: z.boolean().default(false),
})

/** An update's program crossing the process boundary. */
export type UpdateProgramDto = z.output<typeof updateProgram>

const folderField = z
  .string({ error: 'Package source folder is required' })
  .trim()
  .min(1, 'Package source folder is required')
  .max(1024, 'Package source folder must be at most 1024 characters')
  .refine((v) => v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v), {
    message: 'Package source folder must be an absolute path (/srv/pkg or C:\\pkg)',
  })

/** Start (or continue) the wizard's download of update files into the package source folder. */
export const wizardDownloadInput = z.object({
  folder: folderField,
  updateIds: z.array(z.string().min(1)).min(1, 'Select at least one update'),
  /** The wizard session a previous download opened (keeps track of what to remove on Cancel). */
  sessionId: z.string().optional(),
})

/** The download the wizard started: its session, whether it made the folder, and the task (null when nothing was missing). */
export const wizardDownloadDto = z.object({
  sessionId: z.string(),
  createdFolder: z.boolean(),
  task: taskDto.nullable(),
})

/** Check which selected updates are ready to be packaged. */
export const wizardStatusInput = z.object({
  folder: folderField,
  updateIds: z.array(z.string().min(1)),
  /** Programs the admin set in Properties (others get the default). */
  programs: z.array(updateProgram).default([]),
})

/** A file of an update and whether the folder holds it with the catalog's hash. */
export const statusFileDto = z.object({
  name: z.string(),
  file: z.string(),
  size: z.number(),
  state: z.enum(['present', 'missing', 'mismatch']),
})

/** One row of the Software Updates Status page. */
export const updateStatusDto = z.object({
  updateId: z.string(),
  title: z.string(),
  kb: z.string(),
  package: z.string(),
  ready: z.boolean(),
  /** Why it is not ready ("file not downloaded", "hash mismatch", …); '' when ready. */
  reason: z.string(),
  files: z.array(statusFileDto),
  program: updateProgram,
  /** Files in the folder that could be the installer (Import picks one). */
  importable: z.array(z.string()),
  infoUrl: z.string(),
})

/** A status row crossing the process boundary. */
export type UpdateStatusDto = z.infer<typeof updateStatusDto>

/** Cancel the wizard: stop its download and remove what it fetched (and the folder it made). */
export const wizardDiscardInput = z.object({ sessionId: z.string().min(1) })

/** What Cancel removed. */
export const wizardDiscardDto = z.object({ removedFiles: z.number().int(), removedFolder: z.boolean() })

/** Finish: create or change the package, its programs, update list, files and settings in one go. */
export const wizardFinishInput = z.object({
  sessionId: z.string().optional(),
  /** An existing package to change; absent creates a new one. */
  packageId: smsId.optional(),
  name: nameField('Package name'),
  programName: nameField('Program name'),
  publisher: z.string().trim().max(128, 'Publisher must be at most 128 characters').default(''),
  updateType: z.string().min(1, 'Choose an update type'),
  sourcePath: folderField,
  sendingPriority: z.enum(sendingPriorities).default('medium'),
  updateIds: z.array(z.string().min(1)).min(1, 'Select at least one update'),
  programs: z.array(updateProgram).default([]),
  settings: wizardSettings.default(wizardSettings.parse({})),
  distributionPointIds: z.array(z.number().int().positive()).default([]),
})

/** Wizard finish input as callers write it. */
export type WizardFinishInput = z.input<typeof wizardFinishInput>

/** What Finish made. */
export const wizardFinishDto = z.object({
  packageId: smsId,
  created: z.boolean(),
  updateListId: z.string().nullable(),
  programNames: z.array(z.string()),
  files: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  /** The distribution to the chosen points (null when none were chosen). */
  distribution: taskDto.nullable(),
})

/** Finish's answer crossing the process boundary. */
export type WizardFinishDto = z.infer<typeof wizardFinishDto>

/** A wizard (deployment) package as the wizard reopens it and the Deployment Packages node lists it. */
export const deploymentPackageDto = z.object({
  packageId: smsId,
  name: z.string(),
  origin: z.enum(['wizard', 'bundle']),
  platform: z.enum(wizardPlatforms),
  updateType: z.string(),
  sourcePath: z.string(),
  sendingPriority: z.enum(sendingPriorities),
  publisher: z.string(),
  programName: z.string(),
  updateListId: z.string().nullable(),
  updateIds: z.array(z.string()),
  programs: z.array(updateProgram),
  settings: wizardSettings,
  files: z.number().int(),
  size: z.number(),
  updatedAt: z.string(),
})

/** A deployment package crossing the process boundary. */
export type DeploymentPackageDto = z.infer<typeof deploymentPackageDto>

/** One file of a deployment package (Deployment Packages node, detail list). */
export const deploymentFileDto = z.object({
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  updateId: z.string().nullable(),
})
