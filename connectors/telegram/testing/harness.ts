/**
 * Starts Telegram instances for specs without the application: a recording context (deliveries,
 * log, health, state in memory) and a config pointing at the Bot API emulator. `hook` hands an
 * update to the instance as the webhook route would (with the secret header unless told).
 */
import { recordingContext, type RecordingContext } from '#core/testing/connector_context'
import type { Update } from 'grammy/types'
import type { WebhookAnswer } from '#core/connectors/types'
import telegram, { type Telegram } from '../index.js'
import type { BotApiServer } from './bot_api_server.js'

export const HOOK_SECRET = 'unit-hook-secret_Zx81'

export class Harness {
  readonly running: Telegram[] = []
  constructor(private readonly api: BotApiServer) {}

  config(extra: Record<string, unknown> = {}) {
    return { token: this.api.token, mode: 'webhook', publicUrl: 'https://vikno.example.gov.ua', webhookSecret: HOOK_SECRET, apiRoot: this.api.apiRoot, ...extra }
  }

  /** A started instance; `state` seeds its durable state (as a restart finds it). */
  async start(extra: Record<string, unknown> = {}, state: Record<string, unknown> = {}): Promise<{ bot: Telegram; ctx: RecordingContext }> {
    const bot = telegram.create() as Telegram
    this.running.push(bot)
    const ctx = recordingContext(this.config(extra), { key: 'city_telegram' })
    for (const [key, value] of Object.entries(state)) await ctx.state.set(key, value)
    await bot.start(ctx)
    return { bot, ctx }
  }

  /** The update through `handleWebhook`, its events delivered as the host does after answering. */
  async hook(bot: Telegram, ctx: RecordingContext, update: Update, secret = HOOK_SECRET): Promise<WebhookAnswer> {
    const answer = await bot.handleWebhook({ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secret }, query: {}, rawBody: Buffer.from(JSON.stringify(update)) })
    for (const event of answer.events ?? []) await ctx.deliver(event)
    return answer
  }

  async stopAll() {
    for (const bot of this.running.splice(0)) await bot.stop()
  }
}

let updateId = 900_000
/** An update_id for an update handed straight to `hook`. */
export const withId = (update: Omit<Update, 'update_id'>): Update => ({ ...update, update_id: ++updateId }) as Update
