import type { Knex } from 'knex'
import type { Actor } from '#core/permissions/actor'

import type { Label } from '#core/shared/metadata'

/**
 * The audit's action names. Core's are here; a module adds its own by declaration merging
 * (`declare module '#core/audit/audit' { interface AuditActions { sla_breach: true } }`) and
 * registers their labels with `registerAuditAction` when it installs.
 */
export interface AuditActions {
  create: true
  update: true
  delete: true
  import: true
  publish: true
  login: true
  logout: true
  password_changed: true
  automation: true
  second_factor_on: true
  second_factor_off: true
}

export type AuditAction = keyof AuditActions

const labels = new Map<string, Label>()

/** Names an audit action for people (the history and audit screens show the label). */
export function registerAuditAction(action: AuditAction, label: Label) {
  labels.set(action, label)
}

/** Every registered audit action with its label. */
export function auditActionLabels(): Record<string, Label> {
  return Object.fromEntries(labels)
}

/** Before/after of the changed fields only. */
export type Changes = Record<string, { from?: unknown; to?: unknown }>

/**
 * Appends one audit row in the caller's transaction, so the audit and the change commit or
 * roll back together. The table is append-only (a trigger refuses UPDATE, DELETE, TRUNCATE).
 */
export async function writeAudit(db: Knex | Knex.Transaction, actor: Actor, entry: { entity: string; recordId: string | null; action: AuditAction; changes?: Changes | Record<string, unknown> }) {
  await db('sys_audit').insert({
    actor_id: actor.id,
    entity: entry.entity,
    record_id: entry.recordId,
    action: entry.action,
    changes: entry.changes ? JSON.stringify(actor.redactAudit ? redacted(entry.changes) : entry.changes) : null,
    request_id: actor.requestId ?? null,
  })
}

registerAuditAction('create', { uk: 'Створення', en: 'Created' })
registerAuditAction('update', { uk: 'Зміна', en: 'Changed' })
registerAuditAction('delete', { uk: 'Видалення', en: 'Deleted' })
registerAuditAction('import', { uk: 'Імпорт', en: 'Imported' })
registerAuditAction('publish', { uk: 'Публікація', en: 'Published' })
registerAuditAction('login', { uk: 'Вхід', en: 'Signed in' })
registerAuditAction('logout', { uk: 'Вихід', en: 'Signed out' })
registerAuditAction('password_changed', { uk: 'Зміна пароля', en: 'Password changed' })
registerAuditAction('automation', { uk: 'Автоматизація', en: 'Automation' })
registerAuditAction('second_factor_on', { uk: 'Увімкнено двофакторний вхід', en: 'Two-factor sign-in on' })
registerAuditAction('second_factor_off', { uk: 'Вимкнено двофакторний вхід', en: 'Two-factor sign-in off' })

/**
 * Which fields changed and to what, without what they were (an erasure must not copy them).
 * The row is marked `$erased`: readers of the audit mask those fields in the record's older
 * rows too (`maskErased`), which the append-only table does not let anyone rewrite.
 */
export function redacted(changes: Changes | Record<string, unknown>) {
  const out: Record<string, unknown> = { $erased: true }
  for (const [field, change] of Object.entries(changes)) {
    out[field] = change && typeof change === 'object' && 'from' in change ? { ...change, from: '[erased]' } : change
  }
  return out
}

// records already logged for an actor of one request (the actor object lives as long as it)
const logged = new WeakMap<Actor, Set<string>>()

/**
 * Who viewed whom: reads of records with personal data (Ukraine's personal-data law), one row
 * per record per request (a list, its includes, the records its filter reached and every page
 * of an export share the request's actor).
 */
export async function logViews(ctx: { db: Knex | Knex.Transaction; actor: Actor }, entity: string, ids: string[]) {
  if (!ids.length || ctx.actor.system) return
  let fresh = [...new Set(ids)]
  if (ctx.actor.requestId) {
    let seen = logged.get(ctx.actor)
    if (!seen) logged.set(ctx.actor, (seen = new Set()))
    fresh = fresh.filter((id) => !seen.has(`${entity}:${id}`))
    for (const id of fresh) seen.add(`${entity}:${id}`)
  }
  if (!fresh.length) return
  await ctx.db('sys_record_views').insert(fresh.map((id) => ({ actor_id: ctx.actor.id, entity, record_id: id, request_id: ctx.actor.requestId ?? null })))
}

/** Field-level difference of two records, for the audit. */
export function diffRecords(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): Changes {
  const changes: Changes = {}
  for (const f of fields) {
    const a = before[f] ?? null
    const b = after[f] ?? null
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[f] = { from: a, to: b }
  }
  return changes
}

/** What an erased value reads as. */
export const ERASED = '[erased]'

interface AuditRowLike {
  id: number | string
  entity: string
  record_id: string | null
  changes: unknown
}

/**
 * Audit rows as they may be shown after an erasure: in a record's rows older than an erasure
 * of it (a row marked `$erased`), the values of the fields the erasure changed read `[erased]`.
 * One query for all the records of the page.
 */
export async function maskErased<R extends AuditRowLike>(db: Knex | Knex.Transaction, rows: R[]): Promise<R[]> {
  const records = [...new Set(rows.filter((r) => r.record_id).map((r) => `${r.entity}\u0000${r.record_id}`))].map((k) => k.split('\u0000'))
  if (!records.length) return rows
  const erasures: Array<{ id: string; entity: string; record_id: string; changes: unknown }> = await db('sys_audit')
    .whereIn(['entity', 'record_id'], records)
    .whereRaw(`changes->>'$erased' = 'true'`)
    .select('id', 'entity', 'record_id', 'changes')
  if (!erasures.length) return rows
  const parse = (c: unknown) => ((typeof c === 'string' ? JSON.parse(c) : c) ?? {}) as Record<string, unknown>
  return rows.map((row) => {
    const later = erasures.filter((e) => e.entity === row.entity && e.record_id === row.record_id && Number(e.id) > Number(row.id))
    if (!later.length) return row
    const fields = new Set(later.flatMap((e) => Object.keys(parse(e.changes)).filter((k) => !k.startsWith('$'))))
    const changes = parse(row.changes)
    const masked: Record<string, unknown> = {}
    for (const [field, change] of Object.entries(changes)) {
      if (!fields.has(field)) masked[field] = change
      else if (change && typeof change === 'object' && ('from' in change || 'to' in change))
        masked[field] = { ...('from' in change ? { from: ERASED } : {}), ...('to' in change ? { to: ERASED } : {}) }
      else masked[field] = ERASED
    }
    return { ...row, changes: masked }
  })
}
