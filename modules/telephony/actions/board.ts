import { defineAction } from '#core/modules/define'
import { SUPERVISORS, requireRole } from '../access.js'
import { board } from '../board.js'

/**
 * GET /api/v1/actions/telephony.board — the supervisor's live board: open requests by company
 * and SLA state (ok, warning, breached, paused), operators' presence, calls now, callbacks, messenger chats waiting and held (`chats`, when messaging is installed).
 */
export const boardAction = defineAction({
  method: 'GET',
  summary: "The supervisor's live board",
  input: { type: 'object' },
  async handle(op) {
    requireRole(op, [...SUPERVISORS, 'mayor'])
    return { data: await board(op) }
  },
})
