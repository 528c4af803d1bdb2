import { z } from 'zod'
import { commentField, isoTime, nameField, smsId } from './common'

/** Sending priorities of a package (SMS Distribution Settings). */
export const sendingPriorities = ['low', 'medium', 'high'] as const

/** How a program's window is shown (SMS program "Run"). */
export const runWindows = ['normal', 'minimized', 'maximized', 'hidden'] as const

/** Whose rights a program runs with (SMS program "Run mode"). */
export const runModes = ['user', 'administrative'] as const

/** What happens after a program ends (SMS program "After running"). */
export const afterRunningActions = ['no-action', 'patchbay-restarts', 'program-restarts', 'logoff'] as const

/** Labels for after-running actions as the SMS console words them. */
export const afterRunningLabels: Record<(typeof afterRunningActions)[number], string> = {
  'no-action': 'No action required',
  'patchbay-restarts': 'Patchbay restarts computer',
  'program-restarts': 'Program controls restart',
  logoff: 'Patchbay logs user off',
}

/** Platforms a program may run on. */
export const programPlatforms = ['any', 'windows', 'linux'] as const

/** Fields an admin sets on a program, without defaults. */
export const programFields = z.object({
  name: nameField('Program name'),
  commandLine: z
    .string({ error: 'Command line is required' })
    .trim()
    .min(1, 'Command line is required')
    .max(1024, 'Command line must be at most 1024 characters'),
  comment: commentField,
  runWindow: z.enum(runWindows),
  runMode: z.enum(runModes),
  afterRunning: z.enum(afterRunningActions),
  platform: z.enum(programPlatforms),
  maxRunMinutes: z
    .number({ error: 'Maximum run time must be a number' })
    .int()
    .min(1, 'Maximum run time must be 1–1440 minutes')
    .max(1440, 'Maximum run time must be 1–1440 minutes'),
  /** The package's files stay on the client after the program ran (by default they are removed). */
  keepContent: z.boolean(),
})

/** Input to add a program to a package. */
export const programInput = programFields.extend({
  packageId: smsId,
  comment: commentField,
  runWindow: programFields.shape.runWindow.default('hidden'),
  runMode: programFields.shape.runMode.default('administrative'),
  afterRunning: programFields.shape.afterRunning.default('no-action'),
  platform: programFields.shape.platform.default('any'),
  maxRunMinutes: programFields.shape.maxRunMinutes.default(120),
  keepContent: programFields.shape.keepContent.default(false),
})

/** Input to add a program. */
export type ProgramInput = z.input<typeof programInput>

/** Update of a program, named by package and current program name. */
export const programUpdate = programFields
  .partial()
  .extend({ packageId: smsId, programName: z.string().min(1) })

/** Remove a program from a package. */
export const programDelete = z.object({ packageId: smsId, programName: z.string().min(1) })

/** A program of a package. */
export const programDto = programFields.extend({ packageId: smsId })

/** A program crossing the process boundary. */
export type ProgramDto = z.infer<typeof programDto>

const sourcePathField = z
  .string()
  .trim()
  .max(1024, 'Source folder must be at most 1024 characters')
  .refine((v) => v === '' || v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\'), {
    message: 'Source folder must be an absolute path (/srv/pkg, C:\\pkg or \\\\server\\share)',
  })

/** Fields an admin sets on a package, without defaults. */
export const packageFields = z.object({
  name: nameField('Package name'),
  version: z.string().trim().max(64, 'Version must be at most 64 characters'),
  manufacturer: z.string().trim().max(128, 'Manufacturer must be at most 128 characters'),
  language: z.string().trim().max(64, 'Language must be at most 64 characters'),
  comment: commentField,
  sourcePath: sourcePathField,
  sendingPriority: z.enum(sendingPriorities),
})

/** Input to create a package. */
export const packageInput = packageFields.extend({
  version: packageFields.shape.version.default(''),
  manufacturer: packageFields.shape.manufacturer.default(''),
  language: packageFields.shape.language.default(''),
  comment: commentField,
  sourcePath: sourcePathField.default(''),
  sendingPriority: packageFields.shape.sendingPriority.default('medium'),
})

/** Input to create a package. */
export type PackageInput = z.input<typeof packageInput>

/** Update of a package. */
export const packageUpdate = packageFields.partial().extend({ id: smsId })

/** A package with its programs. */
export const packageDto = packageFields.extend({
  id: smsId,
  programs: z.array(programDto),
  createdAt: isoTime,
  updatedAt: isoTime,
})

/** A package crossing the process boundary. */
export type PackageDto = z.infer<typeof packageDto>
