import type { Knex } from 'knex'
import type { EntityDoc } from '#core/shared/metadata'
import type { FieldError } from '#core/shared/problem'
import type { EntityAccess } from '#core/permissions/policy'
import { Problem, invalid, notFound } from '#core/errors/problem'
import { accessFor } from '#core/permissions/policy'
import { mayAttach } from '#core/files/access'
import { message } from '#core/validation/messages'
import { insertRow, updateRow, deleteRow } from './apply.js'
import { changes as changeBus, type CommittedChange } from '#core/events/bus'
import { entityFor, from, scoped, type OpContext } from './context.js'
import { prepare, type Prepared } from './prepare.js'
import { visibleIds, isUuid } from './read.js'
import { toApi } from './serialize.js'
import { createsInOneStatement } from './hooks.js'

/** Runs `work` in one transaction and publishes its events only after the commit. */
export async function inTransaction<T>(ctx: OpContext, work: (trx: OpContext, events: CommittedChange[]) => Promise<T>): Promise<T> {
  const events: CommittedChange[] = []
  const result = await (ctx.db as Knex).transaction((trx) => work({ ...ctx, db: trx }, events))
  changeBus.publish(events)
  return result
}

/** References must point at records the actor may read: no linking to what one cannot see. */
export async function checkReferences(ctx: OpContext, prepared: Prepared, pointerPrefix = ''): Promise<FieldError[]> {
  const errors: FieldError[] = []
  for (const ref of prepared.references) {
    // an unrestricted reader of a target without soft delete sees every row: the foreign key
    // alone then decides (a missing target still comes back as a field error, see mapDbError)
    const target = ctx.set.entity(ref.to)
    const access = target && accessFor(ctx.set, ctx.actor, target.key)
    if (target && access && access.can('read') && access.scope('read') === undefined && !target.softDelete) continue
    const visible = await visibleIds(ctx, ref.to, ref.ids)
    ref.ids.forEach((id, i) => {
      if (!visible.has(id)) {
        const pointer = `${pointerPrefix}/${ref.field}${prepared.multi[ref.field] ? `/${i}` : ''}`
        errors.push({ pointer, message: message('not_found', ctx.actor.locale), code: 'not_found' })
      }
    })
  }
  for (const file of prepared.files) {
    if (!(await mayAttach(ctx, file.id))) {
      errors.push({ pointer: `${pointerPrefix}/${file.field}`, message: message('not_found', ctx.actor.locale), code: 'not_found' })
    }
  }
  return errors
}

/** Inserts one prepared record inside `trx` (shared by create and bulk import). */
export function insertPrepared(trx: OpContext, entity: EntityDoc, access: EntityAccess, prepared: Prepared, events: CommittedChange[], action: 'create' | 'import' = 'create') {
  return insertRow(trx, entity, prepared.columns, events, { access, action, multi: prepared.multi })
}

const automated = new WeakMap<object, Set<string>>()

/**
 * Automations fired by a create of this entity need the hooked write path (they are queued in
 * its transaction). Only those `on: { event: 'created' }` fire on a create (core/automation/trigger.ts).
 */
function hasCreateAutomations(ctx: OpContext, entity: string) {
  let entities = automated.get(ctx.set)
  if (!entities) {
    const docs = ctx.set.list<{ kind: string; key: string; entity?: string; on?: { event?: string } }>('automation')
    entities = new Set(docs.filter((a) => a.on?.event === 'created').map((a) => a.entity ?? ''))
    automated.set(ctx.set, entities)
  }
  return entities.has(entity)
}

async function insertAlone(ctx: OpContext, entity: EntityDoc, prepared: Prepared) {
  const events: CommittedChange[] = []
  const row = await insertRow(ctx, entity, prepared.columns, events)
  changeBus.publish(events)
  return row
}

export async function create(ctx: OpContext, entityKey: string, body: unknown) {
  const { entity, access } = entityFor(ctx, entityKey, 'create')
  const { prepared, errors } = prepare(ctx.set, entity, access, body, 'create', ctx.actor.locale)
  if (!prepared) throw invalid(errors)
  const refErrors = await checkReferences(ctx, prepared)
  if (refErrors.length) throw invalid(refErrors)
  const simple = !Object.keys(prepared.multi).length && access.scope('create') === undefined && createsInOneStatement(entity.key) && !hasCreateAutomations(ctx, entity.key)
  // every create is one statement (apply.ts); the common one (no join rows, no row scope to
  // re-check, no automations, hooks that only read and add companions to the statement) needs
  // no explicit transaction around it: the workflow's initial state is a value of the insert
  const row = simple
    ? await insertAlone(ctx, entity, prepared).catch(mapDbError(ctx))
    : await inTransaction(ctx, (trx, events) => insertPrepared(trx, entity, access, prepared, events)).catch(mapDbError(ctx))
  // the inserted row as the creator may read it, without reading it back
  const record = toApi(entity, row)
  for (const field of access.hidden) delete record[field]
  for (const [field, ids] of Object.entries(prepared.multi)) if (!access.hidden.has(field)) record[field] = [...ids].sort()
  for (const [field, def] of Object.entries(entity.fields)) {
    if (def.type === 'multi_reference' && !access.hidden.has(field)) record[field] ??= []
  }
  return record
}

export async function update(ctx: OpContext, entityKey: string, id: string, body: unknown, ifVersion?: number) {
  const { entity, access } = entityFor(ctx, entityKey, 'update')
  if (!isUuid(id)) throw notFound()
  const { prepared, errors } = prepare(ctx.set, entity, access, body, 'update', ctx.actor.locale)
  if (!prepared) throw invalid(errors)
  const expected = prepared.version ?? ifVersion
  const refErrors = await checkReferences(ctx, prepared)
  if (refErrors.length) throw invalid(refErrors)
  return inTransaction(ctx, async (trx, events) => {
    const before = await lockRow(trx, entity, access, 'update', id)
    if (expected !== undefined && before.version !== expected) throw conflict(before)
    const { row, changed } = await updateRow(trx, entity, before, prepared.columns, events, { access, multi: prepared.multi })
    return { id, version: row.version as number, changed }
  }).catch(mapDbError(ctx))
}

export async function remove(ctx: OpContext, entityKey: string, id: string, ifVersion?: number) {
  const { entity, access } = entityFor(ctx, entityKey, 'delete')
  if (!isUuid(id)) throw notFound()
  return inTransaction(ctx, async (trx, events) => {
    const before = await lockRow(trx, entity, access, 'delete', id)
    if (ifVersion !== undefined && before.version !== ifVersion) throw conflict(before)
    await deleteRow(trx, entity, before, events)
  }).catch(mapDbError(ctx))
}

export async function lockRow(trx: OpContext, entity: EntityDoc, access: EntityAccess, action: 'update' | 'delete', id: string) {
  const qb = from(trx, entity).select('t.*').where('t.id', id).forUpdate()
  scoped(trx, qb, entity, access, action)
  const row = await qb.first()
  if (!row) throw notFound()
  return row
}

export { encodeJson } from './apply.js'

export function conflict(current: Record<string, any>) {
  return new Problem('conflict', [{ pointer: '/version', message: 'stale version', code: 'stale' }], {
    currentVersion: current.version,
    updatedAt: current.updated_at,
    updatedBy: current.updated_by,
  })
}

/** Constraint violations as field errors: unique → the field, foreign key → the field. */
export function mapDbError(ctx: OpContext, pointerPrefix = '') {
  return (error: any): never => {
    if (error instanceof Problem) throw error
    // a join table `<entity>__<field>` stands for its multi-reference field
    const joinField = typeof error?.table === 'string' && error.table.includes('__') ? error.table.split('__')[1] : undefined
    const column = joinField ?? /Key \(([a-z0-9_]+)\)/.exec(error?.detail ?? '')?.[1]
    if (error?.code === '23505') {
      throw invalid([{ pointer: `${pointerPrefix}/${column ?? ''}`, message: message('unique', ctx.actor.locale), code: 'unique' }])
    }
    if (error?.code === '23503') {
      if (/is still referenced/.test(error.detail ?? '')) throw new Problem('conflict', [], {}, 'other records refer to this one')
      throw invalid([{ pointer: `${pointerPrefix}/${column ?? ''}`, message: message('not_found', ctx.actor.locale), code: 'not_found' }])
    }
    if (error?.code === '22P02' || error?.code === '22007' || error?.code === '22008' || error?.code === '22003') {
      throw invalid([{ pointer: pointerPrefix || '/', message: String(error.message), code: 'invalid' }])
    }
    throw error
  }
}
