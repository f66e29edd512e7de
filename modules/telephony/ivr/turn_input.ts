/** The input of one IVR step (IvrTurnInput), for the JSON endpoint and the connectors' `ivr_step`. */
export const TURN_INPUT = {
  type: 'object',
  properties: {
    session: { type: 'string', minLength: 1, maxLength: 128 },
    caller: { type: 'string', minLength: 1, maxLength: 64 },
    digits: { type: 'string', pattern: '^[0-9*#]{0,32}$' },
    ivr: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' },
    token: { type: 'string', maxLength: 4096 },
  },
  required: ['session', 'caller'],
  additionalProperties: false,
}
