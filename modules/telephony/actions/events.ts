import { registerModuleAction } from '#core/http/module_actions'
import { badRequest, invalid } from '#core/http/problem'
import { ajv } from '#core/validation/ajv'
import { fromAjv } from '#core/validation/messages'
import { asIntake, requireRole } from '../access.js'
import { applyCallEvent, CALL_EVENTS, type CallEvent } from '../calls.js'
import { serialised } from '../serial.js'

const validate = ajv.compile<CallEvent>({
  type: 'object',
  properties: {
    event: { enum: [...CALL_EVENTS] },
    callId: { type: 'string', minLength: 1, maxLength: 128 },
    caller: { type: 'string', minLength: 1, maxLength: 32 },
    dialed: { type: 'string', minLength: 1, maxLength: 32 },
    extension: { type: ['string', 'integer'], pattern: '^[0-9A-Za-z*#_.-]{1,32}$', minimum: 0 },
    queue: { type: 'string', maxLength: 64 },
    at: { type: 'string', format: 'date-time' },
    recording: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
    direction: { enum: ['inbound', 'outbound', 'internal'] },
  },
  required: ['event', 'callId', 'caller'],
  additionalProperties: false,
})

/**
 * POST /api/v1/telephony/events (also /api/v1/actions/telephony.events): the normalised
 * call-event intake the PBX connectors feed, with the API token of a user of the `integration`
 * role. `{event: ringing|answered|ended|missed, callId, caller, dialed?, extension?, queue?,
 * at?, recording?, direction?}` → `{data: {id, created, changed, operator, contact, ...}}`.
 */
registerModuleAction('telephony.events', {
  method: 'POST',
  async handle(op, input) {
    requireRole(op, ['integration'])
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('a JSON object is expected')
    if (!validate(input)) throw invalid(fromAjv(validate.errors, op.actor.locale))
    const event = input as CallEvent
    return { data: await serialised(`call:${event.callId}`, () => applyCallEvent(asIntake(op), event)) }
  },
})
