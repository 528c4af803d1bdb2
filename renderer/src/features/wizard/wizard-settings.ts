/**
 * The wizard's settings part: the plain text fields `set` takes, and the installation agent / user
 * notification settings — patched by hand or filled from a deployment template, which the Summary names.
 */
import type { WizardSettingsDto } from '../../../../shared/dto/wizard'
import { settingsFromTemplate } from './wizard-steps'
import type { WizardStore } from './wizard-store'

/** The wizard's plain text fields (each set as typed, clearing the error). */
export type WizardTextField =
  | 'name'
  | 'programName'
  | 'publisher'
  | 'releaseNotes'
  | 'sourcePath'
  | 'snapshot'
  | 'bundleOut'
  | 'signingKey'
  | 'existingId'
  | 'inventoryProgram'
  | 'updateType'

/** Merges a settings patch; choosing unattended (or not) also sets what happens after the countdown. */
export function patchSettings(w: WizardStore, patch: Partial<WizardSettingsDto>): void {
  w.settings = { ...w.settings, ...patch }
  if (patch.unattended !== undefined) w.settings.afterCountdown = patch.unattended ? 'restart' : 'install'
}

/** Fills the settings from a deployment template and remembers what it set (null or unknown: forget the template). */
export function fillFromTemplate(w: WizardStore, id: number | null): void {
  const t = id === null ? undefined : w.templates.find((x) => x.id === id)
  if (!t) {
    w.template = null
    return
  }
  const filled = settingsFromTemplate(t.settings)
  w.settings = { ...w.settings, ...filled }
  w.template = { id: t.id, name: t.name, filled }
}

/** The Summary's "Deployment template" line: its name, noting settings changed after applying it ('None' without one). */
export function templateSummaryOf(w: WizardStore): string {
  const t = w.template
  if (!t) return 'None'
  const changed = (Object.keys(t.filled) as Array<keyof WizardSettingsDto>).some(
    (k) => w.settings[k] !== t.filled[k],
  )
  return changed ? `${t.name} (settings changed afterwards)` : t.name
}
