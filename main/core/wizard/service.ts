// The Distribute Software Updates wizard's services: update types and applicable updates from
// the Update Repository, downloads into the package source folder, the Software Updates Status page, and
// Finish — the package, its program, update list, files and settings in one transaction, then distribution
// to the chosen distribution points. No advertisement is created (as in SMS).
import type { Selectable } from 'kysely'
import type { z } from 'zod'
import type { ContentFile } from '../../clients/content'
import type {
  CandidateDto,
  UpdateProgramDto,
  UpdateStatusDto,
  UpdateTypeDto,
  WizardFinishDto,
  candidatesInput,
  wizardFinishInput,
  wizardStatusInput,
} from '../../../shared/dto/wizard'
import { PatchbayError } from '../../../shared/errors'
import type { SoftwareUpdateTable } from '../../site/schema'
import {
  contentFilesFor,
  packageFiles,
  packageUpdateIds,
  recordPackageFiles,
  setPackageUpdates,
} from '../packages/content-rows'
import { isUniqueViolation, type Db, type SiteContext } from '../runtime/site-context'
import type { TaskRegistry } from '../runtime/task-registry'
import { insertUpdateList, setUpdateListItems } from '../update-lists/rows'
import type { UpdatesService } from '../catalog/updates-service'
import type { DistributionService } from '../distribution/service'
import { defaultProgram, infoUrlOf, packageCommandLine, platformOfVendor } from './programs'
import { WizardFiles } from './files'
import { readDeploymentPackage, readDeploymentPackages, settingsRow, writeUpdatePrograms } from './rows'
import { snapshotCandidates, snapshotUpdateTypes } from './snapshot'

const vendorLabels: Record<string, string> = {
  debian: 'Debian',
  microsoft: 'Microsoft',
  redhat: 'Red Hat',
  suse: 'SUSE',
}

/** The label of an update type: "Debian · Security Updates". */
export function updateTypeLabel(vendor: string, classification: string): string {
  return `${vendorLabels[vendor] ?? vendor} · ${classification || 'Updates'}`
}

/** Splits an update type key (`vendor|classification`). */
export function parseUpdateType(key: string): { vendor: string; classification: string } {
  const i = key.indexOf('|')
  if (i <= 0) throw new PatchbayError('invalid-input', `"${key}" is not an update type`, 'updateType')
  return { vendor: key.slice(0, i), classification: key.slice(i + 1) }
}

type UpdateRow = Pick<Selectable<SoftwareUpdateTable>, 'id' | 'vendor' | 'title' | 'kb' | 'package'>

/** What the wizard uses of the services around it. */
export interface WizardDeps {
  tasks: TaskRegistry
  /** The Update Repository the wizard's update types and candidates come from. */
  updates: UpdatesService
  /** Where Finish checks the chosen distribution points and distributes the package. */
  distribution: Pick<DistributionService, 'points' | 'distribute'>
}

/** The wizard over one site: its downloads run in the task registry, its packages go out through distribution. */
export function createWizardService(ctx: SiteContext, deps: WizardDeps) {
  const { updates } = deps
  const files = new WizardFiles(deps.tasks)

  const readUpdates = async (db: Db, ids: string[]): Promise<UpdateRow[]> => {
    const out: UpdateRow[] = []
    for (let i = 0; i < ids.length; i += 500)
      out.push(
        ...(await db
          .selectFrom('software_update')
          .select(['id', 'vendor', 'title', 'kb', 'package'])
          .where('id', 'in', ids.slice(i, i + 500))
          .execute()),
      )
    const byId = new Map(out.map((u) => [u.id, u]))
    const missing = ids.filter((id) => !byId.has(id))
    if (missing.length)
      throw new PatchbayError(
        'invalid-input',
        `No software update with ID ${missing.slice(0, 3).join(', ')}`,
        'updateIds',
      )
    return ids.map((id) => byId.get(id)!)
  }

  const statusOf = async (
    db: Db,
    input: z.output<typeof wizardStatusInput>,
  ): Promise<
    Array<
      UpdateStatusDto & { checks: Array<{ path: string; size: number; sha256: string }>; present: string[] }
    >
  > => {
    const rows = await readUpdates(db, input.updateIds)
    const content = await contentFilesFor(db, input.updateIds)
    const inFolder = await files.listFolder(input.folder)
    const overrides = new Map(input.programs.map((p) => [p.updateId, p]))
    const out = []
    for (const u of rows) {
      const catalog = content.get(u.id) ?? []
      const checks = []
      for (const f of catalog) checks.push({ f, c: await files.check(input.folder, f) })
      const present = checks.filter((x) => x.c.state === 'present').map((x) => x.c.file)
      const platform = platformOfVendor(u.vendor)
      const program: UpdateProgramDto = overrides.get(u.id) ?? defaultProgram(u.id, platform, present)
      const missing = checks.find((x) => x.c.state === 'missing')
      const mismatch = checks.find((x) => x.c.state === 'mismatch')
      const reason =
        catalog.length === 0
          ? 'no downloadable file in the catalog'
          : mismatch
            ? `hash mismatch: ${mismatch.c.file}`
            : missing
              ? `file not downloaded: ${missing.c.file}`
              : !program.commandLine
                ? 'no command line'
                : program.program && !inFolder.includes(program.program) && /\.\w+$/.test(program.program)
                  ? `program file not in the source folder: ${program.program}`
                  : !program.verified
                    ? 'command line not verified'
                    : ''
      out.push({
        updateId: u.id,
        title: u.title,
        kb: u.kb,
        package: u.package,
        ready: reason === '',
        reason,
        files: checks.map((x) => ({ name: x.f.name, file: x.c.file, size: x.f.size, state: x.c.state })),
        program,
        present,
        importable: inFolder,
        infoUrl: infoUrlOf(u),
        checks: checks
          .filter((x) => x.c.state === 'present')
          .map((x) => ({ path: x.c.file, size: x.c.size, sha256: x.c.sha256 })),
      })
    }
    return out
  }

  const announce = (packageId: string) => {
    for (const entity of ['packages', 'content', 'updatelists', 'status'] as const)
      ctx.events.emit('site:changed', { entity, ids: entity === 'status' ? [] : [packageId] })
  }

  return {
    files,

    async updateTypes(snapshot?: string): Promise<UpdateTypeDto[]> {
      if (snapshot) return snapshotUpdateTypes(snapshot)
      const all = await updates.list({ resourceId: null, state: null, sourceName: null })
      const groups = new Map<string, UpdateTypeDto>()
      for (const u of all) {
        const key = `${u.vendor}|${u.classification}`
        const g = groups.get(key) ?? {
          key,
          vendor: u.vendor,
          platform: platformOfVendor(u.vendor),
          classification: u.classification,
          label: updateTypeLabel(u.vendor, u.classification),
          updates: 0,
          applicable: 0,
        }
        g.updates++
        if (u.required + u.installed > 0) g.applicable++
        groups.set(key, g)
      }
      return [...groups.values()].sort(
        (a, b) => a.platform.localeCompare(b.platform) || a.label.localeCompare(b.label),
      )
    },

    async candidates(input: z.output<typeof candidatesInput>): Promise<CandidateDto[]> {
      if (input.snapshot) return snapshotCandidates(input.snapshot, input.updateType)
      const { vendor, classification } = parseUpdateType(input.updateType)
      const current = new Set(input.packageId ? await packageUpdateIds(ctx.db, input.packageId) : [])
      const all = await updates.list({ resourceId: null, state: null, sourceName: null })
      const picked = all.filter(
        (u) =>
          (u.vendor === vendor && u.classification === classification && u.required + u.installed > 0) ||
          current.has(u.id),
      )
      const content = await contentFilesFor(
        ctx.db,
        picked.map((u) => u.id),
      )
      return picked.map((u) => {
        const fs = content.get(u.id) ?? []
        return {
          id: u.id,
          title: u.title,
          vendor: u.vendor,
          classification: u.classification,
          severity: u.severity,
          kb: u.kb,
          package: u.package,
          version: u.availableVersion,
          releaseDate: u.releaseDate,
          required: u.required,
          installed: u.installed,
          files: fs.length,
          size: fs.reduce((n, f) => n + f.size, 0),
          infoUrl: infoUrlOf(u),
        }
      })
    },

    async download(input: { folder: string; updateIds: string[]; sessionId?: string }) {
      await readUpdates(ctx.db, input.updateIds)
      const content = await contentFilesFor(ctx.db, input.updateIds)
      const wanted: ContentFile[] = input.updateIds.flatMap((id) => content.get(id) ?? [])
      return files.download(input.folder, wanted, input.sessionId)
    },

    async status(input: z.output<typeof wizardStatusInput>): Promise<UpdateStatusDto[]> {
      const rows = await statusOf(ctx.db, input)
      return rows.map(({ checks: _checks, ...r }) => r)
    },

    discard: (sessionId: string) => files.discard(sessionId),

    async finish(input: z.output<typeof wizardFinishInput>): Promise<WizardFinishDto> {
      const updateIds = [...new Set(input.updateIds)]
      const { vendor } = parseUpdateType(input.updateType)
      const platform = platformOfVendor(vendor)
      if (input.distributionPointIds.length) {
        const points = new Set((await deps.distribution.points()).map((p) => p.id))
        const unknown = input.distributionPointIds.filter((id) => !points.has(id))
        if (unknown.length)
          throw new PatchbayError(
            'invalid-input',
            `Resource ${unknown.join(', ')} is not a distribution point`,
            'distributionPointIds',
          )
      }
      const status = await statusOf(ctx.db, { folder: input.sourcePath, updateIds, programs: input.programs })
      const notReady = status.find((s) => !s.ready)
      if (notReady)
        throw new PatchbayError(
          'invalid-input',
          `"${notReady.title}" is not ready: ${notReady.reason}`,
          'updateIds',
        )
      const programs = status.map((s) => s.program)
      const commandLine = packageCommandLine(
        platform,
        status.map((s) => ({ program: s.program, files: s.present })),
      )
      files.close(input.sessionId)
      const before = input.packageId ? await packageFiles(ctx.db, input.packageId) : []
      const beforeUpdates = input.packageId ? await packageUpdateIds(ctx.db, input.packageId) : []
      const now = ctx.now()
      const s = input.settings
      let result: Omit<WizardFinishDto, 'distribution'>
      try {
        result = await ctx.db.transaction().execute(async (trx) => {
          let packageId = input.packageId
          let oldProgram: string | null = null
          let listId: string | null = null
          if (packageId) {
            const p = await trx
              .selectFrom('package')
              .select('id')
              .where('id', '=', packageId)
              .executeTakeFirst()
            if (!p) throw new PatchbayError('not-found', `No package with ID ${packageId}`, 'packageId')
            const w = await trx
              .selectFrom('wizard_package')
              .select(['program_name', 'update_list_id'])
              .where('package_id', '=', packageId)
              .executeTakeFirst()
            oldProgram = w?.program_name ?? null
            listId = w?.update_list_id ?? null
            await trx
              .updateTable('package')
              .set({
                name: input.name,
                manufacturer: input.publisher,
                source_path: input.sourcePath,
                sending_priority: input.sendingPriority,
                updated_at: now,
              })
              .where('id', '=', packageId)
              .execute()
          } else {
            packageId = await ctx.nextId(trx)
            await trx
              .insertInto('package')
              .values({
                id: packageId,
                name: input.name,
                version: '',
                manufacturer: input.publisher,
                language: '',
                comment: `Software updates: ${updateTypeLabel(vendor, parseUpdateType(input.updateType).classification)}`,
                source_path: input.sourcePath,
                sending_priority: input.sendingPriority,
                created_at: now,
                updated_at: now,
              })
              .execute()
          }
          const program = {
            command_line: commandLine,
            comment: `Applies ${updateIds.length} software update${updateIds.length === 1 ? '' : 's'}`,
            run_window: s.unattended ? 'hidden' : 'normal',
            run_mode: 'administrative',
            after_running: s.unattended && s.afterCountdown === 'restart' ? 'patchbay-restarts' : 'no-action',
            platform,
            max_run_minutes: 120,
          }
          const existing = await trx
            .selectFrom('program')
            .select('name')
            .where('package_id', '=', packageId)
            .where('name', 'in', [input.programName, ...(oldProgram ? [oldProgram] : [])])
            .execute()
          const target = existing.find((e) => e.name === input.programName) ?? existing[0]
          if (target)
            await trx
              .updateTable('program')
              .set({ name: input.programName, ...program })
              .where('package_id', '=', packageId)
              .where('name', '=', target.name)
              .execute()
          else
            await trx
              .insertInto('program')
              .values({ package_id: packageId, name: input.programName, ...program })
              .execute()
          if (
            listId &&
            (await trx.selectFrom('update_list').select('id').where('id', '=', listId).executeTakeFirst())
          )
            await setUpdateListItems(trx, listId, updateIds)
          else
            listId = await insertUpdateList(ctx, trx, {
              name: `${input.name} (${packageId})`,
              comment: `Updates of package ${packageId}, kept by the Distribute Software Updates wizard`,
              updateIds,
            })
          await setPackageUpdates(trx, packageId, updateIds)
          const fileRows = status.flatMap((st) => st.checks.map((c) => ({ ...c, updateId: st.updateId })))
          const seen = new Set<string>()
          await recordPackageFiles(
            trx,
            packageId,
            fileRows.filter((f) => !seen.has(f.path) && seen.add(f.path)),
          )
          await writeUpdatePrograms(trx, packageId, programs)
          const row = {
            origin: 'wizard',
            platform,
            update_type: input.updateType,
            program_name: input.programName,
            update_list_id: listId,
            ...settingsRow(s),
            updated_at: now,
          }
          const had = await trx
            .selectFrom('wizard_package')
            .select('package_id')
            .where('package_id', '=', packageId)
            .executeTakeFirst()
          if (had)
            await trx.updateTable('wizard_package').set(row).where('package_id', '=', packageId).execute()
          else
            await trx
              .insertInto('wizard_package')
              .values({ package_id: packageId, ...row, created_at: now })
              .execute()
          const added = updateIds.filter((id) => !beforeUpdates.includes(id)).length
          const removed = beforeUpdates.filter((id) => !updateIds.includes(id)).length
          await ctx.audit(
            trx,
            'info',
            'Distribute Software Updates Wizard',
            packageId,
            input.packageId
              ? `Package ${packageId} "${input.name}" changed: ${added} updates added, ${removed} removed, ${fileRows.length} files.`
              : `Package ${packageId} "${input.name}" created with ${updateIds.length} updates and ${fileRows.length} files; program "${input.programName}".`,
          )
          return {
            packageId,
            created: !input.packageId,
            updateListId: listId,
            programNames: [input.programName],
            files: seen.size,
            added,
            removed,
          }
        })
      } catch (err) {
        if (isUniqueViolation(err))
          throw new PatchbayError(
            'conflict',
            `A package or program named "${input.name}" already exists`,
            'name',
          )
        throw err
      }
      // Files of updates taken out of the package go from its source folder (unless a kept update shares them).
      const kept = new Set(status.flatMap((st) => st.checks.map((c) => c.path)))
      const gone = before.filter((f) => f.updateId && !updateIds.includes(f.updateId) && !kept.has(f.path))
      if (gone.length)
        await files.remove(
          input.sourcePath,
          gone.map((f) => f.path),
        )
      announce(result.packageId)
      const distribution = input.distributionPointIds.length
        ? await deps.distribution.distribute({
            packageId: result.packageId,
            resourceIds: input.distributionPointIds,
          })
        : null
      return { ...result, distribution }
    },

    list: () => readDeploymentPackages(ctx.db),
    get: (id: string) => readDeploymentPackage(ctx.db, id),
  }
}

/** The wizard service's type. */
export type WizardService = ReturnType<typeof createWizardService>
