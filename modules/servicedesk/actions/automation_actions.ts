/**
 * Service desk actions for automations (metadata `automation` documents): create an
 * assignment about a request, escalate a request.
 */
import { registerAutomationAction, automationAction, label, fieldName, render } from '#core/automation/actions'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { systemCreate } from '#core/records/system_write'
import { queueResidentMessage } from '../hooks/resident_message.js'

/**
 * Creates an assignment (доручення) about the record: for the company in `counterpartyField`
 * (default `contractor`), due after `deadlineAfter` (ISO 8601, default one day), linked to the
 * record when it is a request. Requires the service desk's `assignment` entity.
 */
registerAutomationAction('create_assignment', {
  schema: {
    type: 'object',
    properties: { type: true, title: label, counterpartyField: fieldName, deadlineAfter: { type: 'string', pattern: '^P' } },
    required: ['type', 'title'],
    additionalProperties: false,
  },
  async run({ trx, set, entity, record, config, automation, events }) {
    if (!set.entity('assignment')) return
    const counterparty = record[config.counterpartyField ?? 'contractor']
    if (!counterparty) return
    const { Duration } = await import('luxon')
    const after = Duration.fromISO(config.deadlineAfter ?? 'P1D')
    const deadline = new Date(Date.now() + (after.isValid ? after.as('milliseconds') : 86_400_000))
    // the assignment's hook gives it its number and plans its deadline timer
    await systemCreate(
      { set, actor: SYSTEM_ACTOR, db: trx },
      'assignment',
      {
        title: render(config.title.uk, record),
        counterparty,
        deadline,
        overdue: false,
        ...(entity.key === 'ticket' ? { tickets: [record.id] } : {}),
      },
      { reason: { kind: 'automation', key: automation }, events }
    )
  },
})

/** Raises the record's `escalation_level` (if it has one) and tells the supervisors. */
registerAutomationAction('escalate', {
  schema: { type: 'object', properties: { type: true, level: { type: 'integer', minimum: 0 }, role: fieldName }, required: ['type'], additionalProperties: false },
  async run(ctx) {
    const { entity, record, config, patch } = ctx
    if (entity.fields.escalation_level) patch.escalation_level = Math.max(Number(record.escalation_level ?? -1) + 1, config.level ?? 0)
    await automationAction('notify')!.run!({ ...ctx, config: { type: 'notify', role: config.role ?? 'supervisor', title: { uk: `Ескалація: ${record.number ?? record.id}` } } })
  },
})

/**
 * Queues a message to the request's resident (the `message` records are the outbox that the
 * channel connectors deliver), by the resident's preferred channel; e.g. the feedback question
 * after a resolution.
 */
registerAutomationAction('message_resident', {
  schema: { type: 'object', properties: { type: true, text: label }, required: ['type', 'text'], additionalProperties: false },
  async run({ trx, set, entity, record, config, automation, events }) {
    if (entity.key !== 'ticket' || !record.resident) return
    const op = { set, actor: SYSTEM_ACTOR, db: trx }
    await queueResidentMessage(op, record.resident, record.id, render(config.text.uk, record), { reason: { kind: 'automation', key: automation }, events })
  },
})
