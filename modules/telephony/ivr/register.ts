import { engine } from '#core/engine/engine'
import { registerConnectorRequestHandler } from '#core/connectors/requests'
import { ajv } from '#core/validation/ajv'
import { ivrReader, ivrTurn, type IvrTurnInput } from './run.js'
import { TURN_INPUT } from './turn_input.js'

const valid = ajv.compile<IvrTurnInput>(TURN_INPUT)

/**
 * `ivr_step` for the fastagi-ivr connector: the same step as POST /api/v1/telephony/ivr, read
 * by the IVR's role on behalf of the connector instance (no user: `connector:<instance>` in logs).
 */
registerConnectorRequestHandler<IvrTurnInput, unknown>('ivr_step', async (input, source) => {
  if (!valid(input)) throw new Error(`ivr_step: bad input ${ajv.errorsText(valid.errors)}`)
  const op = ivrReader(engine.set, engine.knex, { id: null, login: `connector:${source.instance}`, requestId: `ivr:${input.session}` })
  return ivrTurn(op, input)
})
