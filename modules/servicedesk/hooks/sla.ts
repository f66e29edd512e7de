import type { Knex } from 'knex'
import type { MetadataSet } from '#core/metadata/set'
import { scheduleJobQuery } from '#core/jobs/index'
import { businessCalendar } from '../sla/calendar.js'
import { computeSla, type StateChange, type SlaStatus } from '../sla/sla_clock.js'
import { PRIORITIES, type CalendarDoc, type Priority, type SlaDoc } from '../sla/types.js'
import type { RequestTypeDoc } from '../kinds/request_type.js'

export const SLA_QUEUE = 'servicedesk.sla'

const effective = new WeakMap<RequestTypeDoc, SlaDoc>()

/**
 * The SLA a request of this type runs on: the type's SLA with the type's own `slaTargets`
 * over its targets, so one type's resolution target changes without touching the others.
 * Cached per document object (a new revision = new objects).
 */
export function slaOfType(set: MetadataSet, rt: RequestTypeDoc): SlaDoc | undefined {
  const sla = set.get<SlaDoc>('sla', rt.sla)
  if (!sla || !rt.slaTargets) return sla
  let merged = effective.get(rt)
  if (!merged || merged.key !== sla.key) {
    const targets = { ...sla.targets }
    for (const p of PRIORITIES) if (rt.slaTargets[p]) targets[p] = { ...targets[p], ...rt.slaTargets[p] }
    merged = { ...sla, targets }
    effective.set(rt, merged)
  }
  return merged
}

/** The SLA fields of a ticket as its SLA clock says now (null when its type names no SLA). */
export function slaFields(set: MetadataSet, ticket: Record<string, any>, now = new Date()): { fields: Record<string, unknown>; status: SlaStatus; ladder: string[] } | null {
  const rt = set.get<RequestTypeDoc>('request_type', ticket.request_type)
  const sla = rt && slaOfType(set, rt)
  const calendarDoc = sla && set.get<CalendarDoc>('calendar', sla.calendar)
  if (!sla || !calendarDoc) return null
  const history: StateChange[] = (ticket.state_history ?? []).map((h: any) => ({ state: h.state, at: new Date(h.at) }))
  const status = computeSla({
    sla,
    calendar: businessCalendar(calendarDoc),
    priority: (ticket.priority ?? 'normal') as Priority,
    createdAt: new Date(ticket.created_at ?? now),
    history,
    respondedAt: ticket.first_response_at ? new Date(ticket.first_response_at) : null,
    resolvedAt: ticket.resolved_at ? new Date(ticket.resolved_at) : null,
    now,
  })
  return {
    status,
    ladder: (sla.escalation ?? []).map((step) => step.level),
    fields: {
      response_due: status.responseDue,
      resolution_due: status.resolutionDue,
      paused_minutes: Math.round(status.pausedMinutes),
      // business minutes it took, for reports (servicedesk.resolution_hours_*); none while open
      resolution_minutes: ticket.resolved_at ? Math.round(status.usedMinutes) : null,
      sla_warning: status.warning,
      response_breached: status.responseBreached,
      resolution_breached: status.resolutionBreached,
      escalation_level: status.escalationLevel,
    },
  }
}

/**
 * The durable timer of a ticket's next SLA change (warning, breach, escalation). The dedupe
 * key holds the instant, so re-planning the same instant twice queues one job, and a timer
 * that no longer applies finds nothing to change when it fires.
 */
export async function planSlaTimer(db: Knex | Knex.Transaction, ticketId: string, status: SlaStatus) {
  await slaTimerQuery(db, ticketId, status)
}

/** The insert of that timer (none when nothing is ahead), to embed in a request's create. */
export function slaTimerQuery(db: Knex | Knex.Transaction, ticketId: string, status: SlaStatus) {
  if (!status.nextTimerAt) return undefined
  return scheduleJobQuery(db, {
    queue: SLA_QUEUE,
    payload: { ticket: ticketId },
    runAt: status.nextTimerAt,
    dedupeKey: `sla:${ticketId}:${status.nextTimerAt.toISOString()}`,
  })
}
