import { registerJobHandler } from '#core/jobs/index'
import { registerRecordHook } from '#core/records/hooks'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { writeAudit, diffRecords } from '#core/audit/audit'
import { changes, type CommittedChange } from '#core/events/bus'
import { toApi } from '#core/records/serialize'
import { encodeJson } from '#core/records/write'
import { automationAction } from './actions.js'
import { queueAutomations, AUTOMATION_QUEUE, type AutomationDoc } from './trigger.js'

// every write of every entity may trigger automations
registerRecordHook('*', {
  name: 'automations',
  async afterWrite({ trx, entity, op, before, after }) {
    if (!after || op === 'delete') return
    if (!trx.set.list('automation').length) return
    const changed = before ? Object.keys(entity.fields).filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)) : undefined
    await queueAutomations(trx.db, trx.set, { type: op === 'create' ? 'created' : 'updated', entity: entity.key, record: after, changed })
  },
})

/**
 * Runs one triggered automation: its actions in order on the record as it is now, their field
 * changes written as one update with an audit row (action `automation`), in the job's
 * transaction — so each fires once. Writes made here do not trigger automations again.
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
      const table = entity.table ?? entity.key
      const record = await trx(table).where({ id: job.payload.id }).forUpdate().first()
      if (!record) return
      const patch: Record<string, unknown> = {}
      for (const action of doc.actions) {
        await automationAction(action.type)?.run({ trx, set, entity, record, config: action, automation: doc.key, patch, notified })
      }
      const fields = Object.keys(patch).filter((f) => entity.fields[f])
      if (!fields.length) return
      const [row] = await trx(table).where({ id: record.id }).update({ ...encodeJson(entity, patch), version: record.version + 1, updated_at: trx.fn.now() }).returning('*')
      await writeAudit(trx, SYSTEM_ACTOR, { entity: entity.key, recordId: record.id, action: 'automation', changes: { ...diffRecords(toApi(entity, record), toApi(entity, row), fields), $automation: doc.key } })
      events.push({ event: { entity: entity.key, id: record.id, version: row.version, op: 'updated' } })
    })
    changes.publish(events)
    for (const user of notified) changes.emit('notification', { user, entity: job.payload.entity, id: job.payload.id })
  },
})
