import type { FieldError } from '#core/shared/problem'
import type { Filter } from '#core/shared/filter'
import type { SortSpec, ViewDoc } from '#core/shared/metadata'
import { invalid, notFound, Problem } from '#core/errors/problem'
import { entityFor, type OpContext } from './context.js'
import { checkParams, isUuid } from './read.js'
import { SYSTEM_FIELD_DEFS } from './system_fields.js'

/** What a saved filter restores on a list: the builder's filter, sort, quick search and columns. */
export interface SavedFilterState {
  filter?: Filter
  sort?: SortSpec[]
  q?: string
  columns?: string[]
}

export interface SavedFilter extends SavedFilterState {
  id: string
  entity: string
  view: string
  name: string
  created_at: string
  updated_at: string
}

const TABLE = 'sys_saved_filters'
export const MAX_SAVED_FILTERS = 100
const MAX_COLUMNS = 60

/** Messages people read at the name field, in their language. */
const say = (ctx: OpContext, uk: string, en: string) => (ctx.actor.locale === 'en' ? en : uk)

const owner = (ctx: OpContext) => {
  if (!ctx.actor.id) throw new Problem('forbidden')
  return ctx.actor.id
}

function toApi(row: any): SavedFilter {
  const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as SavedFilterState
  const date = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d))
  return { id: row.id, entity: row.entity, view: row.view, name: row.name, ...state, created_at: date(row.created_at), updated_at: date(row.updated_at) }
}

/** The view keys a list of the entity may use: its `view` documents, or the generated one. */
function viewExists(ctx: OpContext, entity: string, view: string) {
  const views = ctx.set.list<ViewDoc>('view').filter((v) => v.entity === entity)
  return views.length ? views.some((v) => v.key === view) : view === `${entity}_default`
}

/**
 * Checks a body's name and list state against what the actor may read; throws problem+json
 * with the JSON pointer of each bad part (the filter through the shared filter validator).
 */
function checkState(ctx: OpContext, entityKey: string, body: Record<string, unknown>, partial: boolean): { name?: string; state: SavedFilterState } {
  const { entity, access } = entityFor(ctx, entityKey, 'read')
  const errors: FieldError[] = []
  let name: string | undefined
  if (body.name !== undefined || !partial) {
    name = typeof body.name === 'string' ? body.name.trim() : ''
    if (!name || name.length > 120) errors.push({ pointer: '/name', message: say(ctx, 'Назва від 1 до 120 символів', 'A name of 1 to 120 characters'), code: 'bad_value' })
  }
  const state: SavedFilterState = {}
  if (body.filter !== undefined && body.filter !== null) state.filter = body.filter as Filter
  if (body.sort !== undefined && body.sort !== null) {
    const ok = Array.isArray(body.sort) && body.sort.length <= 10 && body.sort.every((s: any) => s && typeof s.field === 'string' && (s.dir === undefined || s.dir === 'asc' || s.dir === 'desc'))
    if (ok) state.sort = (body.sort as SortSpec[]).map((s) => ({ field: s.field, dir: s.dir ?? 'asc' }))
    else errors.push({ pointer: '/sort', message: 'an array of {field, dir: asc|desc}', code: 'type' })
  }
  if (body.q !== undefined && body.q !== null && body.q !== '') {
    if (typeof body.q === 'string' && body.q.length <= 200) state.q = body.q
    else errors.push({ pointer: '/q', message: 'a text of at most 200 characters', code: 'type' })
  }
  if (body.columns !== undefined && body.columns !== null) {
    if (!Array.isArray(body.columns) || body.columns.length > MAX_COLUMNS) errors.push({ pointer: '/columns', message: `an array of at most ${MAX_COLUMNS} field names`, code: 'type' })
    else {
      body.columns.forEach((c, i) => {
        if (!columnReadable(ctx, entityKey, c)) errors.push({ pointer: `/columns/${i}`, message: say(ctx, `Немає поля «${String(c)}»`, `No field "${String(c)}"`), code: 'unknown_field' })
      })
      if (!errors.some((e) => e.pointer.startsWith('/columns'))) state.columns = body.columns as string[]
    }
  }
  if (errors.length) throw invalid(errors)
  // the same checks as a list request: unknown, hidden or unsortable fields, filter language
  checkParams(ctx, entity, access, { filter: state.filter, sort: state.sort, q: state.q })
  return { name, state }
}

/** A column path the actor may read: `field`, a system field, or `reference.field`. */
export function columnReadable(ctx: OpContext, entityKey: string, path: unknown): boolean {
  if (typeof path !== 'string' || path.length > 200) return false
  const entity = ctx.set.entity(entityKey)!
  const { access } = entityFor(ctx, entityKey, 'read')
  const [head, ...rest] = path.split('.')
  if (!rest.length) return (!!entity.fields[head] || !!SYSTEM_FIELD_DEFS[head]) && !access.hidden.has(head)
  const ref = entity.fields[head]
  if (!ref || ref.type !== 'reference' || access.hidden.has(head) || rest.length !== 1) return false
  const target = ctx.set.entity(ref.to!)
  if (!target) return false
  try {
    const t = entityFor(ctx, target.key, 'read')
    return (!!target.fields[rest[0]] || !!SYSTEM_FIELD_DEFS[rest[0]]) && !t.access.hidden.has(rest[0])
  } catch {
    return false
  }
}

/** The actor's own saved filters of one entity (optionally one view), by name. */
export async function listSavedFilters(ctx: OpContext, entityKey: string, view?: string): Promise<SavedFilter[]> {
  entityFor(ctx, entityKey, 'read')
  const qb = ctx
    .db(TABLE)
    .where({ user_id: owner(ctx), entity: entityKey })
    .orderBy('name')
  if (view) qb.andWhere({ view })
  return (await qb).map(toApi)
}

export async function createSavedFilter(ctx: OpContext, body: Record<string, unknown>): Promise<SavedFilter> {
  const entityKey = typeof body.entity === 'string' ? body.entity : ''
  if (!entityKey) throw invalid([{ pointer: '/entity', message: 'required', code: 'required' }])
  const view = typeof body.view === 'string' ? body.view : ''
  if (!viewExists(ctx, entityKey, view)) {
    entityFor(ctx, entityKey, 'read')
    throw invalid([{ pointer: '/view', message: say(ctx, `Немає подання «${view}» для ${entityKey}`, `No view "${view}" of ${entityKey}`), code: 'unknown_view' }])
  }
  const { name, state } = checkState(ctx, entityKey, body, false)
  const user = owner(ctx)
  const count = await ctx.db(TABLE).where({ user_id: user }).count({ n: '*' }).first()
  if (Number((count as any)?.n ?? 0) >= MAX_SAVED_FILTERS)
    throw invalid([{ pointer: '/name', message: say(ctx, `Не більше ${MAX_SAVED_FILTERS} збережених фільтрів`, `At most ${MAX_SAVED_FILTERS} saved filters`), code: 'too_many' }])
  await assertNameFree(ctx, user, entityKey, view, name!)
  const [row] = await ctx
    .db(TABLE)
    .insert({ user_id: user, entity: entityKey, view, name, state: JSON.stringify(state) })
    .returning('*')
  return toApi(row)
}

/** Renames and/or replaces the state of one of the actor's own saved filters. */
export async function updateSavedFilter(ctx: OpContext, id: string, body: Record<string, unknown>): Promise<SavedFilter> {
  const row = await own(ctx, id)
  const { name, state } = checkState(ctx, row.entity, body, true)
  const stateGiven = ['filter', 'sort', 'q', 'columns'].some((k) => k in body)
  if (name !== undefined && name !== row.name) await assertNameFree(ctx, row.user_id, row.entity, row.view, name)
  const patch: Record<string, unknown> = { updated_at: new Date() }
  if (name !== undefined) patch.name = name
  if (stateGiven) patch.state = JSON.stringify(state)
  const [updated] = await ctx.db(TABLE).where({ id, user_id: row.user_id }).update(patch).returning('*')
  return toApi(updated)
}

export async function deleteSavedFilter(ctx: OpContext, id: string) {
  const row = await own(ctx, id)
  await ctx.db(TABLE).where({ id, user_id: row.user_id }).delete()
}

/** Another user's saved filter is "not found", exactly like a missing one. */
async function own(ctx: OpContext, id: string) {
  if (!isUuid(id)) throw notFound()
  const row = await ctx
    .db(TABLE)
    .where({ id, user_id: owner(ctx) })
    .first()
  if (!row) throw notFound()
  entityFor(ctx, row.entity, 'read')
  return row
}

async function assertNameFree(ctx: OpContext, user: string, entity: string, view: string, name: string) {
  const taken = await ctx.db(TABLE).where({ user_id: user, entity, view, name }).first('id')
  if (taken) throw invalid([{ pointer: '/name', message: say(ctx, `Фільтр «${name}» вже збережено`, `"${name}" is already saved`), code: 'duplicate' }])
}
