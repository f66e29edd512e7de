import type { ExistsFilter, Filter, Operators } from '#core/shared/filter'
import type { EntityDoc } from '#core/shared/metadata'
import { logViews } from '#core/audit/audit'
import { resolveField, splitPath } from '#core/filter/context'
import { applyFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { filterVariables } from '#core/permissions/actor'
import { accessFor } from '#core/permissions/policy'
import { from, readGuard, scoped, type OpContext } from './context.js'
import { isPersonal, joinTableOf } from './entity_info.js'
import { visibleIds } from './read.js'

/**
 * Logs the personal data a caller's filter read on the way to its answer: the records of
 * personal entities (contacts) that a path (`resident.phone`, `duplicate_of.resident.phone`)
 * or a `$exists` reached from the records returned, as far as the caller may read them (the
 * others matched nothing). A path is followed whole from the returned records, so the log
 * names every reachable record the condition looked at, not only the one that matched.
 */
export async function logFilterReach(ctx: OpContext, entity: EntityDoc, filter: Filter | undefined, ids: string[]) {
  if (!filter || !ids.length || !touches(ctx, entity, filter)) return
  await walk(ctx, entity, filter, ids)
}

async function walk(ctx: OpContext, entity: EntityDoc, filter: Filter, ids: string[]): Promise<void> {
  if (!ids.length) return
  if ('and' in filter || 'or' in filter) {
    for (const f of (filter as { and?: Filter[] }).and ?? (filter as { or: Filter[] }).or) await walk(ctx, entity, f, ids)
    return
  }
  if ('not' in filter) return walk(ctx, entity, (filter as { not: Filter }).not, ids)
  if ('$exists' in filter) {
    const { entity: key, via, where } = (filter as ExistsFilter).$exists
    const target = ctx.set.entity(key)
    if (!target || !(isPersonal(target) || (where && touches(ctx, target, where)))) return
    const reached = await referencing(ctx, target, via, ids, where)
    if (isPersonal(target)) await logViews(ctx, target.key, reached)
    if (where) await walk(ctx, target, where, reached)
    return
  }
  for (const path of Object.keys(filter as Record<string, Operators>)) {
    const segments = splitPath(path) ?? []
    // most paths (object.street, counterparty.name) touch no personal data: no queries for them
    if (!hops(ctx, entity, segments).some(isPersonal)) continue
    let at = entity
    let current = ids
    for (const name of segments.slice(0, -1)) {
      // created_by / updated_by too: they lead to users
      const field = resolveField(filterSchemaOf(ctx.set), at.key, name)
      const next = field?.to ? ctx.set.entity(field.to) : undefined
      if (!field || !next) break
      current = [...(await visibleIds(ctx, next.key, await follow(ctx, at, name, field.kind === 'set', current)))]
      at = next
      if (isPersonal(at)) await logViews(ctx, at.key, current)
      if (!current.length) break
    }
  }
}

/** Whether a filter reaches a personal entity through a path or `$exists` at all. */
function touches(ctx: OpContext, entity: EntityDoc, filter: Filter): boolean {
  if ('and' in filter || 'or' in filter) return ((filter as { and?: Filter[] }).and ?? (filter as { or: Filter[] }).or).some((f) => touches(ctx, entity, f))
  if ('not' in filter) return touches(ctx, entity, (filter as { not: Filter }).not)
  if ('$exists' in filter) {
    const { entity: key, where } = (filter as ExistsFilter).$exists
    const target = ctx.set.entity(key)
    return !!target && (isPersonal(target) || (!!where && touches(ctx, target, where)))
  }
  return Object.keys(filter).some((path) => hops(ctx, entity, splitPath(path) ?? []).some(isPersonal))
}

/** The entities a path walks into, in order (its last segment is a field of the last one). */
function hops(ctx: OpContext, entity: EntityDoc, segments: string[]): EntityDoc[] {
  const out: EntityDoc[] = []
  let at = entity
  for (const name of segments.slice(0, -1)) {
    const to = resolveField(filterSchemaOf(ctx.set), at.key, name)?.to
    const next = to ? ctx.set.entity(to) : undefined
    if (!next) break
    out.push((at = next))
  }
  return out
}

/** Ids that the reference (or multi_reference) `name` of the records `ids` points at. */
async function follow(ctx: OpContext, entity: EntityDoc, name: string, multi: boolean, ids: string[]): Promise<string[]> {
  const rows = multi
    ? await ctx.db(joinTableOf(entity, name)).distinct({ id: 'target_id' }).whereIn('source_id', ids)
    : await from(ctx, entity)
        .distinct({ id: `t.${name}` })
        .whereIn('t.id', ids)
        .whereNotNull(`t.${name}`)
  return rows.map((r: { id: string }) => r.id)
}

/** Records of `entity` the caller may read whose `via` points at one of `ids` and that match `where`. */
async function referencing(ctx: OpContext, entity: EntityDoc, via: string, ids: string[], where: Filter | undefined): Promise<string[]> {
  const qb = from(ctx, entity).select('t.id')
  if (entity.fields[via]?.type === 'multi_reference') {
    qb.whereIn('t.id', ctx.db(joinTableOf(entity, via)).select('source_id').whereIn('target_id', ids))
  } else qb.whereIn(`t.${via}`, ids)
  scoped(ctx, qb, entity, accessFor(ctx.set, ctx.actor, entity.key), 'read')
  if (where) applyFilter(qb, filterSchemaOf(ctx.set), entity.key, where, filterVariables(ctx.actor), 't', { guard: readGuard(ctx) })
  return (await qb).map((r: { id: string }) => r.id)
}
