import { defineAction } from '#core/modules/define'
import { AGENTS, requireRole } from '../access.js'
import { dial, type DialInput } from '../dial.js'

const DIAL_INPUT = {
  type: 'object',
  properties: {
    number: { type: 'string', pattern: '^\\+?[0-9][0-9 ()*#-]{1,39}$' },
    record: {
      type: 'object',
      properties: { entity: { enum: ['ticket', 'contact', 'callback'] }, id: { type: 'string', format: 'uuid' } },
      required: ['entity', 'id'],
      additionalProperties: false,
    },
  },
  required: ['number'],
  additionalProperties: false,
}

/**
 * POST /api/v1/actions/telephony.dial `{number, record?: {entity: ticket|contact|callback, id}}` —
 * click-to-call from a ticket, a resident's card or the callback list: the caller's extension
 * (`attributes.extension`) rings first, then the number. → `{data: {call, callId, actionId}}`;
 * 422 without an extension, 503 when no connector can originate calls.
 */
export const dialAction = defineAction<DialInput>({
  method: 'POST',
  summary: "Click-to-call: rings the caller's extension, then dials the number",
  input: DIAL_INPUT,
  async handle(op, input) {
    requireRole(op, [...AGENTS, 'contractor_dispatcher'])
    return { data: await dial(op, input) }
  },
})
