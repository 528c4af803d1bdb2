import type { z } from 'zod'
import type {
  AdvertisementDto,
  AssignmentDto,
  advertisementFields,
  advertisementInput,
  advertisementUpdate,
} from '../../../shared/dto/advertisement'
import { PatchbayError } from '../../../shared/errors'
import type { Db, SiteContext } from '../runtime/site-context'

type AdvertisementFields = z.output<typeof advertisementFields>

/** Checks what a single field cannot: targets exist, times are in order, a mandatory advertisement has an assignment. */
async function validate(
  db: Db,
  a: AdvertisementFields,
): Promise<{ packageName: string; collectionName: string }> {
  const pkg = await db
    .selectFrom('package')
    .select(['id', 'name'])
    .where('id', '=', a.packageId)
    .executeTakeFirst()
  if (!pkg) throw new PatchbayError('invalid-input', `No package with ID ${a.packageId}`, 'packageId')
  const program = await db
    .selectFrom('program')
    .select('name')
    .where('package_id', '=', a.packageId)
    .where('name', '=', a.programName)
    .executeTakeFirst()
  if (!program)
    throw new PatchbayError(
      'invalid-input',
      `Package ${a.packageId} "${pkg.name}" has no program named "${a.programName}"`,
      'programName',
    )
  const collection = await db
    .selectFrom('collection')
    .select(['id', 'name'])
    .where('id', '=', a.collectionId)
    .executeTakeFirst()
  if (!collection)
    throw new PatchbayError('invalid-input', `No collection with ID ${a.collectionId}`, 'collectionId')
  const available = Date.parse(a.availableAt)
  const expires = a.expiresAt === null ? null : Date.parse(a.expiresAt)
  if (expires !== null && expires <= available)
    throw new PatchbayError(
      'invalid-input',
      'The expiry time must be later than the time the advertisement becomes available',
      'expiresAt',
    )
  if (a.mandatory && a.assignments.length === 0)
    throw new PatchbayError(
      'invalid-input',
      'A mandatory advertisement needs at least one assignment time',
      'assignments',
    )
  a.assignments.forEach((s: AssignmentDto, i) => {
    const at = Date.parse(s.startAt)
    if (at < available)
      throw new PatchbayError(
        'invalid-input',
        `Assignment ${i + 1} is before the advertisement becomes available`,
        `assignments.${i}.startAt`,
      )
    if (expires !== null && at >= expires)
      throw new PatchbayError(
        'invalid-input',
        `Assignment ${i + 1} is after the advertisement expires`,
        `assignments.${i}.startAt`,
      )
    if ((s.recurEvery === null) !== (s.recurUnit === null))
      throw new PatchbayError(
        'invalid-input',
        `Assignment ${i + 1}: give both the recurrence interval and its unit, or neither`,
        `assignments.${i}.recurEvery`,
      )
  })
  return { packageName: pkg.name, collectionName: collection.name }
}

/** Advertisements: a package's program offered or assigned to a collection on a schedule. */
export function createAdvertisementsService(ctx: SiteContext) {
  const read = async (db: Db, ids?: string[]): Promise<AdvertisementDto[]> => {
    let q = db
      .selectFrom('advertisement')
      .innerJoin('package', 'package.id', 'advertisement.package_id')
      .innerJoin('collection', 'collection.id', 'advertisement.collection_id')
      .selectAll('advertisement')
      .select(['package.name as package_name', 'collection.name as collection_name'])
      .orderBy('advertisement.id')
    if (ids) q = q.where('advertisement.id', 'in', ids)
    const rows = await q.execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      comment: r.comment,
      packageId: r.package_id,
      packageName: r.package_name,
      programName: r.program_name,
      collectionId: r.collection_id,
      collectionName: r.collection_name,
      includeSubCollections: Boolean(r.include_sub_collections),
      availableAt: r.available_at,
      expiresAt: r.expires_at,
      mandatory: Boolean(r.mandatory),
      assignments: JSON.parse(r.assignments) as AssignmentDto[],
      rerun: r.rerun as AdvertisementDto['rerun'],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
  }

  const getOne = async (db: Db, id: string): Promise<AdvertisementDto> => {
    const [found] = await read(db, [id])
    if (!found) throw new PatchbayError('not-found', `No advertisement with ID ${id}`)
    return found
  }

  const toRow = (a: AdvertisementFields) => ({
    name: a.name,
    comment: a.comment,
    package_id: a.packageId,
    program_name: a.programName,
    collection_id: a.collectionId,
    include_sub_collections: a.includeSubCollections ? 1 : 0,
    available_at: a.availableAt,
    expires_at: a.expiresAt,
    mandatory: a.mandatory ? 1 : 0,
    assignments: JSON.stringify(a.assignments),
    rerun: a.rerun,
  })

  const announce = (id: string) => {
    ctx.events.emit('site:changed', { entity: 'advertisements', ids: [id] })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }

  return {
    async list(): Promise<AdvertisementDto[]> {
      return read(ctx.db)
    },

    async get(id: string): Promise<AdvertisementDto> {
      return getOne(ctx.db, id)
    },

    async create(input: z.output<typeof advertisementInput>): Promise<AdvertisementDto> {
      const dto = await ctx.db.transaction().execute(async (trx) => {
        const names = await validate(trx, input)
        const id = await ctx.nextId(trx)
        const now = ctx.now()
        await trx
          .insertInto('advertisement')
          .values({ id, ...toRow(input), created_at: now, updated_at: now })
          .execute()
        await ctx.audit(
          trx,
          'info',
          'Offer Manager',
          id,
          `Advertisement ${id} "${input.name}" created: program "${input.programName}" of package ${input.packageId} "${names.packageName}" to collection ${input.collectionId} "${names.collectionName}"${input.mandatory ? ', mandatory' : ''}.`,
        )
        return getOne(trx, id)
      })
      announce(dto.id)
      return dto
    },

    async update(input: z.output<typeof advertisementUpdate>): Promise<AdvertisementDto> {
      const { id, ...changes } = input
      const dto = await ctx.db.transaction().execute(async (trx) => {
        const before = await getOne(trx, id)
        const merged: AdvertisementFields = {
          name: changes.name ?? before.name,
          comment: changes.comment ?? before.comment,
          packageId: changes.packageId ?? before.packageId,
          programName: changes.programName ?? before.programName,
          collectionId: changes.collectionId ?? before.collectionId,
          includeSubCollections: changes.includeSubCollections ?? before.includeSubCollections,
          availableAt: changes.availableAt ?? before.availableAt,
          expiresAt: changes.expiresAt !== undefined ? changes.expiresAt : before.expiresAt,
          mandatory: changes.mandatory ?? before.mandatory,
          assignments: changes.assignments ?? before.assignments,
          rerun: changes.rerun ?? before.rerun,
        }
        await validate(trx, merged)
        await trx
          .updateTable('advertisement')
          .set({ ...toRow(merged), updated_at: ctx.now() })
          .where('id', '=', id)
          .execute()
        await ctx.audit(
          trx,
          'info',
          'Offer Manager',
          id,
          `Advertisement ${id} "${merged.name}" properties changed.`,
        )
        return getOne(trx, id)
      })
      announce(id)
      return dto
    },

    async remove(id: string): Promise<{ deleted: number }> {
      await ctx.db.transaction().execute(async (trx) => {
        const a = await getOne(trx, id)
        await trx.deleteFrom('advertisement').where('id', '=', id).execute()
        await ctx.audit(trx, 'info', 'Offer Manager', id, `Advertisement ${id} "${a.name}" deleted.`)
      })
      announce(id)
      return { deleted: 1 }
    },
  }
}

/** The advertisements service's type. */
export type AdvertisementsService = ReturnType<typeof createAdvertisementsService>
