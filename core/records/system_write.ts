import type { Knex } from 'knex'
import type { EntityDoc } from '#core/shared/metadata'
import type { AuditAction } from '#core/audit/audit'
import { changes as changeBus, type CommittedChange } from '#core/events/bus'
import { notFound } from '#core/errors/problem'
import { fieldTypes } from '#core/schema/field_types'
import type { OpContext } from './context.js'
import { tableOf } from './entity_info.js'
import { insertRow, updateRow, deleteRow, type WriteReason } from './apply.js'

export type { WriteReason } from './apply.js'

/**
 * A write the code makes, not a user's request: on behalf of `ctx.actor` (a user, or
 * `SYSTEM_ACTOR` for timers and automations) without permission checks — but always with the
 * record's hooks, a new version, `updated_by`, an audit row (`action`, `reason`) and the event.
 */
export interface SystemWriteOptions {
  reason?: WriteReason
  /** The audit action, e.g. `sla_breach`, `automation` (default `create`/`update`/`delete`). */
  action?: AuditAction
  /**
   * Where to queue the events when the caller publishes them after its commit (a record hook
   * passes its `events`). Without it, inside a transaction (`ctx.db`) they are published when
   * that transaction commits; otherwise the write has its own transaction.
   */
  events?: CommittedChange[]
}

/** Runs `work` in the caller's transaction or its own, publishing the events after the commit. */
async function within<T>(ctx: OpContext, options: SystemWriteOptions, work: (trx: OpContext, events: CommittedChange[]) => Promise<T>): Promise<T> {
  if (options.events) return work(ctx, options.events)
  const db = ctx.db as Knex.Transaction
  if (db.isTransaction) {
    const events: CommittedChange[] = []
    const result = await work(ctx, events)
    // published once the caller's transaction commits (never on rollback)
    db.executionPromise.then(
      () => changeBus.publish(events),
      () => undefined
    )
    return result
  }
  const events: CommittedChange[] = []
  const result = await (ctx.db as Knex).transaction((trx) => work({ ...ctx, db: trx }, events))
  changeBus.publish(events)
  return result
}

function entityOf(ctx: OpContext, key: string): EntityDoc {
  const entity = ctx.set.entity(key)
  if (!entity) throw new Error(`no entity "${key}"`)
  return entity
}

/** Splits multi-reference values (join rows) from column values. */
function split(entity: EntityDoc, values: Record<string, unknown>) {
  const columns: Record<string, unknown> = {}
  const multi: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(values)) {
    if (entity.fields[name]?.type === 'multi_reference') multi[name] = [...new Set((value as string[] | null) ?? [])]
    else columns[name] = value
  }
  return { columns, multi }
}

/** The metadata defaults of the fields `values` leaves out (as a user's create gets them). */
function defaults(entity: EntityDoc, values: Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(entity.fields)) {
    if (field.default === undefined || name in values) continue
    const type = fieldTypes.get(field.type)
    out[name] = field.type !== 'multi_reference' && type.toDb ? type.toDb(field.default, field) : field.default
  }
  return out
}

/** The row locked for this write: the one the caller read `FOR UPDATE`, or read now by id. */
async function locked(trx: OpContext, entity: EntityDoc, target: string | Record<string, any>) {
  if (typeof target !== 'string') return target
  const qb = trx.db(tableOf(entity)).where({ id: target }).forUpdate()
  if (entity.softDelete) qb.whereNull('deleted_at')
  const row = await qb.first()
  if (!row) throw notFound()
  return row
}

/**
 * Creates a record as the system (or `ctx.actor`), with its hooks, audit and event.
 * `values` are column values (multi-references as id arrays); returns the inserted row.
 *
 * @example await systemCreate({ ...op, actor: SYSTEM_ACTOR }, 'message', { channel: 'sms', body }, { reason: { kind: 'automation', key } })
 */
export function systemCreate(ctx: OpContext, entityKey: string, values: Record<string, unknown>, options: SystemWriteOptions = {}) {
  const entity = entityOf(ctx, entityKey)
  const { columns, multi } = split(entity, { ...defaults(entity, values), ...values })
  return within(ctx, options, (trx, events) => insertRow(trx, entity, columns, events, { ...options, multi }))
}

/**
 * Updates a record as the system (or `ctx.actor`): `target` is its id, or its row already read
 * `FOR UPDATE` in `ctx.db`. Nothing is written when nothing changes (`changed: false`).
 *
 * @example await systemUpdate({ set, actor: SYSTEM_ACTOR, db: trx }, 'ticket', row, slaFields, { action: 'sla_breach', reason: { kind: 'sla' } })
 */
export function systemUpdate(ctx: OpContext, entityKey: string, target: string | Record<string, any>, values: Record<string, unknown>, options: SystemWriteOptions & { transition?: boolean } = {}) {
  const entity = entityOf(ctx, entityKey)
  const { columns, multi } = split(entity, values)
  return within(ctx, options, async (trx, events) => updateRow(trx, entity, await locked(trx, entity, target), columns, events, { ...options, multi }))
}

/** Deletes a record (softly when its entity keeps deleted rows) as the system or `ctx.actor`. */
export function systemDelete(ctx: OpContext, entityKey: string, target: string | Record<string, any>, options: SystemWriteOptions = {}) {
  const entity = entityOf(ctx, entityKey)
  return within(ctx, options, async (trx, events) => deleteRow(trx, entity, await locked(trx, entity, target), events, options))
}
