import type { WorkflowDoc } from '#core/shared/metadata'
import { registerRecordHook } from '#core/records/hooks'
import { systemUpdate } from '#core/records/system_write'
import { workflowFor } from '#core/workflow/resolve'
import { queueResidentMessage } from './resident_message.js'

/**
 * One outage, one master request: when the master is resolved or closed, its open children
 * follow it into the same state (with its resolution) — each a transition-like update with the
 * reason `master`, through the records' write path (their hooks keep the state history and the
 * SLA) — and each child's resident gets an outbound message queued.
 */
registerRecordHook('ticket', {
  name: 'servicedesk_master_children',
  createInOneStatement: true, // it acts on transitions only
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
        ...(category === 'resolved' ? { resolved_at: now } : { closed_at: now }),
      }
      await systemUpdate(trx, 'ticket', child, values, { reason: { kind: 'master', id: after.id }, transition: true, events })
      if (child.resident) {
        await queueResidentMessage(trx, child.resident, child.id, `Ваше звернення ${child.number}: ${after.resolution ?? 'роботи завершено'}.`, { reason: { kind: 'master', id: after.id }, events })
      }
    }
  },
})
