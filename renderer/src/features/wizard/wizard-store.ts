import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { TemplateDto } from '../../../../shared/dto/deployment-template'
import type { DistributionPointDto } from '../../../../shared/dto/distribution'
import type { sendingPriorities } from '../../../../shared/dto/package'
import {
  inventoryPrograms,
  wizardSettings,
  type CandidateDto,
  type DeploymentPackageDto,
  type UpdateProgramDto,
  type UpdateStatusDto,
  type UpdateTypeDto,
  type WizardFinishDto,
  type WizardSettingsDto,
} from '../../../../shared/dto/wizard'
import { PatchbayError } from '../../../../shared/errors'
import type { ConsoleTransport } from '../../transport/connection'
import type { RootStore } from '../../shell/root-store'
import { pageBlocker, pagesFor, type WizardOpenRequest, type WizardPage } from './wizard-steps'
import { fetchStatus, startDownload } from './wizard-download'
import { bundleBuildInput, finishInput } from './wizard-finish'
import { fillFromTemplate, patchSettings, templateSummaryOf, type WizardTextField } from './wizard-settings'
import {
  fetchCandidates,
  fetchExisting,
  fetchPackageChoices,
  fetchPoints,
  fetchTemplates,
  fetchUpdateTypes,
} from './wizard-loaders'

type SendingPriority = (typeof sendingPriorities)[number]

/** The Distribute Software Updates wizard: every choice stays here until Finish, except the download. */
export class WizardStore {
  mode: 'site' | 'offline' = 'site'
  snapshot = ''
  pageIndex = 0
  busy = false
  error: string | null = null
  updateTypes: UpdateTypeDto[] = []
  updateTypesLoaded = false
  updateType = ''
  packageMode: 'new' | 'existing' = 'new'
  existing: DeploymentPackageDto | null = null
  /** Deployment packages the wizard can change (Package page, existing package). */
  existingChoices: DeploymentPackageDto[] = []
  existingId = ''
  name = ''
  programName = ''
  programNameTouched = false
  publisher = ''
  releaseNotes = ''
  inventoryProgram = ''
  candidates: CandidateDto[] = []
  selected = observable.set<string>()
  focusUpdate: string | null = null
  sourcePath = ''
  sendingPriority: SendingPriority = 'medium'
  downloadAutomatically = true
  sessionId: string | null = null
  createdFolder = false
  downloadTaskId: string | null = null
  status: UpdateStatusDto[] = []
  programs = observable.map<string, UpdateProgramDto>()
  points: DistributionPointDto[] = []
  pointsLoaded = false
  selectedPoints = observable.set<number>()
  settings: WizardSettingsDto = wizardSettings.parse({})
  /** Deployment templates the Installation Agent page offers. */
  templates: TemplateDto[] = []
  templatesLoaded = false
  /** The template whose settings were applied, and what it set (to tell when they were changed after). */
  template: { id: number; name: string; filled: Partial<WizardSettingsDto> } | null = null
  bundleOut = ''
  signingKey = ''
  bundleTaskId: string | null = null
  result: WizardFinishDto | null = null
  finishError: string | null = null
  closed = false

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
    readonly request: WizardOpenRequest = {},
  ) {
    makeAutoObservable(this, { root: false, transport: false, request: false }, { autoBind: true })
    if (request.packageId) {
      this.packageMode = 'existing'
      this.existingId = request.packageId
    }
  }

  /** Pages of the current mode and choices. */
  get pages(): WizardPage[] {
    return pagesFor(this.mode, this.downloadAutomatically)
  }

  /** The page on screen. */
  get page(): WizardPage {
    return this.pages[Math.min(this.pageIndex, this.pages.length - 1)]!
  }

  /** The chosen update type. */
  get type(): UpdateTypeDto | undefined {
    return this.updateTypes.find((t) => t.key === this.updateType)
  }

  /** The platform of the chosen update type. */
  get platform(): 'windows' | 'linux' {
    return this.type?.platform ?? 'linux'
  }

  /** Selected candidate updates, in list order. */
  get selectedUpdates(): CandidateDto[] {
    return this.candidates.filter((c) => this.selected.has(c.id))
  }

  /** Updates the existing package holds that are no longer ticked. */
  get removedUpdates(): string[] {
    return (this.existing?.updateIds ?? []).filter((id) => !this.selected.has(id))
  }

  /** Updates ticked that the existing package does not hold yet. */
  get addedUpdates(): string[] {
    const have = new Set(this.existing?.updateIds ?? [])
    return [...this.selected].filter((id) => !have.has(id))
  }

  /** The download task, if one ran. */
  get downloadTask() {
    return this.downloadTaskId ? this.root.tasks.get(this.downloadTaskId) : undefined
  }

  /** Whether every selected update is ready to be packaged. */
  get allReady(): boolean {
    return this.status.length > 0 && this.status.every((s) => s.ready)
  }

  /** Whether anything was fetched or started that Cancel must undo. */
  get hasWork(): boolean {
    return this.sessionId !== null || this.bundleTaskId !== null
  }

  /** Why Next is not possible on this page, or null. */
  get blocker(): string | null {
    return pageBlocker(this)
  }

  /** Whether the offline bundle build succeeded. */
  get bundleDone(): boolean {
    const t = this.bundleTaskId ? this.root.tasks.get(this.bundleTaskId) : undefined
    return t?.dto.state === 'succeeded'
  }

  /** The label of the Next button on this page. */
  get nextLabel(): string {
    if (this.page === 'summary') return 'Finish'
    if (this.page === 'done') return 'Close'
    return 'Next'
  }

  /** Whether Back is possible. */
  get canBack(): boolean {
    return this.pageIndex > 0 && this.page !== 'progress' && this.page !== 'done' && !this.busy
  }

  // ---- field setters ----

  /** Sets a plain field (name, folder…), keeping the program name following the package name until edited. */
  set<K extends WizardTextField>(key: K, value: string): void {
    if (key === 'name' && !this.programNameTouched) this.programName = value
    if (key === 'programName') this.programNameTouched = true
    ;(this as Record<K, string>)[key] = value
    this.error = null
  }

  /** Chooses site or offline mode. */
  setMode(mode: 'site' | 'offline'): void {
    this.mode = mode
    this.updateTypesLoaded = false
    this.updateType = ''
  }

  /** Chooses new or existing package. */
  setPackageMode(mode: 'new' | 'existing'): void {
    this.packageMode = mode
    if (mode === 'new') this.existing = null
  }

  /** Sets the sending priority. */
  setPriority(p: SendingPriority): void {
    this.sendingPriority = p
  }

  /** Whether to download the files now. */
  setDownloadAutomatically(on: boolean): void {
    this.downloadAutomatically = on
  }

  /** Changes installation agent / notification settings. */
  setSettings(patch: Partial<WizardSettingsDto>): void {
    patchSettings(this, patch)
  }

  /** Fills the agent and notification settings from a deployment template (null: keep them, forget the template). */
  applyTemplate(id: number | null): void {
    fillFromTemplate(this, id)
  }

  /** The Summary's "Deployment template" line: its name, noting settings changed after applying it. */
  get templateSummary(): string {
    return templateSummaryOf(this)
  }

  /** Ticks or unticks an update. */
  toggle(id: string, on?: boolean): void {
    const want = on ?? !this.selected.has(id)
    if (want) this.selected.add(id)
    else this.selected.delete(id)
  }

  /** Selects the row the Information action opens. */
  focusOn(id: string): void {
    this.focusUpdate = id
  }

  /** Ticks every listed update (or none). */
  selectAll(on: boolean): void {
    if (on) this.selected.replace(this.candidates.map((c) => c.id))
    else this.selected.clear()
  }

  /** Ticks or unticks a distribution point. */
  togglePoint(id: number): void {
    if (this.selectedPoints.has(id)) this.selectedPoints.delete(id)
    else this.selectedPoints.add(id)
  }

  /** Sets the program of one update (Properties › OK); the status page re-checks. */
  async setProgram(p: UpdateProgramDto): Promise<void> {
    this.programs.set(p.updateId, p)
    await this.refreshStatus()
  }

  // ---- loading ----

  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true
    this.error = null
    try {
      return await work()
    } catch (err) {
      runInAction(
        () => (this.error = err instanceof PatchbayError || err instanceof Error ? err.message : String(err)),
      )
      return undefined
    } finally {
      runInAction(() => (this.busy = false))
    }
  }

  /** Loads the update types (site repository or snapshot). */
  async loadUpdateTypes(): Promise<void> {
    await this.run(() => fetchUpdateTypes(this))
  }

  /** Loads an existing package as the starting point (its settings and updates). */
  async loadExisting(id: string): Promise<void> {
    await this.run(() => fetchExisting(this, id))
  }

  /** Loads the updates of the chosen type. */
  async loadCandidates(): Promise<void> {
    await this.run(() => fetchCandidates(this))
  }

  /** Re-checks the Software Updates Status page. */
  async refreshStatus(): Promise<void> {
    await this.run(() => fetchStatus(this))
  }

  /** Starts (or resumes) the download of the selected updates' files (also the status page's Download). */
  async download(updateIds: string[] = [...this.selected]): Promise<void> {
    await this.run(() => startDownload(this, updateIds))
  }

  private async loadChoices(): Promise<void> {
    await this.run(() => fetchPackageChoices(this))
  }

  /** Loads the deployment templates (Installation Agent page). */
  async loadTemplates(): Promise<void> {
    await this.run(() => fetchTemplates(this))
  }

  private async loadPoints(): Promise<void> {
    await this.run(() => fetchPoints(this))
  }

  // ---- navigation ----

  /** Goes to the next page, doing what leaving this page means (load, download, finish). */
  async next(): Promise<void> {
    if (this.busy || this.blocker) return
    const page = this.page
    if (page === 'done') return this.close()
    if (page === 'welcome' && this.packageMode === 'existing' && this.existingId && !this.existing) {
      await this.loadExisting(this.existingId)
      // Opened on a package the wizard did not make: build a new one instead.
      if (this.error) runInAction(() => ((this.packageMode = 'new'), (this.error = null)))
    }
    if (page === 'welcome') await this.loadUpdateTypes()
    if (page === 'type' && this.mode === 'site') await this.loadChoices()
    if (page === 'package' && this.packageMode === 'existing' && this.existing?.packageId !== this.existingId)
      await this.loadExisting(this.existingId)
    if (page === 'info' && !this.inventoryProgram)
      this.inventoryProgram = inventoryPrograms[this.platform][0]!.id
    if ((page === 'type' && this.mode === 'offline') || page === 'inventory') await this.loadCandidates()
    if (this.error) return
    if (page === 'source' && !this.sourcePath.trim()) return
    this.advance()
    const now = this.page
    if (now === 'download') await this.download()
    if (now === 'status') await this.refreshStatus()
    if (now === 'dps' && !this.pointsLoaded) await this.loadPoints()
    if (now === 'agent' && !this.templatesLoaded) await this.loadTemplates()
    if (now === 'progress') await this.finish()
  }

  private advance(): void {
    this.pageIndex = Math.min(this.pageIndex + 1, this.pages.length - 1)
  }

  /** Goes back one page (the download page is passed over: its work is done or cancelled). */
  back(): void {
    if (!this.canBack) return
    this.error = null
    this.pageIndex--
    if (this.page === 'download') this.pageIndex--
  }

  /** Finish: one call that makes the package (or the bundle build in offline mode). */
  async finish(): Promise<void> {
    this.finishError = null
    if (this.mode === 'offline') {
      const task = await this.run(() => this.transport.invoke('bundles:build', bundleBuildInput(this)))
      if (!task) return this.failFinish()
      runInAction(() => (this.bundleTaskId = task.taskId))
      const end = await this.root.tasks.track(task).wait()
      if (end.state !== 'succeeded') return this.failFinish(end.error || `The bundle build ${end.state}`)
      return runInAction(() => this.advance())
    }
    const result = await this.run(() => this.transport.invoke('wizard:finish', finishInput(this)))
    if (!result) return this.failFinish()
    if (result.distribution) this.root.tasks.track(result.distribution)
    runInAction(() => {
      this.result = result
      this.sessionId = null
      this.advance()
    })
  }

  private failFinish(message?: string): void {
    // Back to the summary, with the reason; nothing was written.
    this.finishError = message ?? this.error
    this.pageIndex = this.pages.indexOf('summary')
  }

  /** Cancel: stops the download or build and removes everything the wizard fetched, then closes. */
  async cancel(): Promise<void> {
    if (this.page === 'done') return this.close()
    const tasks = this.root.tasks
    if (this.bundleTaskId && !tasks.get(this.bundleTaskId)?.finished)
      await tasks.cancel(this.bundleTaskId).catch(() => undefined)
    if (this.sessionId) {
      const sessionId = this.sessionId
      await this.run(() => this.transport.invoke('wizard:discard', { sessionId }))
      runInAction(() => (this.sessionId = null))
    }
    this.close()
  }

  /** Closes the wizard (after Completion or Cancel). */
  close(): void {
    this.closed = true
    this.root.wizard.close(this)
  }
}
