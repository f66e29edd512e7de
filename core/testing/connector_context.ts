import type { ConnectorContext, ConnectorHealth, ConnectorLogEntry, InboundEvent } from '#core/connectors/types'

export interface RecordingContext extends ConnectorContext {
  /** Each delivered event once (a repeated idempotency key is counted in `repeats`, as the host would skip it). */
  delivered: InboundEvent<any>[]
  repeats: string[]
  health: Array<Omit<ConnectorHealth, 'since'>>
  logs: ConnectorLogEntry[]
  abort(): void
}

/**
 * A ConnectorContext for a type's own specs and benchmarks, standing in for the connector host:
 * it records deliveries (running `handler` once per idempotency key, as the host does), health
 * changes and log lines, and keeps state in memory. The host itself is tested with the shared
 * contract suite (connector_contract.ts).
 */
export function recordingContext(config: Record<string, any>, options: { key?: string; mappings?: Record<string, any>; handler?: (event: InboundEvent) => Promise<void> } = {}): RecordingContext {
  const controller = new AbortController()
  const seen = new Set<string>()
  const state = new Map<string, unknown>()
  const ctx: RecordingContext = {
    key: options.key ?? 'spec_connector',
    config,
    mappings: options.mappings ?? {},
    signal: controller.signal,
    delivered: [],
    repeats: [],
    health: [],
    logs: [],
    async deliver(event) {
      if (seen.has(event.idempotencyKey)) return void ctx.repeats.push(event.idempotencyKey)
      seen.add(event.idempotencyKey)
      ctx.delivered.push(event)
      if (options.handler) await options.handler(event)
    },
    log: (entry) => void ctx.logs.push(entry),
    setHealth: (h) => void ctx.health.push(h),
    state: {
      get: async <T>(key: string) => state.get(key) as T | undefined,
      set: async (key, value) => void state.set(key, value),
    },
    abort: () => controller.abort(),
  }
  return ctx
}
