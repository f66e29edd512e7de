/**
 * The Viber bot connector type (capabilities send_message, receive_message): registers its
 * webhook with `set_webhook`, watches the account with `get_account_info`, turns signed
 * callbacks into `message_in` / `message_status` (events.ts) and sends texts with keyboards
 * (keyboard.ts). See README.md for the administrator.
 */
import { readFileSync } from 'node:fs'
import { backoff } from '#core/connectors/breaker'
import { defineConnectorType, type Connector, type ConnectorContext, type ConnectorHealth, type ConnectorManifest, type WebhookAnswer, type WebhookRequest } from '#core/connectors/types'
import type { MessageInPayload, SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import { ViberApi, ViberRefusal } from './api.js'
import { mapCallback, parseViberJson, type MediaToFetch, type ViberCallback } from './events.js'
import { sendMessageBody } from './keyboard.js'
import { SentOnce } from '#core/connectors/sent_once'
import { validSignature } from './signature.js'

const manifest: ConnectorManifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'))

/** The callbacks we ask Viber for (`message` always comes). */
export const EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started']
/** Viber's status for a receiver who left the bot (or never joined it). */
const NOT_SUBSCRIBED = 6

interface ViberConfig {
  token: string
  publicUrl: string
  senderName: string
  senderAvatar?: string
  apiRoot?: string
  maxBodyBytes?: number
  maxMediaBytes?: number
  healthCheckSeconds?: number
  timeoutMs?: number
}

class Viber implements Connector {
  #ctx?: ConnectorContext
  #cfg?: ViberConfig
  #api?: ViberApi
  #abort = new AbortController()
  #timer?: NodeJS.Timeout
  #attempt = 0
  #webhookSet = false
  #health: ConnectorHealth = { status: 'stopped' }
  #sent?: SentOnce<SendMessageResult>

  async start(ctx: ConnectorContext) {
    const cfg = ctx.config as ViberConfig
    if (!cfg.token || !cfg.publicUrl || !cfg.senderName) throw new Error('token, publicUrl and senderName are required')
    this.#ctx = ctx
    this.#cfg = cfg
    this.#api = this.#newApi(cfg)
    this.#sent = new SentOnce({ state: ctx.state })
    this.#setHealth('down', 'connecting to Viber')
    this.#schedule(0)
  }

  async stop() {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#abort.abort()
    this.#api?.close()
    this.#ctx = undefined
    this.#health = { status: 'stopped', since: new Date().toISOString() }
  }

  health(): ConnectorHealth {
    return this.#health
  }

  /** "Test connection": the token is accepted (get_account_info); registers nothing. */
  async test(): Promise<{ ok: boolean; detail: string }> {
    const cfg = (this.#cfg ?? this.#ctx?.config) as ViberConfig | undefined
    if (!cfg?.token) return { ok: false, detail: 'no token' }
    const api = this.#api ?? this.#newApi(cfg)
    try {
      const account = await api.ok('get_account_info', {})
      return { ok: true, detail: `connected as ${String(account.name ?? 'the bot')}` }
    } catch (error) {
      return { ok: false, detail: describe(error) }
    } finally {
      if (api !== this.#api) api.close()
    }
  }

  #newApi(cfg: ViberConfig) {
    return new ViberApi(cfg.apiRoot ?? 'https://chatapi.viber.com/pa', cfg.token, cfg.timeoutMs ?? 10_000, this.#abort.signal)
  }

  #schedule(ms: number) {
    if (this.#abort.signal.aborted) return
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.#check(), ms)
  }

  /**
   * One round of the watch: the account answers (up), then the webhook is registered once.
   * Unreachable or refused → down (a refused webhook → degraded), tried again with backoff.
   */
  async #check() {
    const ctx = this.#ctx
    const cfg = this.#cfg
    const api = this.#api
    if (!ctx || !cfg || !api) return
    const every = (cfg.healthCheckSeconds ?? 60) * 1000
    try {
      const account = await api.ok('get_account_info', {})
      const name = String(account.name ?? 'the bot')
      if (!this.#webhookSet) {
        this.#setHealth('up', `connected as ${name}; registering the webhook`)
        await this.#setWebhook(ctx, cfg, api)
      }
      this.#attempt = 0
      this.#setHealth('up', `connected as ${name}`)
      this.#schedule(every)
    } catch (error) {
      if (this.#abort.signal.aborted) return
      const detail = describe(error)
      if (error instanceof WebhookRefused) this.#setHealth('degraded', detail)
      else this.#setHealth('down', detail)
      this.#schedule(Math.min(every, backoff(++this.#attempt)))
    }
  }

  async #setWebhook(ctx: ConnectorContext, cfg: ViberConfig, api: ViberApi) {
    const url = `${cfg.publicUrl.replace(/\/+$/, '')}/api/v1/connectors/${encodeURIComponent(ctx.key)}/webhook`
    const started = Date.now()
    const answer = await api.call('set_webhook', { url, event_types: EVENT_TYPES, send_name: true, send_photo: true })
    if (answer.status !== 0) {
      ctx.log({ direction: 'out', operation: 'set_webhook', status: 'error', latencyMs: Date.now() - started, error: `status ${answer.status}: ${answer.status_message}` })
      throw new WebhookRefused(`Viber did not register the webhook ${url} (status ${answer.status}: ${answer.status_message})`)
    }
    ctx.log({ direction: 'out', operation: 'set_webhook', status: 'ok', latencyMs: Date.now() - started, payload: { url } })
    this.#webhookSet = true
  }

  #setHealth(status: ConnectorHealth['status'], detail: string) {
    if (this.#health.status === status && this.#health.detail === detail) return
    this.#health = { status, detail, since: new Date().toISOString() }
    this.#ctx?.setHealth({ status, detail })
  }

  async handleWebhook(req: WebhookRequest): Promise<WebhookAnswer> {
    const ctx = this.#ctx
    const cfg = this.#cfg
    if (!ctx || !cfg || !this.#api) return { status: 503, body: { error: 'not running' } }
    const started = Date.now()
    const refuse = (status: number, error: string, outcome: 'refused' | 'error' = 'error'): WebhookAnswer => {
      ctx.log({ direction: 'in', operation: 'webhook', status: outcome, latencyMs: Date.now() - started, error })
      return { status, body: { error } }
    }
    if (req.method !== 'POST') return refuse(405, 'only POST')
    if (req.rawBody.length > (cfg.maxBodyBytes ?? 262_144)) return refuse(400, `the body is larger than ${cfg.maxBodyBytes ?? 262_144} bytes`)
    if (!validSignature(cfg.token, req.rawBody, headerOf(req, 'x-viber-content-signature'))) return refuse(401, 'bad or missing signature', 'refused')
    const callback = parseViberJson(req.rawBody)
    if (!callback || typeof callback.event !== 'string') return refuse(400, 'the body is not a Viber callback')
    const mapped = mapCallback(callback as ViberCallback)
    if ('ignored' in mapped) {
      ctx.log({ direction: 'in', operation: `webhook:${callback.event}`, status: 'ok', latencyMs: Date.now() - started, payload: { ignored: mapped.ignored } })
      return { status: 200, body: { ok: true } }
    }
    if (mapped.media) await this.#attach(mapped.event.payload as MessageInPayload, mapped.media, cfg)
    ctx.log({ direction: 'in', operation: `webhook:${callback.event}`, status: 'ok', latencyMs: Date.now() - started, correlationId: mapped.event.idempotencyKey })
    return { status: 200, body: { ok: true }, events: [mapped.event] }
  }

  /** Downloads a photo or file into the message; a failure leaves the attachment without data. */
  async #attach(payload: MessageInPayload, media: MediaToFetch, cfg: ViberConfig) {
    const max = cfg.maxMediaBytes ?? 10_485_760
    try {
      if (media.size !== undefined && media.size > max) throw new TooLarge(media.size)
      const got = await this.#api!.download(media.url, max)
      const mime = got.mime ?? 'application/octet-stream'
      payload.attachments = [got.data ? { name: media.name, mime, size: got.size, data: got.data.toString('base64') } : { name: media.name, mime, size: got.size, tooLarge: true }]
    } catch (error) {
      const tooLarge = error instanceof TooLarge
      payload.attachments = [{ name: media.name, mime: 'application/octet-stream', ...(media.size ? { size: media.size } : {}), ...(tooLarge ? { tooLarge } : {}) }]
      if (!tooLarge) this.#ctx?.log({ direction: 'out', operation: 'download', status: 'error', error: describe(error) })
    }
  }

  async perform(action: string, input: any): Promise<unknown> {
    if (action !== 'send_message') throw new Error(`unknown action ${action}`)
    const ctx = this.#ctx
    const cfg = this.#cfg
    const api = this.#api
    if (!ctx || !cfg || !api || !this.#sent) throw new Error('the Viber connector is not running')
    const message = input as SendMessageInput
    if (typeof message?.to !== 'string' || !message.to || typeof message.text !== 'string' || !message.text || typeof message.idempotencyKey !== 'string' || !message.idempotencyKey) {
      throw new Error('send_message needs to, text and idempotencyKey')
    }
    return this.#sent.once(message.idempotencyKey, () => this.#send(ctx, cfg, api, message))
  }

  async #send(ctx: ConnectorContext, cfg: ViberConfig, api: ViberApi, message: SendMessageInput): Promise<SendMessageResult> {
    const started = Date.now()
    const body = sendMessageBody(message, { name: cfg.senderName, avatar: cfg.senderAvatar })
    let answer
    try {
      answer = await api.call('send_message', body)
    } catch (error) {
      ctx.log({ direction: 'out', operation: 'send_message', status: 'error', latencyMs: Date.now() - started, correlationId: message.idempotencyKey, error: describe(error) })
      throw new Error(`Viber is unreachable: ${describe(error)}`)
    }
    if (answer.status !== 0) {
      const refusal = new ViberRefusal(answer.status, String(answer.status_message ?? 'unknown error'))
      ctx.log({ direction: 'out', operation: 'send_message', status: 'error', latencyMs: Date.now() - started, correlationId: message.idempotencyKey, error: refusal.message })
      if (answer.status === NOT_SUBSCRIBED) {
        // the user left the bot: tell the engine, as Viber's own unsubscribed callback would
        const payload: MessageInPayload = { channel: 'viber', kind: 'unsubscribed', from: message.to, externalId: `refused:${message.idempotencyKey}`, at: new Date().toISOString() }
        await ctx.deliver({ type: 'message_in', idempotencyKey: `unsubscribed:refused:${message.idempotencyKey}`, payload }).catch(() => {})
      }
      throw refusal
    }
    const externalId = String(answer.message_token ?? '')
    ctx.log({ direction: 'out', operation: 'send_message', status: 'ok', latencyMs: Date.now() - started, correlationId: message.idempotencyKey, payload: { externalId } })
    return { externalId, status: 'sent' }
  }
}

class WebhookRefused extends Error {}
class TooLarge extends Error {
  constructor(readonly size: number) {
    super(`larger than allowed (${size} bytes)`)
  }
}

function headerOf(req: WebhookRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === name) return value
  return undefined
}

function describe(error: unknown): string {
  if (error instanceof ViberRefusal) return `Viber refused: ${error.statusMessage} (status ${error.status})`
  const e = error as { message?: string; code?: string; cause?: { code?: string } }
  const code = e?.code ?? e?.cause?.code
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ENOTFOUND' ? `Viber is unreachable (${code})` : String(e?.message ?? error)
}

export default defineConnectorType({ manifest, create: () => new Viber() })
