import type { z } from 'zod'
import type {
  CollectionDto,
  CollectionRuleDto,
  addMembersInput,
  collectionInput,
  collectionUpdate,
  previewInput,
} from '../../../shared/dto/collection'
import type { ResourceDto } from '../../../shared/dto/resource'
import { PatchbayError } from '../../../shared/errors'
import { formatSmsId } from '../../../shared/ids'
import { conditionProblem, evaluateRules } from '../../../shared/rules'
import { loadRules, loadSubjects, reevaluateMembership } from './membership'
import { readResources } from '../resources/rows'
import { isUniqueViolation, type Db, type SiteContext } from '../runtime/site-context'

/** Checks rules refer to real resources and hold well-formed conditions; errors name the field. */
async function validateRules(db: Db, rules: readonly CollectionRuleDto[]): Promise<void> {
  for (const [i, rule] of rules.entries()) {
    if (rule.kind === 'direct') {
      const found = await db
        .selectFrom('resource')
        .select('id')
        .where('id', '=', rule.resourceId)
        .executeTakeFirst()
      if (!found)
        throw new PatchbayError(
          'invalid-input',
          `Rule ${i + 1}: no resource with ID ${rule.resourceId}`,
          `rules.${i}.resourceId`,
        )
      continue
    }
    for (const [j, condition] of rule.conditions.entries()) {
      const problem = conditionProblem(condition)
      if (problem)
        throw new PatchbayError(
          'invalid-input',
          `Rule "${rule.name}": ${problem}`,
          `rules.${i}.conditions.${j}.value`,
        )
    }
  }
}

/** Fails when following `next` links from `start` reaches `self` (a cycle) or a missing collection. */
async function checkChain(
  db: Db,
  self: string | null,
  start: string | null,
  column: 'limiting_collection_id' | 'parent_id',
  field: string,
  what: string,
): Promise<void> {
  const seen = new Set<string>()
  let current = start
  while (current) {
    if (current === self)
      throw new PatchbayError('invalid-input', `${what} would make a cycle through ${self}`, field)
    if (seen.has(current)) break
    seen.add(current)
    const row = await db
      .selectFrom('collection')
      .select(['id', column])
      .where('id', '=', current)
      .executeTakeFirst()
    if (!row) throw new PatchbayError('invalid-input', `${what}: no collection with ID ${current}`, field)
    current = row[column]
  }
}

/** The resources that are members of a collection, ordered by name. */
export async function membersOf(db: Db, collectionId: string): Promise<ResourceDto[]> {
  const rows = await db
    .selectFrom('collection_member')
    .select('resource_id')
    .where('collection_id', '=', collectionId)
    .execute()
  return readResources(
    db,
    rows.map((r) => Number(r.resource_id)),
  )
}

/** Collections: membership rules, limiting collections, sub-collections, live members. */
export function createCollectionsService(ctx: SiteContext) {
  const allSystemsId = formatSmsId(ctx.siteCode, 1)

  const read = async (db: Db, ids?: string[]): Promise<CollectionDto[]> => {
    let query = db.selectFrom('collection').selectAll().orderBy('id')
    if (ids) query = query.where('id', 'in', ids)
    const rows = await query.execute()
    const rules = await loadRules(db, ids)
    const counts = await db
      .selectFrom('collection_member')
      .select(['collection_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('collection_id')
      .execute()
    const countOf = new Map(counts.map((c) => [c.collection_id, Number(c.n)]))
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      comment: r.comment,
      parentId: r.parent_id,
      limitingCollectionId: r.limiting_collection_id,
      builtIn: Boolean(r.built_in),
      rules: rules.get(r.id) ?? [],
      memberCount: countOf.get(r.id) ?? 0,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
  }

  const getOne = async (db: Db, id: string): Promise<CollectionDto> => {
    const [found] = await read(db, [id])
    if (!found) throw new PatchbayError('not-found', `No collection with ID ${id}`)
    return found
  }

  const writeRules = async (db: Db, id: string, rules: readonly CollectionRuleDto[]) => {
    await db.deleteFrom('collection_rule').where('collection_id', '=', id).execute()
    for (const [position, rule] of rules.entries()) {
      await db
        .insertInto('collection_rule')
        .values({
          collection_id: id,
          position,
          kind: rule.kind,
          effect: rule.effect,
          resource_id: rule.kind === 'direct' ? rule.resourceId : null,
          name: rule.kind === 'query' ? rule.name : '',
          conditions: rule.kind === 'query' ? JSON.stringify(rule.conditions) : '[]',
        })
        .execute()
    }
  }

  const announce = (ids: string[]) => {
    ctx.events.emit('site:changed', { entity: 'collections', ids })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }

  const duplicate = (name: string) =>
    new PatchbayError('conflict', `A collection named "${name}" already exists`, 'name')

  const describeRules = (rules: readonly CollectionRuleDto[]) =>
    rules.length === 1 ? '1 membership rule' : `${rules.length} membership rules`

  return {
    async list(): Promise<CollectionDto[]> {
      return read(ctx.db)
    },

    async get(id: string): Promise<CollectionDto> {
      return getOne(ctx.db, id)
    },

    async create(input: z.output<typeof collectionInput>): Promise<CollectionDto> {
      try {
        const { dto, changed } = await ctx.db.transaction().execute(async (trx) => {
          const limiting = input.limitingCollectionId ?? allSystemsId
          await checkChain(
            trx,
            null,
            limiting,
            'limiting_collection_id',
            'limitingCollectionId',
            'Limiting collection',
          )
          await checkChain(trx, null, input.parentId, 'parent_id', 'parentId', 'Parent collection')
          await validateRules(trx, input.rules)
          const id = await ctx.nextId(trx)
          const now = ctx.now()
          await trx
            .insertInto('collection')
            .values({
              id,
              name: input.name,
              comment: input.comment,
              parent_id: input.parentId,
              limiting_collection_id: limiting,
              built_in: 0,
              created_at: now,
              updated_at: now,
            })
            .execute()
          await writeRules(trx, id, input.rules)
          const changed = await reevaluateMembership(trx)
          const dto = await getOne(trx, id)
          await ctx.audit(
            trx,
            'info',
            'Collection Evaluator',
            id,
            `Collection ${id} "${dto.name}" created with ${describeRules(dto.rules)}; ${dto.memberCount} members.`,
          )
          return { dto, changed }
        })
        announce([dto.id, ...changed])
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate(input.name)
        throw err
      }
    },

    async update(input: z.output<typeof collectionUpdate>): Promise<CollectionDto> {
      const { id, ...fields } = input
      try {
        const { dto, changed } = await ctx.db.transaction().execute(async (trx) => {
          const before = await getOne(trx, id)
          if (before.builtIn) {
            const touched = Object.entries(fields).filter(([k, v]) => v !== undefined && k !== 'comment')
            if (touched.length)
              throw new PatchbayError(
                'forbidden',
                `${before.name} is a built-in collection: only its comment can change`,
                touched[0]![0],
              )
          }
          if (fields.limitingCollectionId !== undefined) {
            if (fields.limitingCollectionId === null && !before.builtIn)
              throw new PatchbayError(
                'invalid-input',
                'A collection must have a limiting collection',
                'limitingCollectionId',
              )
            await checkChain(
              trx,
              id,
              fields.limitingCollectionId,
              'limiting_collection_id',
              'limitingCollectionId',
              'Limiting collection',
            )
          }
          if (fields.parentId !== undefined)
            await checkChain(trx, id, fields.parentId, 'parent_id', 'parentId', 'Parent collection')
          if (fields.rules) {
            await validateRules(trx, fields.rules)
            await writeRules(trx, id, fields.rules)
          }
          await trx
            .updateTable('collection')
            .set({
              ...(fields.name !== undefined && { name: fields.name }),
              ...(fields.comment !== undefined && { comment: fields.comment }),
              ...(fields.parentId !== undefined && { parent_id: fields.parentId }),
              ...(fields.limitingCollectionId !== undefined && {
                limiting_collection_id: fields.limitingCollectionId,
              }),
              updated_at: ctx.now(),
            })
            .where('id', '=', id)
            .execute()
          const changed = await reevaluateMembership(trx)
          const dto = await getOne(trx, id)
          await ctx.audit(
            trx,
            'info',
            'Collection Evaluator',
            id,
            `Collection ${id} "${dto.name}" changed; ${dto.memberCount} members.`,
          )
          return { dto, changed }
        })
        announce([id, ...changed])
        return dto
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate(fields.name ?? '')
        throw err
      }
    },

    async remove(id: string): Promise<{ deleted: number }> {
      await ctx.db.transaction().execute(async (trx) => {
        const c = await getOne(trx, id)
        if (c.builtIn)
          throw new PatchbayError('forbidden', `${c.name} is a built-in collection and cannot be deleted`)
        const limited = await trx
          .selectFrom('collection')
          .select(['id', 'name'])
          .where('limiting_collection_id', '=', id)
          .execute()
        if (limited.length)
          throw new PatchbayError(
            'conflict',
            `Collection ${id} limits ${limited.map((l) => `${l.id} "${l.name}"`).join(', ')}; change their limiting collection first`,
          )
        const ads = await trx
          .selectFrom('advertisement')
          .select(['id', 'name'])
          .where('collection_id', '=', id)
          .execute()
        if (ads.length)
          throw new PatchbayError(
            'conflict',
            `Collection ${id} is the target of advertisement ${ads.map((a) => `${a.id} "${a.name}"`).join(', ')}; delete those first`,
          )
        const deployments = await trx
          .selectFrom('deployment')
          .select('id')
          .where('collection_id', '=', id)
          .execute()
        if (deployments.length)
          throw new PatchbayError(
            'conflict',
            `Collection ${id} is the target of deployment ${deployments.map((d) => d.id).join(', ')}`,
          )
        await trx
          .updateTable('collection')
          .set({ parent_id: c.parentId })
          .where('parent_id', '=', id)
          .execute()
        await trx.deleteFrom('collection').where('id', '=', id).execute()
        await ctx.audit(trx, 'info', 'Collection Evaluator', id, `Collection ${id} "${c.name}" deleted.`)
      })
      announce([id])
      return { deleted: 1 }
    },

    async members(id: string): Promise<ResourceDto[]> {
      await getOne(ctx.db, id)
      return membersOf(ctx.db, id)
    },

    async addMembers(input: z.output<typeof addMembersInput>): Promise<CollectionDto> {
      const c = await getOne(ctx.db, input.id)
      if (c.builtIn)
        throw new PatchbayError(
          'forbidden',
          `${c.name} is a built-in collection: its members follow its rules`,
        )
      const direct = new Set(
        c.rules.flatMap((r) => (r.kind === 'direct' && r.effect === 'include' ? [r.resourceId] : [])),
      )
      const added = input.resourceIds.filter((rid) => !direct.has(rid))
      const rules: CollectionRuleDto[] = [
        ...c.rules,
        ...[...new Set(added)].map((resourceId) => ({
          kind: 'direct' as const,
          effect: 'include' as const,
          resourceId,
        })),
      ]
      return this.update({ id: input.id, rules })
    },

    async preview(input: z.output<typeof previewInput>): Promise<ResourceDto[]> {
      await validateRules(ctx.db, input.rules)
      const limiting = input.limitingCollectionId ?? allSystemsId
      const limitRows = await ctx.db
        .selectFrom('collection_member')
        .select('resource_id')
        .where('collection_id', '=', limiting)
        .execute()
      const members = evaluateRules(
        input.rules,
        await loadSubjects(ctx.db),
        new Set(limitRows.map((r) => Number(r.resource_id))),
      )
      return readResources(ctx.db, [...members])
    },
  }
}

/** The collections service's type. */
export type CollectionsService = ReturnType<typeof createCollectionsService>
