import type { WorkflowDoc } from '#core/shared/metadata'
import { registerRecordHook } from '#core/records/hooks'
import { workflowFor } from '#core/workflow/resolve'
import { writeAudit } from '#core/audit/audit'
import { encodeJson } from '#core/records/write'

/**
 * One outage, one master request: when the master is resolved or closed, its open children
 * follow it into the same state (with its resolution), and each child's resident gets an
 * outbound message queued (the `message` records are the outbox the channels deliver).
 */
registerRecordHook('ticket', {
  name: 'servicedesk_master_children',
  async afterWrite({ trx, op, before, after, events }) {
    if (op !== 'transition' || !after || before?.status === after.status) return
    const wf = workflowFor(trx.set, 'ticket', after) as WorkflowDoc | undefined
    const category = wf?.states[after.status]?.category
    if (category !== 'resolved' && category !== 'closed') return
    const children = await trx.db('ticket').where({ parent: after.id }).forUpdate()
    const now = new Date()
    for (const child of children) {
      const childWf = workflowFor(trx.set, 'ticket', child)
      const childCategory = childWf?.states[child.status]?.category
      if (!childCategory || ['resolved', 'closed', 'cancelled'].includes(childCategory) || !childWf?.states[after.status]) continue
      const values: Record<string, unknown> = {
        status: after.status,
        resolution: after.resolution ?? child.resolution,
        state_history: JSON.stringify([...(child.state_history ?? []), { state: after.status, at: now.toISOString() }]),
        ...(category === 'resolved' ? { resolved_at: now } : { closed_at: now }),
      }
      const entity = trx.set.entity('ticket')!
      const [row] = await trx.db('ticket').where({ id: child.id }).update({ ...encodeJson(entity, values), version: child.version + 1, updated_at: trx.db.fn.now(), updated_by: trx.actor.id }).returning(['id', 'version', 'number'])
      await writeAudit(trx.db, trx.actor, { entity: 'ticket', recordId: child.id, action: 'update', changes: { status: { from: child.status, to: after.status }, $master: { to: after.id } } })
      events.push({ event: { entity: 'ticket', id: child.id, version: row.version, op: 'updated' } })
      if (child.resident) {
        const contact = await trx.db('contact').where({ id: child.resident }).first('preferred_channel')
        const channel = ({ viber: 'viber', telegram: 'telegram', email: 'email' } as Record<string, string>)[contact?.preferred_channel] ?? 'sms'
        await trx.db('message').insert({
          channel,
          direction: 'outbound',
          contact: child.resident,
          ticket: child.id,
          body: `Ваше звернення ${row.number}: ${after.resolution ?? 'роботи завершено'}.`,
          created_by: trx.actor.id,
          updated_by: trx.actor.id,
        })
      }
    }
  },
})
