import type { CallEventPayload, InboundEvent } from '#core/connectors/types'
import { recordingContext, type RecordingContext } from '#core/testing/connector_context'

export interface TestContext extends RecordingContext {
  delivered: InboundEvent<CallEventPayload>[]
}

/** The recording context (core/testing/connector_context.ts) as the city's PBX instance. */
export function testContext(config: Record<string, unknown>, handler?: (event: InboundEvent) => Promise<void>): TestContext {
  return recordingContext(config, { key: 'city_pbx', handler }) as TestContext
}

/** Polls `check` every 10 ms until it holds; throws after `ms` with `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
