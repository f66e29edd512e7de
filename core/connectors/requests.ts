/**
 * Questions a connector asks the engine and waits for the answer of (the IVR's next step for
 * a FastAGI call), answered by the module that owns them: the telephony module registers
 * `ivr_step`. The counterpart of core/connectors/inbound.ts for request/response exchanges,
 * since connectors never import modules. Handlers read as a restricted actor of their own and
 * must not trust `input` beyond its shape: they check it.
 *
 * @example
 * // modules/telephony: registerConnectorRequestHandler('ivr_step', (input, source) => ivrTurn(...))
 * // connectors/fastagi-ivr: const next = await connectorRequest('ivr_step', { session, caller, digits, token }, { instance: ctx.key, type: 'fastagi-ivr' })
 */
export interface ConnectorRequestSource {
  /** The instance's key (`city_agi`). */
  instance: string
  /** Its type (`fastagi-ivr`). */
  type: string
}

export type ConnectorRequestHandler<I = any, O = unknown> = (input: I, source: ConnectorRequestSource) => Promise<O>

const handlers = new Map<string, ConnectorRequestHandler>()

export function registerConnectorRequestHandler<I, O>(name: string, handler: ConnectorRequestHandler<I, O>) {
  if (handlers.has(name)) throw new Error(`a connector request handler for "${name}" is already registered`)
  handlers.set(name, handler as ConnectorRequestHandler)
}

/** Asks the engine `name`; throws when no module answers it (its module is not installed). */
export async function connectorRequest<O = unknown>(name: string, input: unknown, source: ConnectorRequestSource): Promise<O> {
  const handler = handlers.get(name)
  if (!handler) throw new Error(`no connector request handler for "${name}"`)
  return (await handler(input, source)) as O
}
