/**
 * Polling mode: `getUpdates` long polling, the offset kept in ctx.state (read before every
 * poll, so nodes running the instance share it and a restart goes on where it stopped), each
 * update delivered before the offset moves past it (at least once; the inbox makes it once).
 * Health follows the Bot API: up while polls come back, down while it cannot be reached.
 * Telegram lets one poll at a time per bot: a second node's poll ends the first one's with
 * 409; both go on after a backoff, and no update is processed twice (the inbox's key).
 */
import type { ConnectorContext, InboundEvent } from '#core/connectors/types'
import type { Update } from 'grammy/types'
import { backoff } from '#core/connectors/breaker'
import { describeError, GrammyError, type BotClient } from './client.js'
import { ALLOWED_UPDATES } from './map_update.js'
import { sleep } from './rate_limit.js'

export const OFFSET_KEY = 'getUpdates.offset'

export interface PollDeps {
  ctx: ConnectorContext
  client: BotClient
  timeoutSeconds: number
  eventsOf(update: Update): Promise<InboundEvent[]>
  health(status: 'up' | 'down', detail: string): void
}

/** Runs until the client's signal aborts; never throws. */
export async function pollUpdates({ ctx, client, timeoutSeconds, eventsOf, health }: PollDeps): Promise<void> {
  let attempt = 0
  let webhookRemoved = false
  while (!client.signal.aborted) {
    try {
      if (!webhookRemoved) {
        // getUpdates answers 409 while a webhook is set
        await client.api.deleteWebhook({ drop_pending_updates: false }, client.apiSignal)
        webhookRemoved = true
      }
      const offset = (await ctx.state.get<number>(OFFSET_KEY)) ?? 0
      const updates = await client.api.getUpdates({ ...(offset ? { offset } : {}), timeout: timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, client.apiSignal)
      attempt = 0
      health('up', 'polling for updates')
      for (const update of updates) {
        for (const event of await eventsOf(update)) await ctx.deliver(event)
        const stored = (await ctx.state.get<number>(OFFSET_KEY)) ?? 0
        if (update.update_id + 1 > stored) await ctx.state.set(OFFSET_KEY, update.update_id + 1)
      }
    } catch (error) {
      if (client.signal.aborted) return
      const conflict = error instanceof GrammyError && error.error_code === 409
      if (conflict && /webhook/i.test(error.description)) webhookRemoved = false
      const detail = describeError(error)
      // another poller is alive and well: the bot is reachable
      health(conflict ? 'up' : 'down', conflict ? `another node is polling (${detail})` : detail)
      ctx.log({ direction: 'out', operation: 'getUpdates', status: 'error', error: detail })
      await sleep(backoff(++attempt), client.signal).catch(() => {})
    }
  }
}
