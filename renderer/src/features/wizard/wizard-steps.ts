import type { TemplateSettings } from '../../../../shared/dto/deployment-template'
import type { WizardSettingsDto } from '../../../../shared/dto/wizard'
import type { WizardStore } from './wizard-store'

/** The pages of the wizard, in order (some are skipped depending on the mode and choices). */
export const wizardPages = {
  welcome: {
    title: 'Welcome',
    explain: 'This wizard builds a package that applies software updates clients reported.',
  },
  type: {
    title: 'Update Type',
    explain: 'Choose the kind of updates to distribute, as clients reported them.',
  },
  package: {
    title: 'Package',
    explain: 'Create a new package, or add and remove updates of an existing one.',
  },
  info: { title: 'Package Information', explain: 'Who the package comes from.' },
  inventory: {
    title: 'Inventory Scan',
    explain: 'The scan each client runs just before the program, so its compliance is recorded as it was.',
  },
  updates: {
    title: 'Select Updates',
    explain: 'Tick the updates to include. Only updates clients reported applicable are listed.',
  },
  source: {
    title: 'Package Source',
    explain: 'Where the update files are kept, how urgently they are sent, and whether to fetch them now.',
  },
  download: {
    title: 'Download Progress',
    explain: 'Fetching the update files from the vendor into the package source folder.',
  },
  status: {
    title: 'Software Updates Status',
    explain: 'Each update must be ready: its files present and its command line checked.',
  },
  dps: { title: 'Distribution Points', explain: 'Choose the distribution points that receive the package.' },
  agent: {
    title: 'Installation Agent',
    explain: 'The scan after the program, which computers postpone restarts, and the countdown.',
  },
  notify: {
    title: 'User Notification',
    explain: 'Whether logged-in users are told before a client restarts.',
  },
  bundle: {
    title: 'Offline Bundle',
    explain: 'Where to write the signed bundle, and the key that signs it.',
  },
  summary: { title: 'Summary', explain: 'Check what the wizard is about to do, then choose Finish.' },
  progress: { title: 'Progress', explain: 'The wizard is creating the package.' },
  done: { title: 'Completion', explain: 'The wizard has finished.' },
} as const

/** A wizard page. */
export type WizardPage = keyof typeof wizardPages

/**
 * The wizard settings a deployment template fills: reboot suppression → which computers postpone
 * restarts; user notification → notifying users (hiding all also restarts without a countdown).
 */
export function settingsFromTemplate(t: TemplateSettings): Partial<WizardSettingsDto> {
  const patch: Partial<WizardSettingsDto> = {
    postponeRestarts:
      t.suppressRestartServers && t.suppressRestartWorkstations
        ? 'both'
        : t.suppressRestartServers
          ? 'servers'
          : t.suppressRestartWorkstations
            ? 'workstations'
            : 'never',
    notifyUsers: t.userNotification === 'display-all',
  }
  if (t.userNotification === 'hide-all') patch.countdownMinutes = 0
  return patch
}

/** How the wizard was opened. */
export interface WizardOpenRequest {
  /** An existing package to change (its updates are pre-selected). */
  packageId?: string
  /** Where it was launched from, shown on the Welcome page. */
  from?: string
}

/** The pages of a mode, in order (site mode shows Download Progress only when downloading now). */
export function pagesFor(mode: 'site' | 'offline', downloadAutomatically: boolean): WizardPage[] {
  if (mode === 'offline') return ['welcome', 'type', 'updates', 'bundle', 'summary', 'progress', 'done']
  const pages: WizardPage[] = ['welcome', 'type', 'package', 'info', 'inventory', 'updates', 'source']
  if (downloadAutomatically) pages.push('download')
  pages.push('status', 'dps', 'agent', 'notify', 'summary', 'progress', 'done')
  return pages
}

/** Why Next is not possible on the wizard's page, or null. */
export function pageBlocker(w: WizardStore): string | null {
  switch (w.page) {
    case 'welcome':
      return w.mode === 'offline' && !w.snapshot.trim() ? 'Give the catalog snapshot file' : null
    case 'type':
      return w.updateType ? null : 'Choose an update type'
    case 'package':
      if (w.packageMode === 'existing') return w.existing ? null : 'Choose the package to change'
      return w.name.trim() ? null : 'Give the package a name'
    case 'info':
      return w.programName.trim() ? null : 'Give the program a name'
    case 'updates':
      return w.selected.size ? null : 'Tick at least one update'
    case 'source':
      return /^(\/|[A-Za-z]:[\\/])/.test(w.sourcePath.trim())
        ? null
        : 'Give the package source folder as an absolute path'
    case 'download': {
      const t = w.downloadTask
      return t && !t.finished ? 'Wait for the download to finish (or cancel it)' : null
    }
    case 'status':
      return w.allReady ? null : 'Every update must be ready — see the Ready column'
    case 'bundle':
      return w.bundleOut.trim() && w.signingKey.trim() ? null : 'Give the bundle file and the signing key'
    case 'progress':
      return w.result || w.bundleDone ? null : 'Working…'
    default:
      return null
  }
}
