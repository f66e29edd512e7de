import type { EntityDoc } from '#core/shared/metadata'
import type { CommittedChange } from '#core/events/bus'
import type { Actor } from '#core/permissions/actor'
import { filterVariables } from '#core/permissions/actor'
import { accessFor } from '#core/permissions/policy'
import { applyFilter, evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { engine } from '#core/engine/engine'
import { joinTableOf, tableOf } from '#core/records/entity_info'

/**
 * May `actor` see the record a change is about? The same row scope as the API: in SQL while
 * the row exists (a soft-deleted row is checked as it is), in memory on the row as it was
 * for a hard delete (the evaluator resolves reference paths through the database).
 */
export async function canSee(actor: Actor, change: CommittedChange): Promise<boolean> {
  const set = engine.set
  const entity = set.entity(change.event.entity)
  if (!entity) return false
  const access = accessFor(set, actor, entity.key)
  if (!access.can('read')) return false
  const scope = access.scope('read')
  if (scope === false) return false
  if (scope === undefined) return true
  const schema = filterSchemaOf(set)
  const variables = filterVariables(actor)
  if (change.before) {
    return evaluateFilter(schema, entity.key, scope, change.before, variables, (key: string, id: string) => loadRow(set.entity(key), id), {
      referencing: (key, via, id) => referencingRows(set.entity(key), via, id),
    })
  }
  const qb = engine
    .knex({ t: tableOf(entity) } as any)
    .select('t.id')
    .where('t.id', change.event.id)
  applyFilter(qb, schema, entity.key, scope, variables, 't')
  return !!(await qb.first())
}

async function loadRow(entity: EntityDoc | undefined, id: string) {
  if (!entity) return undefined
  return engine.knex(tableOf(entity)).where({ id }).first()
}

/** Rows of `entity` whose reference `via` points at `id`, for `$exists` in a scope. */
async function referencingRows(entity: EntityDoc | undefined, via: string, id: string) {
  if (!entity) return []
  const qb = engine.knex(tableOf(entity))
  if (entity.fields[via]?.type === 'multi_reference') return qb.whereIn('id', engine.knex(joinTableOf(entity, via)).select('source_id').where('target_id', id))
  return qb.where(via, id)
}

/** Actors with the same roles and attributes see the same rows: check once per group. */
export function scopeSignature(actor: Actor): string {
  return JSON.stringify([[...actor.roles].sort(), actor.id, actor.attributes])
}
