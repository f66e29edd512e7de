import { engine } from '#core/engine/engine'
import type { Actor } from '#core/permissions/actor'
import type { MetadataSet } from '#core/metadata/set'
import { systemUpdate } from '#core/records/system_write'
import { changes, type CommittedChange } from '#core/events/bus'
import { slaFields, planSlaTimer } from './sla.js'

/**
 * Recomputes the SLA fields of the open (not resolved, not closed) requests of one type with
 * the targets `set` gives now, e.g. after an administrator changed the type's resolution
 * target and chose to apply it to requests already running. Each changed request gets a new
 * version and an audit row by `actor` (reason `sla`) through the records' write path, and its
 * timer re-planned; realtime follows the commit.
 */
export async function recomputeOpenTickets(set: MetadataSet, actor: Actor, requestType: string): Promise<{ open: number; changed: number }> {
  const entity = set.entity('ticket')
  if (!entity) return { open: 0, changed: 0 }
  const events: CommittedChange[] = []
  let open = 0
  let count = 0
  await engine.knex.transaction(async (trx) => {
    const query = trx('ticket').where({ request_type: requestType }).whereNull('resolved_at').whereNull('closed_at')
    if (entity.softDelete) query.whereNull('deleted_at')
    const rows = await query.forUpdate()
    open = rows.length
    const now = new Date()
    for (const row of rows) {
      const sla = slaFields(set, row, now)
      if (!sla) continue
      const { changed } = await systemUpdate({ set, actor, db: trx }, 'ticket', row, sla.fields, { reason: { kind: 'sla' }, events })
      if (changed) count++
      await planSlaTimer(trx, row.id, sla.status)
    }
  })
  changes.publish(events)
  return { open, changed: count }
}
