import type { InboundEvent } from './types.js'

/**
 * What the engine does with an inbound event of one type, registered by the module that owns
 * it (telephony registers `call_event`). Runs as the instance's integration actor; it must be
 * idempotent for its event (the host runs each idempotency key once, but a crash between the
 * handler's commit and the host's mark can run it again).
 */
export type InboundHandler<T = any> = (event: InboundEvent<T>, source: { instance: string; type: string }) => Promise<void>

const handlers = new Map<string, InboundHandler>()

export function registerInboundHandler<T>(type: string, handler: InboundHandler<T>) {
  if (handlers.has(type)) throw new Error(`an inbound handler for "${type}" is already registered`)
  handlers.set(type, handler as InboundHandler)
}

export function inboundHandler(type: string): InboundHandler | undefined {
  return handlers.get(type)
}
