import type { Knex } from 'knex'
import type { Actor } from '#core/permissions/actor'

export type AuditAction = 'create' | 'update' | 'delete' | 'import' | 'publish' | 'login' | 'logout' | 'password_changed' | 'automation' | 'sla_warning' | 'sla_breach' | 'sla_escalation' | 'subject_access' | 'erasure'

/** Before/after of the changed fields only. */
export type Changes = Record<string, { from?: unknown; to?: unknown }>

/**
 * Appends one audit row in the caller's transaction, so the audit and the change commit or
 * roll back together. The table is append-only (a trigger refuses UPDATE, DELETE, TRUNCATE).
 */
export async function writeAudit(
  db: Knex | Knex.Transaction,
  actor: Actor,
  entry: { entity: string; recordId: string | null; action: AuditAction; changes?: Changes | Record<string, unknown> }
) {
  await db('sys_audit').insert({
    actor_id: actor.id,
    entity: entry.entity,
    record_id: entry.recordId,
    action: entry.action,
    changes: entry.changes ? JSON.stringify(actor.redactAudit ? redacted(entry.changes) : entry.changes) : null,
    request_id: actor.requestId ?? null,
  })
}

/** Which fields changed and to what, without what they were (an erasure must not copy them). */
function redacted(changes: Changes | Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const [field, change] of Object.entries(changes)) {
    out[field] = change && typeof change === 'object' && 'from' in change ? { ...change, from: '[erased]' } : change
  }
  return out
}

/** Who viewed whom: reads of records with personal data (Ukraine's personal-data law). */
export async function logViews(ctx: { db: Knex | Knex.Transaction; actor: Actor }, entity: string, ids: string[]) {
  if (!ids.length || ctx.actor.system) return
  await ctx.db('sys_record_views').insert(
    ids.map((id) => ({ actor_id: ctx.actor.id, entity, record_id: id, request_id: ctx.actor.requestId ?? null }))
  )
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
