/**
 * The Telegram connector type: a bot on the Bot API as a messaging channel (the contract in
 * core/connectors/messaging.ts). Updates come by webhook (webhook.ts; every node answers) or
 * long polling (polling.ts); each becomes a `message_in` keyed by its update_id (inbound.ts);
 * `perform('send_message')` answers (send.ts). Calls go through grammY's `Api` (client.ts).
 */
import { readFileSync } from 'node:fs'
import { defineConnectorType, type Connector, type ConnectorContext, type ConnectorHealth, type ConnectorManifest, type WebhookAnswer, type WebhookRequest } from '#core/connectors/types'
import type { SendMessageInput } from '#core/connectors/messaging'
import { BotClient, describeError } from './client.js'
import { telegramConfig, webhookUrl, type TelegramConfig } from './config.js'
import { eventsOf } from './inbound.js'
import { pollUpdates } from './polling.js'
import { RateLimiter } from './rate_limit.js'
import { Sender } from './send.js'
import { hasSecret, keepWebhook, parseUpdate } from './webhook.js'

const manifest: ConnectorManifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'))

export class Telegram implements Connector {
  #ctx?: ConnectorContext
  #config?: TelegramConfig
  #client?: BotClient
  #sender?: Sender
  #loop?: Promise<void>
  #health: ConnectorHealth = { status: 'stopped' }

  async start(ctx: ConnectorContext) {
    const config = telegramConfig(ctx.config)
    this.#ctx = ctx
    this.#config = config
    this.#client = new BotClient(config, ctx.signal)
    this.#sender = new Sender(ctx, this.#client, new RateLimiter(config.perSecond, config.perChatPerSecond))
    this.#setHealth('down', 'connecting to the Bot API')
    // the host's "Test connection" starts a throwaway instance (core/connectors/throwaway.ts):
    // it must neither move the live bot's webhook nor take its updates
    if (ctx.probe) return
    const health = (status: 'up' | 'down', detail: string) => this.#setHealth(status, detail)
    const client = this.#client
    this.#loop =
      config.mode === 'polling'
        ? pollUpdates({ ctx, client, timeoutSeconds: config.pollTimeoutSeconds, health, eventsOf: (update) => eventsOf(update, ctx, client, config.maxFileBytes) })
        : keepWebhook({ ctx, client, url: webhookUrl(config, ctx.key), secret: config.webhookSecret!, checkIntervalSeconds: config.checkIntervalSeconds, health })
  }

  async stop() {
    this.#client?.close()
    await this.#loop
    this.#ctx = this.#client = this.#sender = this.#loop = undefined
    this.#health = { status: 'stopped', since: new Date().toISOString() }
  }

  health(): ConnectorHealth {
    return this.#health
  }

  async test(): Promise<{ ok: boolean; detail: string }> {
    const client = this.#client
    if (!client) return { ok: false, detail: 'not started' }
    try {
      const me = await client.api.getMe(client.apiSignal)
      return { ok: true, detail: `the bot @${me.username} answers (${this.#config!.mode} mode)` }
    } catch (error) {
      return { ok: false, detail: describeError(error) }
    }
  }

  async handleWebhook(req: WebhookRequest): Promise<WebhookAnswer> {
    const ctx = this.#ctx
    const config = this.#config
    if (!ctx || !config || !this.#client) return { status: 503, body: { error: 'not running' } }
    if (config.mode !== 'webhook') return { status: 404, body: { error: 'this bot polls for updates' } }
    const refuse = (status: number, error: string): WebhookAnswer => {
      ctx.log({ direction: 'in', operation: 'webhook', status: 'refused', error })
      return { status, body: { error } }
    }
    if (req.method !== 'POST') return refuse(405, 'Telegram posts updates')
    if (!hasSecret(req, config.webhookSecret!)) return refuse(401, 'bad or missing secret token')
    const update = parseUpdate(req.rawBody)
    if (typeof update === 'string') return refuse(400, update)
    const events = await eventsOf(update, ctx, this.#client, config.maxFileBytes)
    return { status: 200, body: { ok: true }, events }
  }

  async perform(action: string, input: any): Promise<unknown> {
    if (action !== 'send_message') throw new Error(`unknown action ${action}`)
    if (!this.#sender) throw new Error('the Telegram connector is not running')
    return this.#sender.send(input as SendMessageInput)
  }

  #setHealth(status: ConnectorHealth['status'], detail: string) {
    if (this.#health.status === status && this.#health.detail === detail) return
    this.#health = { status, detail, since: new Date().toISOString() }
    this.#ctx?.setHealth({ status, detail })
  }
}

export default defineConnectorType({ manifest, create: () => new Telegram() })
