/**
 * Service desk actions for automations (metadata `automation` documents): create an
 * assignment about a request, escalate a request.
 */
import { registerAutomationAction, automationAction, label, fieldName, render } from '#core/automation/actions'
import { scheduleJob } from '#core/jobs/index'
import { ASSIGNMENT_QUEUE } from '../hooks/assignment.js'

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
  async run({ trx, set, entity, record, config }) {
    if (!set.entity('assignment')) return
    const counterparty = record[config.counterpartyField ?? 'contractor']
    if (!counterparty) return
    const { Duration } = await import('luxon')
    const after = Duration.fromISO(config.deadlineAfter ?? 'P1D')
    const deadline = new Date(Date.now() + (after.isValid ? after.as('milliseconds') : 86_400_000))
    const { rows } = await trx.raw("SELECT nextval('assignment_number_seq') AS n")
    const [a] = await trx('assignment')
      .insert({ number: `Д-${new Date().getFullYear()}-${String(rows[0].n).padStart(5, '0')}`, title: render(config.title.uk, record), counterparty, deadline, status: 'issued', overdue: false })
      .returning('id')
    if (entity.key === 'ticket') await trx('assignment__tickets').insert({ source_id: a.id, target_id: record.id })
    await scheduleJob(trx, { queue: ASSIGNMENT_QUEUE, payload: { assignment: a.id }, runAt: deadline, dedupeKey: `assignment:${a.id}:${deadline.toISOString()}` })
  },
})

/** Raises the record's `escalation_level` (if it has one) and tells the supervisors. */
registerAutomationAction('escalate', {
  schema: { type: 'object', properties: { type: true, level: { type: 'integer', minimum: 0 }, role: fieldName }, required: ['type'], additionalProperties: false },
  async run(ctx) {
    const { entity, record, config, patch } = ctx
    if (entity.fields.escalation_level) patch.escalation_level = Math.max(Number(record.escalation_level ?? -1) + 1, config.level ?? 0)
    await automationAction('notify')!.run({ ...ctx, config: { type: 'notify', role: config.role ?? 'supervisor', title: { uk: `Ескалація: ${record.number ?? record.id}` } } })
  },
})

/**
 * Queues a message to the request's resident (the `message` records are the outbox that the
 * channel connectors deliver), by the resident's preferred channel; e.g. the feedback question
 * after a resolution.
 */
registerAutomationAction('message_resident', {
  schema: { type: 'object', properties: { type: true, text: label }, required: ['type', 'text'], additionalProperties: false },
  async run({ trx, entity, record, config }) {
    if (entity.key !== 'ticket' || !record.resident) return
    const contact = await trx('contact').where({ id: record.resident }).first('preferred_channel')
    const channel = ({ viber: 'viber', telegram: 'telegram', email: 'email' } as Record<string, string>)[contact?.preferred_channel] ?? 'sms'
    await trx('message').insert({ channel, direction: 'outbound', contact: record.resident, ticket: record.id, body: render(config.text.uk, record) })
  },
})
