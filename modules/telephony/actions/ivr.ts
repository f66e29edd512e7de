import { defineAction } from '#core/modules/define'
import { requireRole } from '../access.js'
import { ivrReader, ivrTurn, type IvrTurn, type IvrTurnInput } from '../ivr/run.js'
import { TURN_INPUT } from '../ivr/turn_input.js'

/**
 * POST /api/v1/telephony/ivr (also /api/v1/actions/telephony.ivr): one step of an IVR call for
 * a cloud PBX, with an `integration` user's API token. `{session, caller, digits?, ivr?, token?}`
 * → `{data: {ivr, say: [{text, en?, file?}], then: {gather: {maxDigits, timeoutSeconds,
 * terminator?}} | {dial: {queue, category?}} | {hangup: true}, token}}`. The first request of
 * a call has no token; every next one sends the digits pressed and the last token back. The
 * state lives in the signed token, so any node serves any step.
 */
export const ivr = defineAction<IvrTurnInput, { data: IvrTurn }>({
  method: 'POST',
  summary: 'One step of an IVR call (menus and self-service answers) for a cloud PBX',
  input: TURN_INPUT,
  path: '/telephony/ivr',
  async handle(op, input) {
    requireRole(op, ['integration'])
    const reader = ivrReader(op.set, op.db as any, { id: op.actor.id, login: op.actor.login, requestId: op.actor.requestId })
    return { data: await ivrTurn(reader, input) }
  },
})
