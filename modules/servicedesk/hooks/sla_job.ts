import { registerJobHandler } from '#core/jobs/index'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { diffRecords } from '#core/audit/audit'
import { systemUpdate } from '#core/records/system_write'
import { changes, type CommittedChange } from '#core/events/bus'
import { toApi } from '#core/records/serialize'
import { slaFields, planSlaTimer, SLA_QUEUE } from './sla.js'
import { queueAutomations } from '#core/automation/trigger'

/**
 * A ticket's SLA timer fired: recompute its clock now and store what changed (warning,
 * breaches, escalation level) as a system update (audit action `sla_warning`, `sla_breach` or
 * `sla_escalation`, reason `sla`) in the job's own transaction, so each change is recorded exactly once even if the server
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
      const changed = diffRecords(toApi(entity, row), toApi(entity, { ...row, ...sla.fields }), Object.keys(sla.fields))
      if (Object.keys(changed).length) {
        const action: 'sla_breach' | 'sla_escalation' | 'sla_warning' =
          changed.resolution_breached?.to === true || changed.response_breached?.to === true ? 'sla_breach' : changed.escalation_level ? 'sla_escalation' : 'sla_warning'
        const op = { set: engine.set, actor: SYSTEM_ACTOR, db: trx }
        const { row: updated } = await systemUpdate(op, 'ticket', row, sla.fields, { action, reason: { kind: 'sla' }, events })
        if (action !== 'sla_escalation') {
          await queueAutomations(trx, engine.set, { type: action, entity: 'ticket', record: updated })
        }
      }
      await planSlaTimer(trx, row.id, sla.status)
    })
    changes.publish(events)
  },
})
