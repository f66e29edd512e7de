import { defineAction } from '#core/modules/define'
import { asIntake, requireRole } from '../access.js'
import { applyCallEvent, CALL_EVENTS, type CallEvent } from '../calls.js'
import { serialised } from '../serial.js'

/** The call event as the connectors post it (CallEvent). */
const EVENT_INPUT = {
  type: 'object',
  properties: {
    event: { enum: [...CALL_EVENTS] },
    callId: { type: 'string', minLength: 1, maxLength: 128 },
    caller: { type: 'string', minLength: 1, maxLength: 32 },
    dialed: { type: 'string', minLength: 1, maxLength: 32 },
    extension: { type: ['string', 'integer'], pattern: '^[0-9A-Za-z*#_.-]{1,32}$', minimum: 0 },
    queue: { type: 'string', maxLength: 64 },
    at: { type: 'string', format: 'date-time' },
    // a link to the PBX's recording, or a file name under VIKNO_RECORDINGS_DIR (no `..`, not absolute)
    recording: { type: 'string', maxLength: 1000, pattern: '^(https?://\\S+|(?!/)(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9._/-]+)$' },
    direction: { enum: ['inbound', 'outbound', 'internal'] },
  },
  required: ['event', 'callId', 'caller'],
  additionalProperties: false,
}

/**
 * POST /api/v1/telephony/events (also /api/v1/actions/telephony.events): the normalised
 * call-event intake the PBX connectors feed, with the API token of a user of the `integration`
 * role. `{event: ringing|answered|ended|missed, callId, caller, dialed?, extension?, queue?,
 * at?, recording?, direction?}` → `{data: {id, created, changed, operator, contact, ...}}`.
 */
export const events = defineAction<CallEvent>({
  method: 'POST',
  summary: 'The normalised call-event intake of the PBX connectors',
  input: EVENT_INPUT,
  path: '/telephony/events',
  async handle(op, input) {
    requireRole(op, ['integration'])
    return { data: await serialised(`call:${input.callId}`, () => applyCallEvent(asIntake(op), input)) }
  },
})
