import '#core/shared/connector_events'
import { emitToRole } from '#core/events/bus'
import { engine } from '#core/engine/engine'
import type { ConnectorHealth, HealthStatus } from './types.js'

export interface InstanceHealth extends Required<Pick<ConnectorHealth, 'status' | 'since'>> {
  detail?: string
  /** The node running the instance (for a singleton: its leader). */
  node: string
}

const health = new Map<string, InstanceHealth>()

/**
 * Records an instance's health on this node; a change of status or detail goes live to
 * administrators (`connector_health`), `since` moving only when the status changes.
 */
export function setInstanceHealth(key: string, status: HealthStatus, detail?: string) {
  const before = health.get(key)
  if (before && before.status === status && before.detail === detail) return
  const next: InstanceHealth = { status, detail, since: before?.status === status ? before.since : new Date().toISOString(), node: engine.node }
  health.set(key, next)
  try {
    emitToRole('admin', 'connector_health', { key, ...next })
  } catch {
    // the connectors module is not installed (a spec's bare engine): nobody to tell
  }
}

export function instanceHealth(key: string): InstanceHealth | undefined {
  return health.get(key)
}

/** Every instance's health as this node knows it (GET /health details). */
export function allInstanceHealth(): Record<string, InstanceHealth> {
  return Object.fromEntries(health)
}

export function forgetInstanceHealth(key: string) {
  health.delete(key)
}
