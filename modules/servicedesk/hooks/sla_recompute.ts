import { engine } from '#core/engine/engine'
import type { Actor } from '#core/permissions/actor'
import type { MetadataSet } from '#core/metadata/set'
import { writeAudit, diffRecords } from '#core/audit/audit'
import { changes, type CommittedChange } from '#core/events/bus'
import { toApi } from '#core/records/serialize'
import { slaFields, planSlaTimer } from './sla.js'

/**
 * Recomputes the SLA fields of the open (not resolved, not closed) requests of one type with
 * the targets `set` gives now, e.g. after an administrator changed the type's resolution
 * target and chose to apply it to requests already running. Each changed request gets a new
 * version, an audit row by `actor` and its timer re-planned; realtime follows the commit.
 */
export async function recomputeOpenTickets(set: MetadataSet, actor: Actor, requestType: string): Promise<{ open: number; changed: number }> {
  const entity = set.entity('ticket')
  if (!entity) return { open: 0, changed: 0 }
  const events: CommittedChange[] = []
  let open = 0
  await engine.knex.transaction(async (trx) => {
    const query = trx('ticket').where({ request_type: requestType }).whereNull('resolved_at').whereNull('closed_at')
    if (entity.softDelete) query.whereNull('deleted_at')
    const rows = await query.forUpdate()
    open = rows.length
    const now = new Date()
    for (const row of rows) {
      const sla = slaFields(set, row, now)
      if (!sla) continue
      const changed = diffRecords(toApi(entity, row), toApi(entity, { ...row, ...sla.fields }), Object.keys(sla.fields))
      if (Object.keys(changed).length) {
        const [updated] = await trx('ticket').where({ id: row.id }).update({ ...sla.fields, version: row.version + 1, updated_at: trx.fn.now() }).returning(['version'])
        await writeAudit(trx, actor, { entity: 'ticket', recordId: row.id, action: 'update', changes: changed })
        events.push({ event: { entity: 'ticket', id: row.id, version: updated.version, op: 'updated' } })
      }
      await planSlaTimer(trx, row.id, sla.status)
    }
  })
  changes.publish(events)
  return { open, changed: events.length }
}
