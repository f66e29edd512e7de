import type { EntityDoc, SortSpec } from '#core/shared/metadata'
import type { Filter } from '#core/shared/filter'
import type { EntityAccess } from '#core/permissions/policy'
import { validateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { accessFor } from '#core/permissions/policy'
import { SYSTEM_FIELD_DEFS } from './system_fields.js'
import { invalid, notFound } from '#core/errors/problem'
import { entityFor, filtered, from, scoped, type OpContext } from './context.js'
import { hasSearch, isPersonal, joinTableOf, tableOf } from './entity_info.js'
import { readableColumns, readableMulti, toApi, type RecordData } from './serialize.js'
import { applyKeyset, decodeCursor, encodeCursor } from './cursor.js'
import { logViews } from '#core/audit/audit'
import { logFilterReach } from './view_log.js'
import { applySearch, rankedTable, SEARCH_RANK } from './search.js'

export interface ListParams {
  filter?: Filter
  sort?: SortSpec[]
  cursor?: string
  limit?: number
  q?: string
  include?: string[]
  fields?: string[]
  count?: boolean
}

export interface ListResult {
  data: RecordData[]
  nextCursor: string | null
  total?: number
  included?: Record<string, Record<string, RecordData>>
}

export const MAX_LIMIT = 500

/** Checks a caller's filter, sort and field names against what the actor may read (problem+json with pointers). */
export function checkParams(ctx: OpContext, entity: EntityDoc, access: EntityAccess, params: ListParams) {
  const errors = []
  if (params.filter !== undefined) {
    const readable = (entityKey: string, field: string) => {
      const a = accessFor(ctx.set, ctx.actor, entityKey)
      return a.can('read') && !a.hidden.has(field)
    }
    // an unreadable field is reported exactly like an unknown one: nothing can be probed
    for (const e of validateFilter(filterSchemaOf(ctx.set), entity.key, params.filter, { readable, pointer: '/filter' })) {
      errors.push(e.code === 'field_not_readable' ? { ...e, code: 'unknown_field' } : e)
    }
  }
  params.sort?.forEach((s, i) => {
    const field = entity.fields[s.field] ?? SYSTEM_FIELD_DEFS[s.field]
    if (!field || access.hidden.has(s.field) || field.type === 'multi_reference' || field.type === 'json' || field.type === 'geo_point') {
      errors.push({ pointer: `/sort/${i}`, message: `cannot sort by "${s.field}"`, code: 'bad_sort' })
    }
  })
  for (const [i, name] of (params.include ?? []).entries()) {
    const field = entity.fields[name]
    if (!field || access.hidden.has(name) || field.type !== 'reference') {
      errors.push({ pointer: `/include/${i}`, message: `"${name}" is not a reference`, code: 'bad_include' })
    }
  }
  for (const [i, name] of (params.fields ?? []).entries()) {
    if ((!entity.fields[name] && !SYSTEM_FIELD_DEFS[name]) || access.hidden.has(name)) {
      errors.push({ pointer: `/fields/${i}`, message: `no field "${name}"`, code: 'unknown_field' })
    }
  }
  if (params.q !== undefined && !hasSearch(entity) && !entity.display) {
    errors.push({ pointer: '/q', message: `${entity.key} is not searchable`, code: 'not_searchable' })
  }
  if (errors.length) throw invalid(errors)
}

export async function list(ctx: OpContext, entityKey: string, params: ListParams): Promise<ListResult> {
  const { entity, access } = entityFor(ctx, entityKey, 'read')
  checkParams(ctx, entity, access, params)
  const wanted = params.fields?.length ? new Set(params.fields) : undefined
  const limit = Math.min(Math.max(params.limit ?? 50, 1), MAX_LIMIT)
  // with `q` and no sort: by relevance (core/records/search.ts)
  const ranked = params.q && !params.sort?.length ? rankedTable(ctx.db, entity, access.hidden, params.q) : null
  const sort: SortSpec[] = params.sort?.length ? params.sort : ranked ? [{ field: SEARCH_RANK, dir: 'desc' }] : [{ field: 'created_at', dir: 'desc' }]
  const effectiveSort = entity.managed === false ? sort.filter((s) => s.field in entity.fields || s.field === 'id') : sort

  const base = () => {
    const qb: ReturnType<typeof from> = ranked ? rankedTable(ctx.db, entity, access.hidden, params.q!)! : from(ctx, entity)
    scoped(ctx, qb, entity, access, 'read')
    filtered(ctx, qb, entity, params.filter)
    if (params.q) applySearch(qb, entity, access.hidden, params.q, 't')
    return qb
  }
  const columns = readableColumns(entity, access, wanted)
  // the cursor is made of the sort values: select them even when `fields` leaves them out
  const extra = effectiveSort.map((s) => s.field).filter((f) => !columns.includes(f))
  const qb = base().select([...columns, ...extra].map((c) => `t.${c}`))
  if (params.cursor) applyKeyset(qb, effectiveSort, decodeCursor(params.cursor, effectiveSort), 't')
  for (const s of effectiveSort) qb.orderBy(`t.${s.field}`, s.dir ?? 'asc')
  qb.orderBy('t.id', effectiveSort.length ? (effectiveSort[effectiveSort.length - 1].dir ?? 'asc') : 'asc')
  qb.limit(limit + 1)

  const [rows, total] = await Promise.all([
    qb,
    params.count
      ? base()
          .count({ n: '*' })
          .first()
          .then((r: any) => Number(r?.n ?? 0))
      : Promise.resolve(undefined),
  ])
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const cursorRow = page[page.length - 1]
  const data = page.map((r: any) => {
    const record = toApi(entity, r)
    for (const f of extra) delete record[f]
    return record
  })
  await loadMulti(ctx, entity, data, readableMulti(entity, access, wanted))
  const result: ListResult = { data, nextCursor: more ? encodeCursor(cursorRow, effectiveSort) : null }
  if (total !== undefined) result.total = total
  if (params.include?.length) result.included = await loadIncluded(ctx, entity, data, params.include)
  if (isPersonal(entity) && data.length)
    await logViews(
      ctx,
      entity.key,
      data.map((d) => d.id)
    )
  await logFilterReach(
    ctx,
    entity,
    params.filter,
    data.map((d) => d.id)
  )
  return result
}

export async function get(ctx: OpContext, entityKey: string, id: string, params: Pick<ListParams, 'include' | 'fields'> = {}) {
  const { entity, access } = entityFor(ctx, entityKey, 'read')
  checkParams(ctx, entity, access, params)
  if (!isUuid(id)) throw notFound()
  const wanted = params.fields?.length ? new Set(params.fields) : undefined
  const qb = from(ctx, entity)
    .select(readableColumns(entity, access, wanted).map((c) => `t.${c}`))
    .where('t.id', id)
  scoped(ctx, qb, entity, access, 'read')
  const row = await qb.first()
  if (!row) throw notFound()
  const record = toApi(entity, row)
  await loadMulti(ctx, entity, [record], readableMulti(entity, access, wanted))
  if (isPersonal(entity)) await logViews(ctx, entity.key, [record.id])
  const included = params.include?.length ? await loadIncluded(ctx, entity, [record], params.include) : undefined
  return { data: record, ...(included ? { included } : {}) }
}

/** Ids among `ids` of `entityKey` that the actor may read (used to check references). */
export async function visibleIds(ctx: OpContext, entityKey: string, ids: string[]): Promise<Set<string>> {
  const entity = ctx.set.entity(entityKey)
  const valid = ids.filter(isUuid)
  if (!entity || !valid.length) return new Set()
  const access = accessFor(ctx.set, ctx.actor, entityKey)
  if (!access.can('read')) return new Set()
  const qb = from(ctx, entity).select('t.id').whereIn('t.id', valid)
  scoped(ctx, qb, entity, access, 'read')
  return new Set((await qb).map((r: any) => r.id))
}

async function loadMulti(ctx: OpContext, entity: EntityDoc, records: RecordData[], fields: string[]) {
  if (!records.length) return
  const ids = records.map((r) => r.id)
  for (const field of fields) {
    const rows = await ctx.db(joinTableOf(entity, field)).select('source_id', 'target_id').whereIn('source_id', ids).orderBy('target_id')
    const by = new Map<string, string[]>()
    for (const r of rows) (by.get(r.source_id) ?? by.set(r.source_id, []).get(r.source_id)!).push(r.target_id)
    for (const rec of records) rec[field] = by.get(rec.id) ?? []
  }
}

/** Referenced records the actor may read, by entity and id; invisible ones are simply absent. */
async function loadIncluded(ctx: OpContext, entity: EntityDoc, records: RecordData[], include: string[]) {
  const included: Record<string, Record<string, RecordData>> = {}
  for (const name of include) {
    const target = ctx.set.entity(entity.fields[name].to!)
    if (!target) continue
    const access = accessFor(ctx.set, ctx.actor, target.key)
    if (!access.can('read')) continue
    const ids = [...new Set(records.map((r) => r[name]).filter((v): v is string => typeof v === 'string'))]
    if (!ids.length) continue
    const qb = from(ctx, target)
      .select(readableColumns(target, access).map((c) => `t.${c}`))
      .whereIn('t.id', ids)
    scoped(ctx, qb, target, access, 'read')
    const bucket = (included[target.key] ??= {})
    const rows = await qb
    for (const row of rows) bucket[row.id] = toApi(target, row)
    if (isPersonal(target))
      await logViews(
        ctx,
        target.key,
        rows.map((r: { id: string }) => r.id)
      )
  }
  return included
}

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
}

export { tableOf }
