/**
 * Maintenance windows and blackout periods stored per collection (maintenance_window rows): list, create,
 * update, delete, and the next window of a collection or a client (the union of its collections' windows,
 * blackouts cut out). Deployments read the same rows (deployments/host-step.ts) to wait for a window.
 */
import type { Selectable } from 'kysely'
import type { z } from 'zod'
import type {
  windowInput,
  windowUpdate,
  WindowDto,
  WindowNextDto,
} from '../../../shared/dto/maintenance-window'
import { PatchbayError } from '../../../shared/errors'
import {
  currentBlackout,
  describeWindow,
  nextWindow,
  occurrences,
  parseMaintenanceWindow,
  windowFromRow,
  windowToRow,
  type MaintenanceWindow,
} from './windows'
import type { MaintenanceWindowTable } from '../../site/schema'
import type { Db, SiteContext } from '../runtime/site-context'

type Row = Selectable<MaintenanceWindowTable>

async function rowsOf(db: Db, collectionIds?: string[]): Promise<Row[]> {
  let q = db.selectFrom('maintenance_window').selectAll().orderBy('collection_id').orderBy('id')
  if (collectionIds) q = q.where('collection_id', 'in', collectionIds.length ? collectionIds : [''])
  return q.execute()
}

/** The next-window answer for a set of windows at `now`. */
export function nextWindowOf(windows: MaintenanceWindow[], now: Date): WindowNextDto {
  const blackout = currentBlackout(windows, now)
  const next = nextWindow(windows, now)
  const count = windows.length
  if (!next)
    return {
      start: null,
      end: null,
      description: windows.some((w) => w.kind === 'window' && w.enabled)
        ? 'No maintenance window opens in the next ten years'
        : 'No maintenance window: installs may run at any time',
      windows: count,
      blackoutUntil: blackout?.end.toISOString() ?? null,
    }
  const opening = windows.filter((w) => w.kind === 'window' && occurrences(w, next.start, next.end).length)
  return {
    start: next.start.toISOString(),
    end: next.end.toISOString(),
    description: opening.map((w) => `${w.name}: ${describeWindow(w)}`).join('; '),
    windows: count,
    blackoutUntil: blackout?.end.toISOString() ?? null,
  }
}

/** Maintenance windows over one site. */
export function createWindowsService(ctx: SiteContext) {
  const now = () => ctx.ports.clock()
  const names = async () =>
    new Map(
      (await ctx.db.selectFrom('collection').select(['id', 'name']).execute()).map((c) => [c.id, c.name]),
    )

  const toDto = (r: Row, collectionName: string): WindowDto => {
    const w = windowFromRow(r)
    const own = nextWindow([{ ...w, kind: 'window' }], now())
    return {
      id: Number(r.id),
      collectionId: w.collectionId,
      collectionName,
      name: w.name,
      kind: w.kind,
      start: w.start,
      timeZone: w.timeZone,
      durationMinutes: w.durationMinutes,
      recurrence: w.recurrence,
      enabled: w.enabled,
      description: describeWindow(w),
      nextStart: own?.start.toISOString() ?? null,
      nextEnd: own?.end.toISOString() ?? null,
    }
  }

  const get = async (id: number): Promise<WindowDto> => {
    const r = await ctx.db
      .selectFrom('maintenance_window')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!r) throw new PatchbayError('not-found', `No maintenance window with ID ${id}`, 'id')
    return toDto(r, (await names()).get(r.collection_id) ?? r.collection_id)
  }

  const requireCollection = async (id: string) => {
    const c = await ctx.db.selectFrom('collection').select('name').where('id', '=', id).executeTakeFirst()
    if (!c) throw new PatchbayError('not-found', `No collection with ID ${id}`, 'collectionId')
    return c.name
  }

  const changed = (collectionId: string) =>
    ctx.events.emit('site:changed', { entity: 'collections', ids: [collectionId] })

  const windowsOfResource = async (resourceId: number) => {
    const r = await ctx.db.selectFrom('resource').select('id').where('id', '=', resourceId).executeTakeFirst()
    if (!r) throw new PatchbayError('not-found', `No client with ID ${resourceId}`, 'resourceId')
    const colls = await ctx.db
      .selectFrom('collection_member')
      .select('collection_id')
      .where('resource_id', '=', resourceId)
      .execute()
    return (
      await rowsOf(
        ctx.db,
        colls.map((c) => c.collection_id),
      )
    ).map(windowFromRow)
  }

  return {
    async list(collectionId?: string): Promise<WindowDto[]> {
      if (collectionId) await requireCollection(collectionId)
      const n = await names()
      return (await rowsOf(ctx.db, collectionId ? [collectionId] : undefined)).map((r) =>
        toDto(r, n.get(r.collection_id) ?? r.collection_id),
      )
    },
    get,
    async create(input: z.output<typeof windowInput>): Promise<WindowDto> {
      const w = parseMaintenanceWindow(input)
      const collectionName = await requireCollection(w.collectionId)
      const row = await ctx.db
        .insertInto('maintenance_window')
        .values(windowToRow(w))
        .returning('id')
        .executeTakeFirstOrThrow()
      await ctx.audit(
        ctx.db,
        'info',
        'Deployment Manager',
        w.collectionId,
        `Added ${w.kind === 'blackout' ? 'blackout period' : 'maintenance window'} "${w.name}" to ${collectionName}: ${describeWindow(w)}.`,
      )
      changed(w.collectionId)
      return get(Number(row.id))
    },
    async update(input: z.output<typeof windowUpdate>): Promise<WindowDto> {
      const before = await get(input.id)
      const { id, ...fields } = input
      const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
      const w = parseMaintenanceWindow({ ...before, ...defined })
      await ctx.db.updateTable('maintenance_window').set(windowToRow(w)).where('id', '=', id).execute()
      await ctx.audit(
        ctx.db,
        'info',
        'Deployment Manager',
        w.collectionId,
        `Changed maintenance window "${w.name}" of ${before.collectionName}: ${describeWindow(w)}.`,
      )
      changed(w.collectionId)
      return get(id)
    },
    async remove(id: number): Promise<{ deleted: number }> {
      const before = await get(id)
      const r = await ctx.db.deleteFrom('maintenance_window').where('id', '=', id).executeTakeFirst()
      await ctx.audit(
        ctx.db,
        'info',
        'Deployment Manager',
        before.collectionId,
        `Removed maintenance window "${before.name}" of ${before.collectionName}.`,
      )
      changed(before.collectionId)
      return { deleted: Number(r.numDeletedRows) }
    },
    async next(input: { collectionId?: string; resourceId?: number }): Promise<WindowNextDto> {
      const windows =
        input.resourceId !== undefined
          ? await windowsOfResource(input.resourceId)
          : (await requireCollection(input.collectionId!),
            (await rowsOf(ctx.db, [input.collectionId!])).map(windowFromRow))
      return nextWindowOf(windows, now())
    },
    /** The next window of every collection and every client (one pass over the rows). */
    async nextAll() {
      const all = (await rowsOf(ctx.db)).map(windowFromRow)
      const at = now()
      const out = []
      for (const c of await ctx.db.selectFrom('collection').select(['id', 'name']).orderBy('name').execute())
        out.push({
          target: 'collection' as const,
          id: c.id,
          name: c.name,
          ...nextWindowOf(
            all.filter((w) => w.collectionId === c.id),
            at,
          ),
        })
      const members = await ctx.db
        .selectFrom('collection_member')
        .select(['collection_id', 'resource_id'])
        .execute()
      for (const r of await ctx.db.selectFrom('resource').select(['id', 'name']).orderBy('name').execute()) {
        const mine = new Set(
          members.filter((m) => Number(m.resource_id) === Number(r.id)).map((m) => m.collection_id),
        )
        out.push({
          target: 'client' as const,
          id: String(r.id),
          name: r.name,
          ...nextWindowOf(
            all.filter((w) => mine.has(w.collectionId)),
            at,
          ),
        })
      }
      return out
    },
  }
}

/** The maintenance windows service's type. */
export type WindowsService = ReturnType<typeof createWindowsService>
