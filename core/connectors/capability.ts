import { Problem } from '#core/errors/problem'
import type { Capability } from './types.js'

/**
 * Runs `action` of an enabled connector instance with `capability` (its `perform`), e.g.
 * `performCapability('originate', 'originate', {extension, number})`. `opts.instance` picks one
 * instance by key when several have the capability.
 */
export type PerformCapability = (capability: Capability, action: string, input: unknown, opts?: { instance?: string }) => Promise<unknown>

let performer: PerformCapability | undefined

/** The connector host installs itself here when it starts (and `undefined` when it stops). */
export function setCapabilityPerformer(fn: PerformCapability | undefined) {
  performer = fn
}

/**
 * Asks the connector host for outbound work by capability; modules call this, never a
 * connector. Without a host (or before it started) it is a 503 problem.
 *
 * @example await performCapability('originate', 'originate', { extension: '101', number: '+380671234567' })
 */
export function performCapability(capability: Capability, action: string, input: unknown, opts?: { instance?: string }): Promise<unknown> {
  if (!performer) return Promise.reject(new Problem('service-unavailable', [], {}, `no connector offers "${capability}" now`))
  return performer(capability, action, input, opts)
}
