import { registerJobHandler } from '#core/jobs/index'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { writeAudit, diffRecords } from '#core/audit/audit'
import { changes, type CommittedChange } from '#core/events/bus'
import { toApi } from '#core/records/serialize'
import { slaFields, planSlaTimer, SLA_QUEUE } from './sla.js'
import { queueAutomations } from '#core/automation/trigger'

/**
 * A ticket's SLA timer fired: recompute its clock now and store what changed (warning,
 * breaches, escalation level) with an audit row (`sla_warning`, `sla_breach`, `sla_escalation`)
 * in the job's own transaction, so each change is recorded exactly once even if the server
 * dies and the timer is retried. Then plan the next timer.
 */
registerJobHandler<{ ticket: string }>(SLA_QUEUE, {
  async handle(job, ctx) {
    const events: CommittedChange[] = []
    await ctx.transaction(async (trx) => {
      const entity = engine.set.entity('ticket')
      const row = await trx('ticket').where({ id: job.payload.ticket }).forUpdate().first()
      if (!entity || !row || row.deleted_at) return
      const sla = slaFields(engine.set, row)
      if (!sla) return
      const before = toApi(entity, row)
      const changed = diffRecords(before, toApi(entity, { ...row, ...sla.fields }), Object.keys(sla.fields))
      if (Object.keys(changed).length) {
        const [updated] = await trx('ticket').where({ id: row.id }).update({ ...sla.fields, version: row.version + 1, updated_at: trx.fn.now() }).returning(['version'])
        const action: 'sla_breach' | 'sla_escalation' | 'sla_warning' = changed.resolution_breached?.to === true || changed.response_breached?.to === true ? 'sla_breach' : changed.escalation_level ? 'sla_escalation' : 'sla_warning'
        await writeAudit(trx, SYSTEM_ACTOR, { entity: 'ticket', recordId: row.id, action, changes: changed })
        events.push({ event: { entity: 'ticket', id: row.id, version: updated.version, op: 'updated' } })
        if (action !== 'sla_escalation') {
          await queueAutomations(trx, engine.set, { type: action, entity: 'ticket', record: { ...row, ...sla.fields, version: updated.version } })
        }
      }
      await planSlaTimer(trx, row.id, sla.status)
    })
    changes.publish(events)
  },
})
