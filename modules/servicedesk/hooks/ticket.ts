import type { ValidateFunction } from 'ajv'
import { registerRecordHook, type HookContext } from '#core/records/hooks'
import { registerBootTask } from '#core/engine/boot_tasks'
import { registerWorkflowResolver, workflowFor } from '#core/workflow/resolve'
import { invalid } from '#core/errors/problem'
import { ajv } from '#core/validation/ajv'
import { fromAjv } from '#core/validation/messages'
import type { MetadataSet } from '#core/metadata/set'
import type { RequestTypeDoc } from '../kinds/request_type.js'
import { route } from './routing.js'
import { kyivYear } from './kyiv_time.js'
import { slaFields, planSlaTimer, slaTimerQuery } from './sla.js'
import type { SlaStatus } from '../sla/sla_clock.js'

/** Request numbers people can read: ВШГ-2026-000123 (prefix per city: VIKNO_TICKET_PREFIX). */
const PREFIX = process.env.VIKNO_TICKET_PREFIX ?? 'ВШГ'

registerBootTask('ticket_number_seq', async (knex) => {
  await knex.raw('CREATE SEQUENCE IF NOT EXISTS ticket_number_seq')
})

// a request follows the workflow its type names
registerWorkflowResolver('ticket', (set, record) => set.get<RequestTypeDoc>('request_type', record.request_type as string)?.workflow)

const extraValidators = new WeakMap<RequestTypeDoc, ValidateFunction>()
/** The SLA status computed in beforeWrite, for afterWrite to plan the timer without recomputing. */
const planned = new WeakMap<HookContext, SlaStatus>()

function extraValidator(rt: RequestTypeDoc) {
  let validate = extraValidators.get(rt)
  if (!validate) {
    validate = ajv.compile({ type: 'object', properties: rt.fields ?? {}, required: rt.requiredFields ?? [], additionalProperties: false })
    extraValidators.set(rt, validate)
  }
  return validate
}

function requestType(set: MetadataSet, key: unknown) {
  return typeof key === 'string' ? set.get<RequestTypeDoc>('request_type', key) : undefined
}

registerRecordHook('ticket', {
  name: 'servicedesk_ticket',
  // a create reads (type, routing) and puts its SLA timer in the insert's statement
  createInOneStatement: true,
  async beforeWrite(ctx: HookContext) {
    const { trx, values, before, op } = ctx
    const set = trx.set
    const locale = trx.actor.locale
    const now = new Date()
    if (op === 'create' || 'request_type' in values || 'extra' in values) {
      const rt = requestType(set, values.request_type ?? before?.request_type)
      if (!rt) throw invalid([{ pointer: '/request_type', message: locale === 'en' ? 'Unknown request type' : 'Невідомий тип звернення', code: 'unknown_request_type' }])
      // a retired type stays on the requests that have it, but no request takes it anew
      if (rt.active === false && (op === 'create' || (values.request_type !== undefined && values.request_type !== before?.request_type))) {
        throw invalid([{ pointer: '/request_type', message: locale === 'en' ? 'This request type is retired' : 'Цей тип звернення більше не використовується', code: 'retired_request_type' }])
      }
      const validate = extraValidator(rt)
      const extra = (values.extra === undefined ? before?.extra : typeof values.extra === 'string' ? JSON.parse(values.extra) : values.extra) ?? {}
      if (!validate(extra)) throw invalid(fromAjv(validate.errors, locale, '/extra'))
      values.category = rt.category
      if (op === 'create') {
        values.priority ??= rt.defaultPriority ?? 'normal'
        if (!values.contractor) {
          // the company and queue are found by the insert itself (SQL values, no round trip)
          const r = await route(trx, rt, values, now)
          values.contractor = r.counterparty
          values.queue = r.queue
        }
      }
    }
    if (op === 'create') {
      // the number is taken by the insert itself (no round trip of its own)
      const year = kyivYear(now)
      values.number = trx.db.raw("? || lpad(nextval('ticket_number_seq')::text, 6, '0')", [`${PREFIX}-${year}-`])
      const initial = workflowFor(set, 'ticket', values)?.initial ?? 'new'
      values.state_history = JSON.stringify([{ state: initial, at: now.toISOString() }])
    } else if ('status' in values && values.status !== before?.status) {
      values.state_history = JSON.stringify([...(before?.state_history ?? []), { state: values.status, at: now.toISOString() }])
    }
    // the SLA clock: on creation, and whenever what it depends on changes
    const depends = ['priority', 'request_type', 'status', 'first_response_at', 'resolved_at']
    if (op === 'create' || depends.some((f) => f in values)) {
      const merged: Record<string, any> = { ...before, ...values, state_history: JSON.parse(String(values.state_history ?? JSON.stringify(before?.state_history ?? []))) }
      // the clock starts at the stored creation time, so a later recompute gives the same dates
      if (op === 'create') merged.created_at = values.created_at = now
      const sla = slaFields(set, merged, now)
      if (sla) {
        Object.assign(values, sla.fields)
        // a new request's timer goes in the statement of its insert; an update plans it after
        const timer = op === 'create' && ctx.alongside && slaTimerQuery(trx.db, values.id as string, sla.status)
        if (timer) ctx.alongside!.push(timer)
        else if (op !== 'create' || !ctx.alongside) planned.set(ctx, sla.status)
      }
    }
  },
  async afterWrite(ctx: HookContext) {
    const row = ctx.after
    if (!row) return
    // the clock computed before the write still holds (same instant, same facts)
    const status = planned.get(ctx)
    if (status) await planSlaTimer(ctx.trx.db, row.id, status)
  },
})
