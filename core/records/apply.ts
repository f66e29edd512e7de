import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import type { EntityDoc } from '#core/shared/metadata'
import type { EntityAccess } from '#core/permissions/policy'
import type { CommittedChange } from '#core/events/bus'
import { writeAudit, diffRecords, type AuditAction, redacted } from '#core/audit/audit'
import { Problem } from '#core/errors/problem'
import { workflowFor } from '#core/workflow/resolve'
import { from, scoped, type OpContext } from './context.js'
import { columnFields, joinTableOf, tableOf } from './entity_info.js'
import { toApi } from './serialize.js'
import { runHooks, type HookContext } from './hooks.js'

/**
 * Why a write happened, when not simply because its actor asked: recorded in the audit row
 * (`$reason`, and the notes the timeline reads: `$transition`, `$automation`, `$master`) and
 * seen by hooks (automations do not fire on their own writes).
 */
export type WriteReason = { kind: 'transition'; key: string } | { kind: 'automation'; key: string } | { kind: 'sla' } | { kind: 'master'; id: string } | { kind: 'hook'; name: string }

/** How one write is made and recorded (all optional: a plain write by `trx.actor`). */
export interface ApplyOptions {
  /** The actor's access: its row scope is checked after the write. Absent for system writes. */
  access?: EntityAccess
  reason?: WriteReason
  /** The audit action (default `create`/`update`/`delete`; e.g. `sla_breach`, `automation`). */
  action?: AuditAction
  /** Multi-reference field → target ids to store in the join tables. */
  multi?: Record<string, string[]>
  /** The hooks see a transition (`op: 'transition'`) rather than a plain update. */
  transition?: boolean
}

/** The audit notes of a reason (the timeline and the history read the `$` keys). */
function reasonNotes(reason: WriteReason | undefined): Record<string, unknown> {
  if (!reason) return {}
  const notes: Record<string, unknown> = { $reason: reason }
  if (reason.kind === 'transition') notes.$transition = { to: reason.key }
  if (reason.kind === 'automation') notes.$automation = reason.key
  if (reason.kind === 'master') notes.$master = { to: reason.id }
  return notes
}

/**
 * THE insert of a record: hooks, the workflow's initial state, the actor's scope, the audit row
 * and the `created` event (queued in `events`, published after the commit). The insert, its
 * audit row and the hooks' companion writes (`alongside`) are ONE statement (data-modifying
 * CTEs): a create without join rows, scope or after-hooks costs one round trip. `values` are
 * column values in storage form (a hook may give SQL, e.g. a sequence, as `knex.raw`).
 */
export async function insertRow(trx: OpContext, entity: EntityDoc, values: Record<string, unknown>, events: CommittedChange[], options: ApplyOptions = {}) {
  const actorId = trx.actor.id
  const multi = options.multi ?? {}
  const hook: HookContext = { trx, entity, op: 'create', values: { id: randomUUID(), ...values, created_by: actorId, updated_by: actorId }, events, reason: options.reason, alongside: [] }
  await runHooks('beforeWrite', hook)
  // a record under a workflow starts in its initial state (hooks may have chosen the workflow)
  const wf = workflowFor(trx.set, entity.key, hook.values)
  if (wf) hook.values[wf.field] = wf.initial
  const columns = encodeJson(entity, hook.values)
  const fields = Object.keys(entity.fields)
  const computed = fields.filter((f) => isRaw(columns[f]))
  const changes = { ...diffRecords({}, { ...toApi(entity, plainValues(entity, hook.values, computed)), ...multi }, fields), ...reasonNotes(options.reason) }
  for (const f of computed) changes[f] = { from: null, to: null }
  const insert = trx.db(tableOf(entity)).insert(columns).returning('*').toSQL()
  const row = (await withAudit(trx, entity, insert, options.action ?? 'create', changes, computed, hook.alongside))!
  for (const [field, ids] of Object.entries(multi)) await replaceMulti(trx, entity, field, row.id, ids)
  if (options.access) await assertInScope(trx, entity, options.access, 'create', row.id)
  hook.after = row
  await runHooks('afterWrite', hook)
  events.push({ event: { entity: entity.key, id: row.id, version: row.version, op: 'created' } })
  return row
}

/**
 * Runs a write statement (`RETURNING *`) together with its audit row and companion writes as
 * ONE statement; `computed` fields (SQL values) take their audited `to` from the written row.
 */
async function withAudit(trx: OpContext, entity: EntityDoc, write: Knex.Sql, action: AuditAction, changes: Record<string, unknown>, computed: string[], companions: Knex.QueryBuilder[] = []) {
  // a computed field is audited like any other: its change, none when it stays null
  const body = { ...(trx.actor.redactAudit ? redacted(changes) : changes) }
  const froms = computed.map((f) => {
    const from = (body[f] as { from?: unknown } | undefined)?.from ?? null
    delete body[f]
    return JSON.stringify(from)
  })
  const audited = computed.reduce(
    (expr, f) =>
      `${expr} || (CASE WHEN w."${f}" IS NULL AND ?::jsonb = 'null'::jsonb THEN '{}'::jsonb ELSE jsonb_build_object('${f}', jsonb_build_object('from', ?::jsonb, 'to', to_jsonb(w."${f}"))) END)`,
    '?::jsonb'
  )
  const others = companions.map((q) => q.toSQL())
  const { rows } = await trx.db.raw(
    `WITH w AS (${write.sql}),
     audit AS (INSERT INTO sys_audit (actor_id, entity, record_id, action, changes, request_id)
               SELECT ?, ?, w.id, ?, ${audited}, ? FROM w)${others.map((c, i) => `,\n     c${i} AS (${c.sql})`).join('')}
     SELECT * FROM w`,
    [...write.bindings, trx.actor.id, entity.key, action, JSON.stringify(body), ...froms.flatMap((f) => [f, f]), trx.actor.requestId ?? null, ...others.flatMap((c) => c.bindings)]
  )
  return rows[0] as Record<string, any> | undefined
}

/** Values as the API would show them, for the audit: JSON text parsed, SQL values left out. */
function plainValues(entity: EntityDoc, values: Record<string, unknown>, computed: string[]) {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(values)) {
    if (computed.includes(k)) continue
    const type = entity.fields[k]?.type
    out[k] = (type === 'json' || type === 'geo_point') && typeof v === 'string' ? JSON.parse(v) : v
  }
  return out
}

function isRaw(value: unknown) {
  return typeof value === 'object' && value !== null && (value as { isRawInstance?: boolean }).isRawInstance === true
}

/**
 * THE update of a locked row (`before`, read `FOR UPDATE`): hooks, the new version and
 * `updated_by`, join rows, the actor's scope, the audit row and the `updated` event. A write
 * that changes nothing (after the hooks) writes nothing and returns `changed: false`.
 */
export async function updateRow(trx: OpContext, entity: EntityDoc, before: Record<string, any>, values: Record<string, unknown>, events: CommittedChange[], options: ApplyOptions = {}) {
  const id = before.id as string
  const multi = options.multi ?? {}
  const beforeMulti: Record<string, string[]> = {}
  for (const field of Object.keys(multi)) {
    beforeMulti[field] = (await trx.db(joinTableOf(entity, field)).where('source_id', id).orderBy('target_id').pluck('target_id')) as string[]
  }
  const hook: HookContext = { trx, entity, op: options.transition ? 'transition' : 'update', values: { ...values }, before, events, reason: options.reason }
  await runHooks('beforeWrite', hook)
  const beforeApi = { ...toApi(entity, before), ...beforeMulti }
  const sorted = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, [...v].sort()]))
  const fields = Object.keys(entity.fields)
  const columns = encodeJson(entity, hook.values)
  const computed = fields.filter((f) => isRaw(columns[f]))
  const changes: Record<string, unknown> = diffRecords(beforeApi, { ...beforeApi, ...toApi(entity, plainValues(entity, hook.values, computed)), ...sorted }, fields)
  if (!options.transition && !computed.length && !Object.keys(changes).length) return { row: before, changed: false }
  for (const f of computed) changes[f] = { from: beforeApi[f] ?? null, to: null }
  Object.assign(changes, reasonNotes(options.reason))
  const update = trx
    .db(tableOf(entity))
    .where({ id, version: before.version })
    .update({ ...columns, version: before.version + 1, updated_at: trx.db.fn.now(), updated_by: trx.actor.id })
    .returning('*')
    .toSQL()
  // the update and its audit row: one statement
  const row = await withAudit(trx, entity, update, options.action ?? 'update', changes, computed)
  if (!row) throw new Error(`${entity.key} ${id} changed under its lock`)
  for (const [field, ids] of Object.entries(multi)) await replaceMulti(trx, entity, field, id, ids)
  if (options.access) await assertInScope(trx, entity, options.access, 'update', id)
  hook.after = row
  await runHooks('afterWrite', hook)
  events.push({ event: { entity: entity.key, id, version: row.version, op: 'updated' } })
  return { row, changed: true }
}

/** THE delete of a locked row: soft (a new version) or hard, hooks, the audit row and the event. */
export async function deleteRow(trx: OpContext, entity: EntityDoc, before: Record<string, any>, events: CommittedChange[], options: ApplyOptions = {}) {
  const id = before.id as string
  const hook: HookContext = { trx, entity, op: 'delete', values: {}, before, events, reason: options.reason }
  await runHooks('beforeWrite', hook)
  if (entity.softDelete) {
    await trx
      .db(tableOf(entity))
      .where({ id })
      .update({ deleted_at: trx.db.fn.now(), version: before.version + 1, updated_by: trx.actor.id, updated_at: trx.db.fn.now() })
    events.push({ event: { entity: entity.key, id, version: before.version + 1, op: 'deleted' } })
  } else {
    await trx.db(tableOf(entity)).where({ id }).delete()
    events.push({ event: { entity: entity.key, id, version: before.version, op: 'deleted' }, before })
  }
  await runHooks('afterWrite', hook)
  const changes = diffRecords(toApi(entity, before), {}, Object.keys(entity.fields))
  await writeAudit(trx.db, trx.actor, { entity: entity.key, recordId: id, action: options.action ?? 'delete', changes: { ...changes, ...reasonNotes(options.reason) } })
}

/** After a write the row must still be inside the actor's scope: no moving records out of reach. */
export async function assertInScope(trx: OpContext, entity: EntityDoc, access: EntityAccess, action: 'create' | 'update', id: string) {
  if (access.scope(action) === undefined) return
  const qb = from(trx, entity).select('t.id').where('t.id', id)
  scoped(trx, qb, entity, access, action)
  if (!(await qb.first())) throw new Problem('forbidden', [], {}, 'the record would be outside your scope')
}

async function replaceMulti(trx: OpContext, entity: EntityDoc, field: string, id: string, ids: string[]) {
  const table = joinTableOf(entity, field)
  await trx.db(table).where('source_id', id).delete()
  if (ids.length) await trx.db(table).insert(ids.map((target) => ({ source_id: id, target_id: target })))
}

/** jsonb columns get JSON text: `pg` would send a JS array as a PostgreSQL array. */
export function encodeJson(entity: EntityDoc, values: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...values }
  for (const [name, field] of columnFields(entity)) {
    if ((field.type === 'json' || field.type === 'geo_point') && out[name] !== undefined && out[name] !== null && typeof out[name] !== 'string') {
      out[name] = JSON.stringify(out[name])
    }
  }
  return out
}
