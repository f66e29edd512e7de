import { readFileSync } from 'node:fs'
import { defineConnectorType, type Connector, type ConnectorContext, type ConnectorHealth, type ConnectorManifest, type WebhookAnswer, type WebhookRequest } from '#core/connectors/types'
import { mapCallEvent, MappingError, parseBody, type PbxMappings } from './mapping.js'
import { header, verify, type PbxAuth } from './verify.js'
import { Breaker, fill, request, type ClickToCallConfig } from './click_to_call.js'

const manifest: ConnectorManifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'))

const DIAL = /^\+?[0-9*#]{1,32}$/

/**
 * A cloud PBX that posts call notifications to our webhook and places calls through its HTTP
 * API. Nothing per vendor in code: `config.auth` says how a notification is signed,
 * `mappings` (PbxMappings) where its fields are, `config.clickToCall` how to ask for a call.
 */
class PbxWebhook implements Connector {
  #ctx?: ConnectorContext
  #health: ConnectorHealth = { status: 'stopped' }
  #breaker = new Breaker()

  async start(ctx: ConnectorContext) {
    const m = ctx.mappings as Partial<PbxMappings>
    for (const key of ['callId', 'caller', 'event'] as const) if (typeof m?.[key] !== 'string') throw new Error(`mappings.${key} is required (a pick such as "call.id")`)
    if (!m.eventMap || typeof m.eventMap !== 'object') throw new Error('mappings.eventMap is required')
    this.#ctx = ctx
    this.#setHealth('up', 'waiting for notifications')
  }

  async stop() {
    this.#ctx = undefined
    this.#health = { status: 'stopped', since: new Date().toISOString() }
  }

  health(): ConnectorHealth {
    return this.#health
  }

  async handleWebhook(req: WebhookRequest): Promise<WebhookAnswer> {
    const ctx = this.#ctx
    if (!ctx) return { status: 503, body: { error: 'not running' } }
    const started = Date.now()
    const echo = ctx.config.echoParam as string | undefined
    if (req.method === 'GET' && echo && req.query[echo] !== undefined) {
      // the PBX checks the URL before it sends anything (Zadarma's zd_echo)
      return { status: 200, body: String(req.query[echo]).slice(0, 200), headers: { 'content-type': 'text/plain' } }
    }
    if (!verify(req, ctx.config.auth as PbxAuth)) {
      ctx.log({ direction: 'in', operation: 'webhook', status: 'refused', latencyMs: Date.now() - started, error: 'bad or missing signature' })
      return { status: 401, body: { error: 'bad or missing signature' } }
    }
    let payload
    try {
      payload = mapCallEvent(parseBody(req.rawBody, header(req, 'content-type')), ctx.mappings as PbxMappings)
    } catch (error) {
      const message = error instanceof MappingError ? error.message : 'the notification could not be read'
      ctx.log({ direction: 'in', operation: 'webhook', status: 'error', latencyMs: Date.now() - started, error: message })
      return { status: 422, body: { error: message } }
    }
    if (!payload) {
      ctx.log({ direction: 'in', operation: 'webhook', status: 'ok', latencyMs: Date.now() - started, payload: { ignored: true } })
      return { status: 200, body: { ok: true, ignored: true } }
    }
    const idempotencyKey = `${payload.callId}:${payload.event}`
    ctx.log({ direction: 'in', operation: `webhook:${payload.event}`, status: 'ok', latencyMs: Date.now() - started, correlationId: payload.callId })
    return { status: 200, body: { ok: true }, events: [{ type: 'call_event', idempotencyKey, payload }] }
  }

  async perform(action: string, input: any): Promise<unknown> {
    if (action !== 'originate') throw new Error(`unknown action ${action}`)
    const ctx = this.#ctx
    const cfg = ctx?.config.clickToCall as ClickToCallConfig | undefined
    if (!ctx || !cfg) throw new Error('click-to-call is not configured for this PBX')
    const extension = String(input?.extension ?? '')
    const number = String(input?.number ?? '')
    if (!/^[0-9*#]{1,16}$/.test(extension) || !DIAL.test(number)) throw new Error('extension and number must be dial strings')
    const operation = `${cfg.method ?? 'POST'} click-to-call`
    if (this.#breaker.open) {
      ctx.log({ direction: 'out', operation, status: 'refused', error: 'circuit open after repeated failures' })
      throw new Error('click-to-call is paused after repeated failures; try again shortly')
    }
    const values = { extension, number, secret: cfg.secret ?? '' }
    const body = cfg.body === undefined ? undefined : typeof cfg.body === 'string' ? fill(cfg.body, values) : JSON.stringify(fill(cfg.body, values))
    const headers: Record<string, string> = { 'content-type': cfg.contentType ?? 'application/json', ...fill(cfg.headers ?? {}, values) }
    const started = Date.now()
    try {
      const res = await request(cfg.url, { method: cfg.method ?? 'POST', headers, body, timeoutMs: cfg.timeoutMs ?? 5000, signal: ctx.signal })
      const ok = cfg.successStatus ? res.status === cfg.successStatus : res.status >= 200 && res.status < 300
      if (!ok) throw new Error(`the PBX answered ${res.status}`)
      this.#breaker.success()
      this.#setHealth('up', 'click-to-call works')
      ctx.log({ direction: 'out', operation, status: 'ok', latencyMs: Date.now() - started, payload: { status: res.status, extension } })
      return { ok: true, status: res.status }
    } catch (error) {
      this.#breaker.failure()
      const message = (error as Error).message
      this.#setHealth('degraded', `click-to-call failed: ${message}`)
      ctx.log({ direction: 'out', operation, status: 'error', latencyMs: Date.now() - started, error: message })
      throw new Error(`click-to-call failed: ${message}`)
    }
  }

  async test(): Promise<{ ok: boolean; detail: string }> {
    const cfg = this.#ctx?.config.clickToCall as ClickToCallConfig | undefined
    if (!cfg) return { ok: true, detail: 'receives notifications; no click-to-call configured' }
    try {
      // HEAD places no call: any answer means the API is reachable
      const res = await request(cfg.url, { method: 'HEAD', headers: {}, timeoutMs: cfg.timeoutMs ?? 5000, signal: this.#ctx?.signal })
      return { ok: true, detail: `click-to-call API reachable (HTTP ${res.status})` }
    } catch (error) {
      return { ok: false, detail: `click-to-call API unreachable: ${(error as Error).message}` }
    }
  }

  #setHealth(status: ConnectorHealth['status'], detail: string) {
    if (this.#health.status === status && this.#health.detail === detail) return
    this.#health = { status, detail, since: new Date().toISOString() }
    this.#ctx?.setHealth({ status, detail })
  }
}

export default defineConnectorType({ manifest, create: () => new PbxWebhook() })
