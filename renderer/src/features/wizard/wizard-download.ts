/**
 * The wizard's download and status part: fetching the selected updates' files into the package source
 * folder (one session, resumed on each call) and checking that each update is ready to be packaged.
 */
import { runInAction } from 'mobx'
import type { WizardStore } from './wizard-store'

/** Re-checks the Software Updates Status page: files present and command line checked, per selected update. */
export async function fetchStatus(w: WizardStore): Promise<void> {
  const rows = await w.transport.invoke('wizard:status', {
    folder: w.sourcePath.trim(),
    updateIds: [...w.selected],
    programs: [...w.programs.values()],
  })
  runInAction(() => (w.status = rows))
}

/** Starts (or resumes, in the same session) the download of these updates' files, then re-checks the status. */
export async function startDownload(w: WizardStore, updateIds: string[]): Promise<void> {
  const d = await w.transport.invoke('wizard:download', {
    folder: w.sourcePath.trim(),
    updateIds,
    ...(w.sessionId ? { sessionId: w.sessionId } : {}),
  })
  runInAction(() => {
    w.sessionId = d.sessionId
    w.createdFolder = d.createdFolder
    w.downloadTaskId = d.task?.taskId ?? null
  })
  if (d.task) {
    const tracked = w.root.tasks.track(d.task)
    await tracked.wait()
    await w.refreshStatus()
  }
}
