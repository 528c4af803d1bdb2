/**
 * What Finish sends: in site mode the whole package (choices, programs of ticked updates, settings with
 * the release notes and inventory scan, distribution points); in offline mode the signed bundle build.
 */
import type { ChannelInput } from '../../../../shared/contract'
import type { WizardStore } from './wizard-store'

/** The `wizard:finish` request: one call that makes (or changes) the package; nothing is written before it. */
export function finishInput(w: WizardStore): ChannelInput<'wizard:finish'> {
  return {
    ...(w.sessionId ? { sessionId: w.sessionId } : {}),
    ...(w.existing ? { packageId: w.existing.packageId } : {}),
    name: w.name.trim(),
    programName: w.programName.trim(),
    publisher: w.publisher.trim(),
    updateType: w.updateType,
    sourcePath: w.sourcePath.trim(),
    sendingPriority: w.sendingPriority,
    updateIds: [...w.selected],
    programs: [...w.programs.values()].filter((p) => w.selected.has(p.updateId)),
    settings: {
      ...w.settings,
      releaseNotes: w.releaseNotes.trim(),
      inventoryProgram: w.inventoryProgram,
    },
    distributionPointIds: [...w.selectedPoints],
  }
}

/** The `bundles:build` request of offline mode: the ticked updates from the snapshot, signed into one file. */
export function bundleBuildInput(w: WizardStore): ChannelInput<'bundles:build'> {
  return {
    updateIds: [...w.selected],
    out: w.bundleOut.trim(),
    signingKey: w.signingKey.trim(),
    catalogSnapshot: w.snapshot.trim(),
    ...(w.name.trim() ? { packageName: w.name.trim() } : {}),
  }
}
