import { registerJobHandler } from '#core/jobs/index'
import { registerRecordHook } from '#core/records/hooks'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { changes, type CommittedChange } from '#core/events/bus'
import { systemUpdate } from '#core/records/system_write'
import { automationAction } from './actions.js'
import { queueAutomations, AUTOMATION_QUEUE, type AutomationDoc } from './trigger.js'
import { firesAt, queueNextTick, SCHEDULE_QUEUE, type ScheduleTick } from './schedule.js'

// every write of every entity may trigger automations
registerRecordHook('*', {
  name: 'automations',
  async afterWrite({ trx, entity, op, before, after, reason }) {
    if (!after || op === 'delete') return
    // an automation's own writes never trigger automations (no loops); the SLA clock's writes
    // trigger their own events (sla_warning, sla_breach), queued by the SLA job
    if (reason?.kind === 'automation' || reason?.kind === 'sla') return
    if (!trx.set.list('automation').length) return
    const changed = before ? Object.keys(entity.fields).filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)) : undefined
    await queueAutomations(trx.db, trx.set, { type: op === 'create' ? 'created' : 'updated', entity: entity.key, record: after, changed })
  },
})

/**
 * Runs one triggered automation: its actions in order on the record as it is now, their field
 * changes written as one system update through the records' write path (audit action
 * `automation`, reason `automation`), in the job's transaction — so each fires once. Writes made here do not trigger automations again.
 */
registerJobHandler<{ automation: string; entity: string; id: string; event: string }>(AUTOMATION_QUEUE, {
  async handle(job, ctx) {
    const events: CommittedChange[] = []
    const notified = new Set<string>()
    await ctx.transaction(async (trx) => {
      const set = engine.set
      const doc = set.get<AutomationDoc>('automation', job.payload.automation)
      const entity = set.entity(job.payload.entity)
      if (!doc || !entity) return
      const record = await trx(entity.table ?? entity.key)
        .where({ id: job.payload.id })
        .forUpdate()
        .first()
      if (!record) return
      const patch: Record<string, unknown> = {}
      for (const action of doc.actions) {
        await automationAction(action.type)?.run?.({ trx, set, entity, record, config: action, automation: doc.key, patch, notified, events })
      }
      const fields = Object.fromEntries(Object.entries(patch).filter(([f]) => entity.fields[f]))
      if (!Object.keys(fields).length) return
      const op = { set, actor: SYSTEM_ACTOR, db: trx }
      await systemUpdate(op, entity.key, record, fields, { action: 'automation', reason: { kind: 'automation', key: doc.key }, events })
    })
    changes.publish(events)
    for (const user of notified) changes.emit('notification', { user, entity: job.payload.entity, id: job.payload.id })
  },
})

/**
 * Runs one tick of a scheduled automation (core/automation/schedule.ts): its actions'
 * `runScheduled` in order, in the job's transaction, which also queues the next tick — so each
 * tick's database effects commit once, whichever node claims it and however often it is
 * retried. A tick of an automation since disabled, removed or given another cron that no
 * longer fires then is dropped.
 */
registerJobHandler<ScheduleTick>(SCHEDULE_QUEUE, {
  async handle(job, ctx) {
    const events: CommittedChange[] = []
    const tick = new Date(job.payload.tick)
    await ctx.transaction(async (trx) => {
      const set = engine.set
      const doc = set.get<AutomationDoc>('automation', job.payload.automation)
      if (!doc || doc.enabled === false || doc.on.event !== 'schedule' || !doc.on.cron || !firesAt(doc.on.cron, tick)) return
      const entity = set.entity(doc.entity)
      if (!entity) return
      for (const [index, action] of doc.actions.entries()) {
        await automationAction(action.type)?.runScheduled?.({ trx, set, entity, config: action, automation: doc.key, index, tick, events })
      }
      // the chain: the next tick after this one, or after now when this one ran late (a downtime)
      await queueNextTick(trx, doc, new Date(Math.max(Date.now(), tick.getTime())))
    })
    changes.publish(events)
  },
})
