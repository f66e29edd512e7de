import type { Knex } from 'knex'
import type { EntityDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { accessFor, type EntityAccess } from '#core/permissions/policy'
import { filterVariables, type Actor } from '#core/permissions/actor'
import { applyFilter, type HopGuard } from '#core/filter/index'
import type { Filter } from '#core/shared/filter'
import type { RoleAction } from '#core/shared/metadata'
import { notFound, Problem } from '#core/errors/problem'
import { message } from '#core/validation/messages'
import { tableOf } from './entity_info.js'

/** Everything one records operation needs: metadata, actor, access, a query handle. */
export interface OpContext {
  set: MetadataSet
  actor: Actor
  db: Knex | Knex.Transaction
}

/**
 * The entity and the actor's access to it for `action`. An entity the actor may not use at
 * all is reported as not found, like a record outside its scope: nothing can be probed.
 */
export function entityFor(ctx: OpContext, key: string, action: RoleAction): { entity: EntityDoc; access: EntityAccess } {
  const entity = ctx.set.entity(key)
  if (!entity) throw notFound()
  const access = accessFor(ctx.set, ctx.actor, key)
  if (!access.can('read')) throw notFound()
  // engine-owned tables (users) have their own API: the records pipeline only reads them
  if (entity.managed === false && action !== 'read' && action !== 'export') {
    throw new Problem('validation', [{ pointer: '/', message: message('engine_owned', ctx.actor.locale), code: 'engine_owned' }])
  }
  if (!access.can(action)) throw notFound()
  return { entity, access }
}

/** Adds the row scope of `action` (and soft-delete) to a query on the entity's table. */
export function scoped(ctx: OpContext, qb: Knex.QueryBuilder, entity: EntityDoc, access: EntityAccess, action: RoleAction, alias = 't') {
  if (entity.softDelete) qb.whereNull(`${alias}.deleted_at`)
  const scope = access.scope(action)
  if (scope === false) qb.whereRaw('false')
  else if (scope) applyFilter(qb, filterSchemaOf(ctx.set), entity.key, scope, filterVariables(ctx.actor), alias)
  return qb
}

export function from(ctx: OpContext, entity: EntityDoc, alias = 't') {
  return ctx.db({ [alias]: tableOf(entity) } as any)
}

/**
 * Applies a caller's (already validated) filter. Every hop of its paths and `$exists` reaches
 * only records the caller may read ({@link readGuard}): a hop into anything else matches nothing.
 */
export function filtered(ctx: OpContext, qb: Knex.QueryBuilder, entity: EntityDoc, filter: Filter | undefined, alias = 't') {
  if (filter) applyFilter(qb, filterSchemaOf(ctx.set), entity.key, filter, filterVariables(ctx.actor), alias, { guard: readGuard(ctx) })
  return qb
}

/**
 * The caller's guard for the hops of its filters: a related record must be in the caller's
 * read scope of its entity and not soft-deleted; an entity it may not read is reached by no hop.
 */
export function readGuard(ctx: OpContext): HopGuard {
  return (key) => {
    const entity = ctx.set.entity(key)
    if (!entity) return false
    const scope = accessFor(ctx.set, ctx.actor, key).scope('read')
    if (scope === false) return false
    const live: Filter | undefined = entity.softDelete ? { deleted_at: { isNull: true } } : undefined
    if (!scope) return live
    return live ? { and: [scope, live] } : scope
  }
}
