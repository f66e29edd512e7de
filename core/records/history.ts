import type { EntityDoc } from '#core/shared/metadata'
import type { OpContext } from './context.js'
import { get } from './read.js'
import { accessFor } from '#core/permissions/policy'
import { maskErased } from '#core/audit/audit'

/** One audit row of a record as its reader may see it. */
export interface HistoryEntry {
  id: number
  at: string
  action: string
  /** Who did it (a user id), or null for the system (timers, automations). */
  actor: string | null
  /** Changed fields the reader may see (`from`/`to`), plus `$transition`, `$master`, `$automation` notes. */
  changes: Record<string, unknown>
}

export const HISTORY_PAGE = 100

/**
 * The audit trail of one record, newest first, for anyone who may read the record: changes of
 * fields hidden from the reader are left out (a row with nothing left but notes keeps them, so
 * the reader still learns that something happened, not what). `before` pages by row id.
 *
 * @example recordHistory(op, 'ticket', id, { before: 1200 }) // rows older than audit row 1200
 */
export async function recordHistory(op: OpContext, entityKey: string, id: string, options: { before?: number; limit?: number } = {}): Promise<{ data: HistoryEntry[]; next: number | null }> {
  await get(op, entityKey, id, { fields: ['id'] }) // 404 unless the caller may read the record
  const entity = op.set.entity(entityKey)!
  const hidden = accessFor(op.set, op.actor, entityKey).hidden
  const limit = Math.min(Math.max(options.limit ?? HISTORY_PAGE, 1), HISTORY_PAGE)
  const qb = op
    .db('sys_audit')
    .where({ entity: entityKey, record_id: id })
    .orderBy('id', 'desc')
    .limit(limit + 1)
  if (options.before) qb.where('id', '<', options.before)
  const rows = await qb.select('id', 'at', 'action', 'actor_id', 'changes', 'entity', 'record_id')
  const page = await maskErased(op.db, rows.slice(0, limit))
  const data = page.map((row): HistoryEntry => {
    const changes = visibleChanges(entity, hidden, row.changes)
    return { id: Number(row.id), at: new Date(row.at).toISOString(), action: row.action, actor: row.actor_id ?? null, changes }
  })
  return { data, next: rows.length > limit ? data[data.length - 1].id : null }
}

/**
 * The changes of an audit row (`changes` as stored: JSON text or an object) that a reader with
 * these hidden fields may see: the entity's visible fields and `$` notes (`$transition`, ...).
 */
export function visibleChanges(entity: EntityDoc, hidden: ReadonlySet<string>, stored: unknown): Record<string, unknown> {
  const changes: Record<string, unknown> = {}
  const raw = (typeof stored === 'string' ? JSON.parse(stored) : stored) ?? {}
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith('$') || (entity.fields[key] && !hidden.has(key))) changes[key] = value
  }
  return changes
}
