/**
 * The HTTP SMS gateway connector type (capability send_message): sends an SMS through any
 * provider's REST API described by the instance's config — a request template (request.ts),
 * a response mapping — and takes the provider's delivery reports on its webhook (reports.ts).
 * No code per provider: examples/ holds ready configs. See README.md.
 */
import { readFileSync } from 'node:fs'
import { CircuitBreaker } from '#core/connectors/breaker'
import { defineConnectorType, type Connector, type ConnectorContext, type ConnectorHealth, type ConnectorManifest, type WebhookAnswer, type WebhookRequest } from '#core/connectors/types'
import type { SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import { Gateway } from './gateway.js'
import { smsParts } from './mapping.js'
import { mapReports, ReportError, reportTokenOk, type ReportsConfig } from './reports.js'
import { buildRequest, ProviderRefusal, readAnswer, recipient, type HttpSmsConfig } from './request.js'
import { SentOnce } from '#core/connectors/sent_once'

const manifest: ConnectorManifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'))

type Config = HttpSmsConfig & { reports?: ReportsConfig }

class HttpSms implements Connector {
  #ctx?: ConnectorContext
  #cfg?: Config
  #gateway?: Gateway
  #abort = new AbortController()
  #breaker = new CircuitBreaker({ failures: 5, coolDownMs: 30_000 })
  #sent?: SentOnce<SendMessageResult>
  #health: ConnectorHealth = { status: 'stopped' }

  async start(ctx: ConnectorContext) {
    const cfg = ctx.config as Config
    if (!cfg.url || !cfg.auth || !cfg.request?.body || !cfg.response?.id) throw new Error('url, auth, request.body and response.id are required')
    this.#ctx = ctx
    this.#cfg = cfg
    this.#gateway = new Gateway(cfg.timeoutMs ?? 10_000, this.#abort.signal)
    this.#sent = new SentOnce({ state: ctx.state })
    // an HTTP sender watches nothing between sends: it is up until a send fails
    this.#setHealth('up', `ready to send through ${new URL(cfg.url).host}`)
  }

  async stop() {
    this.#abort.abort()
    this.#gateway?.close()
    this.#ctx = undefined
    this.#health = { status: 'stopped', since: new Date().toISOString() }
  }

  health(): ConnectorHealth {
    return this.#health
  }

  /** "Test connection": the provider's host answers HTTP at all (no SMS is sent). */
  async test(): Promise<{ ok: boolean; detail: string }> {
    const cfg = (this.#cfg ?? this.#ctx?.config) as Config | undefined
    if (!cfg?.url) return { ok: false, detail: 'no url' }
    const gateway = this.#gateway ?? new Gateway(cfg.timeoutMs ?? 10_000)
    try {
      const answer = await gateway.request(new URL(cfg.url), { method: 'HEAD', headers: {} })
      return { ok: true, detail: `the provider is reachable (HTTP ${answer.status})` }
    } catch (error) {
      return { ok: false, detail: `the provider is unreachable: ${(error as Error).message}` }
    } finally {
      if (gateway !== this.#gateway) gateway.close()
    }
  }

  #setHealth(status: ConnectorHealth['status'], detail: string) {
    if (this.#health.status === status && this.#health.detail === detail) return
    this.#health = { status, detail, since: new Date().toISOString() }
    this.#ctx?.setHealth({ status, detail })
  }

  async handleWebhook(req: WebhookRequest): Promise<WebhookAnswer> {
    const ctx = this.#ctx
    const reports = this.#cfg?.reports
    if (!ctx) return { status: 503, body: { error: 'not running' } }
    const started = Date.now()
    const answer = (status: number, error: string, outcome: 'refused' | 'error'): WebhookAnswer => {
      ctx.log({ direction: 'in', operation: 'report', status: outcome, latencyMs: Date.now() - started, error })
      return { status, body: { error } }
    }
    if (!reports) return answer(404, 'delivery reports are not configured', 'error')
    if (!reportTokenOk(req, reports)) return answer(401, 'bad or missing token', 'refused')
    try {
      const events = mapReports(req, reports)
      ctx.log({ direction: 'in', operation: 'report', status: 'ok', latencyMs: Date.now() - started, payload: { reports: events.length } })
      return { status: 200, body: { ok: true }, events }
    } catch (error) {
      const message = error instanceof ReportError ? error.message : 'the report could not be read'
      return answer(400, message, 'error')
    }
  }

  async perform(action: string, input: any): Promise<unknown> {
    if (action !== 'send_message') throw new Error(`unknown action ${action}`)
    const ctx = this.#ctx
    const cfg = this.#cfg
    if (!ctx || !cfg || !this.#sent) throw new Error('the SMS connector is not running')
    const message = input as SendMessageInput
    if (typeof message?.to !== 'string' || typeof message.text !== 'string' || !message.text || typeof message.idempotencyKey !== 'string' || !message.idempotencyKey) {
      throw new Error('send_message needs to, text and idempotencyKey')
    }
    const to = recipient(message.to)
    return this.#sent.once(message.idempotencyKey, () => this.#send(ctx, cfg, { to, text: message.text, id: message.idempotencyKey }))
  }

  async #send(ctx: ConnectorContext, cfg: Config, sms: { to: string; text: string; id: string }): Promise<SendMessageResult> {
    const operation = `${cfg.method ?? 'POST'} send`
    if (!this.#breaker.allow()) {
      ctx.log({ direction: 'out', operation, status: 'refused', correlationId: sms.id, error: 'circuit open after repeated failures' })
      throw new Error('sending SMS is paused after repeated failures of the provider; try again shortly')
    }
    const started = Date.now()
    const request = buildRequest(cfg, sms)
    try {
      const answer = await this.#gateway!.request(request.url, request)
      const { id, status } = readAnswer(cfg, answer)
      this.#breaker.success()
      this.#setHealth('up', 'the last SMS was accepted')
      ctx.log({ direction: 'out', operation, status: 'ok', latencyMs: Date.now() - started, correlationId: sms.id, payload: { externalId: id, to: sms.to } })
      return { externalId: id, status, parts: smsParts(sms.text) }
    } catch (error) {
      const message = (error as Error).message
      if (error instanceof ProviderRefusal) this.#breaker.success()
      else {
        this.#breaker.failure()
        this.#setHealth('degraded', `sending failed: ${message}`)
      }
      ctx.log({ direction: 'out', operation, status: 'error', latencyMs: Date.now() - started, correlationId: sms.id, error: message })
      throw error instanceof ProviderRefusal ? error : new Error(`the SMS provider failed: ${message}`)
    }
  }
}

export default defineConnectorType({ manifest, create: () => new HttpSms() })
