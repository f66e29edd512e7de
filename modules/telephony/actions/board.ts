import { registerModuleAction } from '#core/http/module_actions'
import { SUPERVISORS, requireRole } from '../access.js'
import { board } from '../board.js'

/**
 * GET /api/v1/actions/telephony.board — the supervisor's live board: open requests by company
 * and SLA state (ok, warning, breached, paused), operators' presence, calls now, callbacks.
 */
registerModuleAction('telephony.board', {
  method: 'GET',
  async handle(op) {
    requireRole(op, [...SUPERVISORS, 'mayor'])
    return { data: await board(op) }
  },
})
