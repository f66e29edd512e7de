import { DateTime } from 'luxon'
import { registerRecordHook } from '#core/records/hooks'
import { registerBootTask } from '#core/engine/boot_tasks'
import { registerJobHandler, scheduleJob } from '#core/jobs/index'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { systemUpdate } from '#core/records/system_write'
import { changes, type CommittedChange } from '#core/events/bus'
import { workflowFor } from '#core/workflow/resolve'

export const ASSIGNMENT_QUEUE = 'servicedesk.assignment_deadline'

registerBootTask('assignment_number_seq', async (knex) => {
  await knex.raw('CREATE SEQUENCE IF NOT EXISTS assignment_number_seq')
})

/**
 * Orders from city management (доручення): a number, the author, and a durable timer at the
 * deadline; an assignment still open then is marked overdue and escalated (notifications to
 * its responsible person, its company's dispatchers and the supervisors), exactly once per
 * deadline.
 */
registerRecordHook('assignment', {
  name: 'servicedesk_assignment',
  async beforeWrite({ trx, values, op }) {
    if (op === 'create') {
      const { rows } = await trx.db.raw("SELECT nextval('assignment_number_seq') AS n")
      const year = DateTime.now().setZone('Europe/Kyiv').year
      values.number = `Д-${year}-${String(rows[0].n).padStart(5, '0')}`
      values.author = trx.actor.id
    }
    if ('deadline' in values) values.overdue = false
  },
  async afterWrite({ trx, after, before }) {
    if (!after?.deadline) return
    if (before && new Date(before.deadline).getTime() === new Date(after.deadline).getTime()) return
    const at = new Date(after.deadline)
    await scheduleJob(trx.db, { queue: ASSIGNMENT_QUEUE, payload: { assignment: after.id }, runAt: at, dedupeKey: `assignment:${after.id}:${at.toISOString()}` })
  },
})

registerJobHandler<{ assignment: string }>(ASSIGNMENT_QUEUE, {
  async handle(job, ctx) {
    const events: CommittedChange[] = []
    const notified: string[] = []
    await ctx.transaction(async (trx) => {
      const row = await trx('assignment').where({ id: job.payload.assignment }).forUpdate().first()
      if (!row || row.overdue || new Date(row.deadline).getTime() > Date.now()) return
      const wf = workflowFor(engine.set, 'assignment', row)
      const category = wf?.states[row.status]?.category
      if (category && ['resolved', 'closed', 'cancelled'].includes(category)) return
      await systemUpdate({ set: engine.set, actor: SYSTEM_ACTOR, db: trx }, 'assignment', row, { overdue: true }, { action: 'sla_breach', reason: { kind: 'sla' }, events })
      const users = new Set<string>()
      if (row.responsible) users.add(row.responsible)
      const dispatchers = await trx('sys_users')
        .where({ active: true })
        .whereRaw('roles @> ?::jsonb', [JSON.stringify(['contractor_dispatcher'])])
        .whereRaw("attributes->>'counterparty' = ?", [row.counterparty])
        .pluck('id')
      const supervisors = await trx('sys_users')
        .where({ active: true })
        .whereRaw('roles @> ?::jsonb', [JSON.stringify(['supervisor'])])
        .pluck('id')
      for (const u of [...dispatchers, ...supervisors]) users.add(u)
      if (users.size) {
        await trx('sys_notifications').insert(
          [...users].map((user_id) => ({ user_id, entity: 'assignment', record_id: row.id, title: `Прострочено доручення ${row.number}: ${row.title}`, source: 'assignment:overdue' }))
        )
      }
      notified.push(...users)
    })
    changes.publish(events)
    for (const user of notified) changes.emit('notification', { user, entity: 'assignment', id: job.payload.assignment })
  },
})
