import { registerModuleAction } from '#core/http/module_actions'
import { get, isUuid } from '#core/records/read'
import { notFound } from '#core/errors/problem'
import { slaFields } from '../hooks/sla.js'

/**
 * GET /api/v1/actions/servicedesk.sla?ticket=<id> — the request's SLA clock now: due dates,
 * minutes remaining, share of the target used, paused, breached, escalation level.
 */
registerModuleAction('servicedesk.sla', {
  method: 'GET',
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
      },
    }
  },
})
