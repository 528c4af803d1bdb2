/** Tables of the site database for: Distribute Software Updates wizard: per-package installation agent and notification settings. */
export interface WizardTables {
  /** Installation agent and user notification settings of a package the wizard (or a bundle import) made. */
  wizard_package: WizardPackageTable
  /** The program, command line and arguments that apply one update of a wizard package. */
  wizard_update_program: WizardUpdateProgramTable
}

/** Per-package wizard settings (one row per deployment package). */
export interface WizardPackageTable {
  package_id: string
  /** 'wizard' or 'bundle' (imported from an offline bundle). */
  origin: string
  /** 'windows' or 'linux'. */
  platform: string
  /** The update type chosen on the wizard's second page ("debian · Security Updates"). */
  update_type: string
  /** The package's program that applies the updates. */
  program_name: string
  /** The update list holding the package's updates (SMS ID), if any. */
  update_list_id: string | null
  /** Release notes file shown to users (path), or ''. */
  release_notes: string
  /** The inventory scan program run before installing. */
  inventory_program: string
  inventory_after_install: number
  /** 'never' | 'servers' | 'workstations' | 'both'. */
  postpone_restarts: string
  unattended: number
  countdown_minutes: number
  /** 'restart' | 'prompt-restart' (unattended) or 'install' | 'prompt-install' (attended). */
  after_countdown: string
  notify_users: number
  allow_postpone: number
  postpone_max_hours: number
  created_at: string
  updated_at: string
}

/** Per-update program of a wizard package. */
export interface WizardUpdateProgramTable {
  package_id: string
  update_id: string
  /** The installer file (relative to the package source folder) or the tool run. */
  program: string
  command_line: string
  arguments: string
  /** 1 once an admin (or the wizard's known rule) verified the command line. */
  verified: number
}
