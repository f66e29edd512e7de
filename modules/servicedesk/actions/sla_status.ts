import { defineAction } from '#core/modules/define'
import { get, isUuid, list } from '#core/records/read'
import { notFound } from '#core/errors/problem'
import { slaFields } from '../hooks/sla.js'
import type { MetadataSet } from '#core/metadata/set'
import type { SlaSummary } from '../shared/sla.js'

/**
 * GET /api/v1/actions/servicedesk.sla?ticket=<id> — the request's SLA clock now: due dates,
 * minutes remaining, share of the target used, paused, breached, escalation level.
 */
export const sla = defineAction({
  method: 'GET',
  summary: 'The SLA clock of a request now',
  input: { type: 'object', properties: { ticket: { type: 'string' } } },
  async handle(op, input) {
    if (!isUuid(input.ticket)) throw notFound()
    await get(op, 'ticket', input.ticket) // 404 unless the caller may read it
    const row = await op.db('ticket').where({ id: input.ticket }).first()
    const sla = slaFields(op.set, row)
    if (!sla) return { data: null }
    const s = sla.status
    return {
      data: {
        responseDue: s.responseDue,
        resolutionDue: s.resolutionDue,
        remainingMinutes: Math.round(s.remainingMinutes),
        usedPercent: Math.round(s.usedFraction * 100),
        paused: s.paused,
        pausedMinutes: Math.round(s.pausedMinutes),
        warning: s.warning,
        responseBreached: s.responseBreached,
        resolutionBreached: s.resolutionBreached,
        escalationLevel: s.escalationLevel,
        // the ladder's step reached, by its name (never -1): null before the first step
        escalation: s.escalationLevel >= 0 && sla.ladder[s.escalationLevel] ? { level: sla.ladder[s.escalationLevel], step: s.escalationLevel + 1, of: sla.ladder.length } : null,
      },
    }
  },
})

/** A request's SLA clock now, as lists and cards show it (null when its type has no SLA). */
export function slaSummary(set: MetadataSet, ticket: Record<string, unknown>, now = new Date()): SlaSummary | null {
  const sla = slaFields(set, ticket, now)
  if (!sla) return null
  const s = sla.status
  const breached = s.responseBreached || s.resolutionBreached
  return {
    state: s.paused ? 'paused' : breached ? 'breached' : s.warning ? 'warning' : 'ok',
    responseDue: s.responseDue.toISOString(),
    resolutionDue: s.resolutionDue.toISOString(),
    remainingMinutes: Math.round(s.remainingMinutes),
    usedPercent: Math.round(s.usedFraction * 100),
    paused: s.paused,
    warning: s.warning,
    breached,
    responseBreached: s.responseBreached,
    resolutionBreached: s.resolutionBreached,
  }
}

/**
 * POST /api/v1/actions/servicedesk.sla_summaries {tickets: [id...]} — the SLA clock now of
 * each request the caller may read, by id (null for a type without SLA); others are left out.
 */
export const sla_summaries = defineAction<{ tickets: string[] }, { data: Record<string, SlaSummary | null> }>({
  method: 'POST',
  summary: 'The SLA clock now of several requests, by id',
  input: { type: 'object', properties: { tickets: { type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 500 } }, required: ['tickets'], additionalProperties: false },
  async handle(op, input) {
    if (!input.tickets.length) return { data: {} }
    const readable = await list(op, 'ticket', { filter: { id: { in: input.tickets } }, fields: ['id'], limit: input.tickets.length })
    const rows = readable.data.length
      ? await op.db('ticket').whereIn(
          'id',
          readable.data.map((t) => t.id)
        )
      : []
    const now = new Date()
    return { data: Object.fromEntries(rows.map((row: Record<string, unknown>) => [row.id as string, slaSummary(op.set, row, now)])) }
  },
})
