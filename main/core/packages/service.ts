import type { Selectable } from 'kysely'
import type { z } from 'zod'
import type {
  PackageDto,
  ProgramDto,
  packageInput,
  packageUpdate,
  programDelete,
  programInput,
  programUpdate,
} from '../../../shared/dto/package'
import { PatchbayError } from '../../../shared/errors'
import type { SiteDatabase } from '../../site/schema'
import { isUniqueViolation, type Db, type SiteContext } from '../runtime/site-context'
import { isPlainPackage, recordSourceFiles, sourceFilesIfPresent } from './source-content'

/** Maps a program row to its DTO. */
function toProgramDto(row: Selectable<SiteDatabase['program']>): ProgramDto {
  return {
    packageId: row.package_id,
    name: row.name,
    commandLine: row.command_line,
    comment: row.comment,
    runWindow: row.run_window as ProgramDto['runWindow'],
    runMode: row.run_mode as ProgramDto['runMode'],
    afterRunning: row.after_running as ProgramDto['afterRunning'],
    platform: row.platform as ProgramDto['platform'],
    maxRunMinutes: Number(row.max_run_minutes),
    keepContent: Number(row.keep_content) === 1,
  }
}

/** Packages and their programs (SMS Packages node). */
export function createPackagesService(ctx: SiteContext) {
  const read = async (db: Db, ids?: string[]): Promise<PackageDto[]> => {
    let query = db.selectFrom('package').selectAll().orderBy('id')
    if (ids) query = query.where('id', 'in', ids)
    const rows = await query.execute()
    let programs = db.selectFrom('program').selectAll().orderBy('package_id').orderBy('name')
    if (ids) programs = programs.where('package_id', 'in', ids)
    const byPackage = new Map<string, ProgramDto[]>()
    for (const p of await programs.execute()) {
      const list = byPackage.get(p.package_id) ?? []
      list.push(toProgramDto(p))
      byPackage.set(p.package_id, list)
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      version: r.version,
      manufacturer: r.manufacturer,
      language: r.language,
      comment: r.comment,
      sourcePath: r.source_path,
      sendingPriority: r.sending_priority as PackageDto['sendingPriority'],
      programs: byPackage.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
  }

  const getOne = async (db: Db, id: string): Promise<PackageDto> => {
    const [found] = await read(db, [id])
    if (!found) throw new PatchbayError('not-found', `No package with ID ${id}`, 'packageId')
    return found
  }

  const announce = (id: string) => {
    ctx.events.emit('site:changed', { entity: 'packages', ids: [id] })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }

  const duplicatePackage = (name: string, version: string) =>
    new PatchbayError(
      'conflict',
      `A package "${name}"${version ? ` version ${version}` : ''} already exists`,
      'name',
    )
  const duplicateProgram = (name: string) =>
    new PatchbayError('conflict', `This package already has a program named "${name}"`, 'name')

  const advertisedBy = async (db: Db, packageId: string, programName?: string) => {
    let q = db.selectFrom('advertisement').select(['id', 'name']).where('package_id', '=', packageId)
    if (programName !== undefined) q = q.where('program_name', '=', programName)
    return q.execute()
  }

  return {
    async list(): Promise<PackageDto[]> {
      return read(ctx.db)
    },

    async get(id: string): Promise<PackageDto> {
      return getOne(ctx.db, id)
    },

    async create(input: z.output<typeof packageInput>): Promise<PackageDto> {
      // The folder is read before the transaction: hashing a large folder must not hold the site database.
      const files = await sourceFilesIfPresent(input.sourcePath)
      try {
        const dto = await ctx.db.transaction().execute(async (trx) => {
          const id = await ctx.nextId(trx)
          const now = ctx.now()
          await trx
            .insertInto('package')
            .values({
              id,
              name: input.name,
              version: input.version,
              manufacturer: input.manufacturer,
              language: input.language,
              comment: input.comment,
              source_path: input.sourcePath,
              sending_priority: input.sendingPriority,
              created_at: now,
              updated_at: now,
            })
            .execute()
          if (files) await recordSourceFiles(trx, id, files)
          await ctx.audit(
            trx,
            'info',
            'Distribution Manager',
            id,
            `Package ${id} "${input.name}" created${files ? ` with ${files.length} source file(s)` : ''}.`,
          )
          return getOne(trx, id)
        })
        announce(dto.id)
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicatePackage(input.name, input.version)
        throw err
      }
    },

    async update(input: z.output<typeof packageUpdate>): Promise<PackageDto> {
      const { id, ...f } = input
      const current = await getOne(ctx.db, id)
      const newSource = f.sourcePath !== undefined && f.sourcePath !== current.sourcePath
      // A plain package's content follows its folder (none while the folder does not exist).
      const files =
        newSource && (await isPlainPackage(ctx.db, id))
          ? ((await sourceFilesIfPresent(f.sourcePath!)) ?? [])
          : null
      try {
        const dto = await ctx.db.transaction().execute(async (trx) => {
          await getOne(trx, id)
          if (files) await recordSourceFiles(trx, id, files)
          await trx
            .updateTable('package')
            .set({
              ...(f.name !== undefined && { name: f.name }),
              ...(f.version !== undefined && { version: f.version }),
              ...(f.manufacturer !== undefined && { manufacturer: f.manufacturer }),
              ...(f.language !== undefined && { language: f.language }),
              ...(f.comment !== undefined && { comment: f.comment }),
              ...(f.sourcePath !== undefined && { source_path: f.sourcePath }),
              ...(f.sendingPriority !== undefined && { sending_priority: f.sendingPriority }),
              updated_at: ctx.now(),
            })
            .where('id', '=', id)
            .execute()
          const dto = await getOne(trx, id)
          await ctx.audit(
            trx,
            'info',
            'Distribution Manager',
            id,
            `Package ${id} "${dto.name}" properties changed.`,
          )
          return dto
        })
        announce(id)
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicatePackage(f.name ?? '', f.version ?? '')
        throw err
      }
    },

    async remove(id: string): Promise<{ deleted: number }> {
      await ctx.db.transaction().execute(async (trx) => {
        const p = await getOne(trx, id)
        const ads = await advertisedBy(trx, id)
        if (ads.length)
          throw new PatchbayError(
            'conflict',
            `Package ${id} is advertised by ${ads.map((a) => `${a.id} "${a.name}"`).join(', ')}; delete those advertisements first`,
          )
        await trx.deleteFrom('package').where('id', '=', id).execute()
        await ctx.audit(trx, 'info', 'Distribution Manager', id, `Package ${id} "${p.name}" deleted.`)
      })
      announce(id)
      return { deleted: 1 }
    },

    async createProgram(input: z.output<typeof programInput>): Promise<ProgramDto> {
      try {
        const dto = await ctx.db.transaction().execute(async (trx) => {
          const p = await getOne(trx, input.packageId)
          const row = await trx
            .insertInto('program')
            .values({
              package_id: input.packageId,
              name: input.name,
              command_line: input.commandLine,
              comment: input.comment,
              run_window: input.runWindow,
              run_mode: input.runMode,
              after_running: input.afterRunning,
              platform: input.platform,
              max_run_minutes: input.maxRunMinutes,
              keep_content: input.keepContent ? 1 : 0,
            })
            .returningAll()
            .executeTakeFirstOrThrow()
          await ctx.audit(
            trx,
            'info',
            'Distribution Manager',
            p.id,
            `Program "${input.name}" added to package ${p.id} "${p.name}".`,
          )
          return toProgramDto(row)
        })
        announce(input.packageId)
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicateProgram(input.name)
        throw err
      }
    },

    async updateProgram(input: z.output<typeof programUpdate>): Promise<ProgramDto> {
      const { packageId, programName, ...f } = input
      try {
        const dto = await ctx.db.transaction().execute(async (trx) => {
          const p = await getOne(trx, packageId)
          if (!p.programs.some((pr) => pr.name === programName))
            throw new PatchbayError(
              'not-found',
              `Package ${packageId} has no program named "${programName}"`,
              'programName',
            )
          if (
            f.name !== undefined &&
            f.name !== programName &&
            (await advertisedBy(trx, packageId, programName)).length
          )
            throw new PatchbayError(
              'conflict',
              `Program "${programName}" is advertised; it cannot be renamed`,
              'name',
            )
          const row = await trx
            .updateTable('program')
            .set({
              ...(f.name !== undefined && { name: f.name }),
              ...(f.commandLine !== undefined && { command_line: f.commandLine }),
              ...(f.comment !== undefined && { comment: f.comment }),
              ...(f.runWindow !== undefined && { run_window: f.runWindow }),
              ...(f.runMode !== undefined && { run_mode: f.runMode }),
              ...(f.afterRunning !== undefined && { after_running: f.afterRunning }),
              ...(f.platform !== undefined && { platform: f.platform }),
              ...(f.maxRunMinutes !== undefined && { max_run_minutes: f.maxRunMinutes }),
              ...(f.keepContent !== undefined && { keep_content: f.keepContent ? 1 : 0 }),
            })
            .where('package_id', '=', packageId)
            .where('name', '=', programName)
            .returningAll()
            .executeTakeFirstOrThrow()
          await ctx.audit(
            trx,
            'info',
            'Distribution Manager',
            packageId,
            `Program "${row.name}" of package ${packageId} changed.`,
          )
          return toProgramDto(row)
        })
        announce(packageId)
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicateProgram(f.name ?? '')
        throw err
      }
    },

    async removeProgram(input: z.output<typeof programDelete>): Promise<{ deleted: number }> {
      await ctx.db.transaction().execute(async (trx) => {
        const ads = await advertisedBy(trx, input.packageId, input.programName)
        if (ads.length)
          throw new PatchbayError(
            'conflict',
            `Program "${input.programName}" is advertised by ${ads.map((a) => `${a.id} "${a.name}"`).join(', ')}; delete those first`,
          )
        const result = await trx
          .deleteFrom('program')
          .where('package_id', '=', input.packageId)
          .where('name', '=', input.programName)
          .executeTakeFirst()
        if (Number(result.numDeletedRows) === 0)
          throw new PatchbayError(
            'not-found',
            `Package ${input.packageId} has no program named "${input.programName}"`,
          )
        await ctx.audit(
          trx,
          'info',
          'Distribution Manager',
          input.packageId,
          `Program "${input.programName}" deleted.`,
        )
      })
      announce(input.packageId)
      return { deleted: 1 }
    },
  }
}

/** The packages service's type. */
export type PackagesService = ReturnType<typeof createPackagesService>
