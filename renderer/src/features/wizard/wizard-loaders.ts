/**
 * What the wizard reads from the site (or the catalog snapshot) as its pages open: update types, the
 * package to change, candidate updates, packages to choose from, deployment templates and distribution
 * points. Each applies what it read to the store; the store's busy/error wrapper runs them.
 */
import { runInAction } from 'mobx'
import type { WizardStore } from './wizard-store'

/** Loads the update types, keeping the chosen one if still offered (else the existing package's, or the first applicable). */
export async function fetchUpdateTypes(w: WizardStore): Promise<void> {
  const types = await w.transport.invoke(
    'wizard:update-types',
    w.mode === 'offline' ? { snapshot: w.snapshot.trim() } : {},
  )
  runInAction(() => {
    w.updateTypes = types
    w.updateTypesLoaded = true
    if (!w.updateType || !types.some((t) => t.key === w.updateType)) {
      const first = types.find((t) => t.applicable > 0) ?? types[0]
      w.updateType = w.existing?.updateType ?? first?.key ?? ''
    }
  })
}

/** Loads an existing package as the starting point: its settings, updates and programs replace the wizard's. */
export async function fetchExisting(w: WizardStore, id: string): Promise<void> {
  const dp = await w.transport.invoke('wizard:package', { id })
  runInAction(() => {
    w.existing = dp
    w.existingId = dp.packageId
    w.name = dp.name
    w.programName = dp.programName
    w.programNameTouched = true
    w.publisher = dp.publisher
    w.sourcePath = dp.sourcePath
    w.sendingPriority = dp.sendingPriority
    w.settings = dp.settings
    w.releaseNotes = dp.settings.releaseNotes
    w.inventoryProgram = dp.settings.inventoryProgram
    w.updateType = dp.updateType
    w.selected.replace(dp.updateIds)
    for (const p of dp.programs) w.programs.set(p.updateId, p)
  })
}

/** Loads the updates of the chosen type; ticks of updates no longer listed are dropped. */
export async function fetchCandidates(w: WizardStore): Promise<void> {
  const list = await w.transport.invoke('wizard:candidates', {
    updateType: w.updateType,
    ...(w.mode === 'offline' ? { snapshot: w.snapshot.trim() } : {}),
    ...(w.existing ? { packageId: w.existing.packageId } : {}),
  })
  runInAction(() => {
    w.candidates = list
    const ids = new Set(list.map((c) => c.id))
    for (const id of [...w.selected]) if (!ids.has(id)) w.selected.delete(id)
  })
}

/** Loads the deployment packages the wizard can change (Package page). */
export async function fetchPackageChoices(w: WizardStore): Promise<void> {
  const list = await w.transport.invoke('wizard:packages', {})
  runInAction(() => (w.existingChoices = list))
}

/** Loads the deployment templates (Installation Agent page). */
export async function fetchTemplates(w: WizardStore): Promise<void> {
  const list = await w.transport.invoke('templates:list', {})
  runInAction(() => {
    w.templates = list
    w.templatesLoaded = true
  })
}

/** Loads the distribution points (Distribution Points page). */
export async function fetchPoints(w: WizardStore): Promise<void> {
  const points = await w.transport.invoke('distribution:points', {})
  runInAction(() => {
    w.points = points
    w.pointsLoaded = true
  })
}
