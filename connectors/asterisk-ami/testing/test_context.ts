import type { CallEventPayload, ConnectorContext, ConnectorHealth, ConnectorLogEntry, InboundEvent } from '#core/connectors/types'

export interface TestContext extends ConnectorContext {
  /** Each delivered event once (a repeated idempotency key is counted in `repeats`, as the host would skip it). */
  delivered: InboundEvent<CallEventPayload>[]
  repeats: string[]
  health: Array<Omit<ConnectorHealth, 'since'>>
  logs: ConnectorLogEntry[]
  abort(): void
}

/**
 * A ConnectorContext for specs and benchmarks, standing in for the connector host: it records
 * deliveries (running `handler` for each key once, as the host does), health changes and log
 * lines, and keeps state in memory.
 */
export function testContext(config: Record<string, unknown>, handler?: (event: InboundEvent) => Promise<void>): TestContext {
  const controller = new AbortController()
  const seen = new Set<string>()
  const state = new Map<string, unknown>()
  const ctx: TestContext = {
    key: 'city_pbx',
    config,
    mappings: {},
    signal: controller.signal,
    delivered: [],
    repeats: [],
    health: [],
    logs: [],
    async deliver(event) {
      if (seen.has(event.idempotencyKey)) return void ctx.repeats.push(event.idempotencyKey)
      seen.add(event.idempotencyKey)
      ctx.delivered.push(event as InboundEvent<CallEventPayload>)
      if (handler) await handler(event)
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

/** Polls `check` every 10 ms until it holds; throws after `ms` with `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
