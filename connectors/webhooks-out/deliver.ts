import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { jobRegistry, type Job } from '#core/jobs/index'
import type { ConnectorContext } from '#core/connectors/types'
import { pinnedLookup, RefusedTarget } from './ssrf.js'

export const DELIVERY_QUEUE = 'webhooks_out.deliver'

/** What a delivery job carries: the body is fixed when the change happens, so every attempt sends the same. */
export interface Delivery {
  instance: string
  id: string
  event: string
  entity: string
  record: Record<string, unknown>
  at: string
}

export interface WebhooksOutConfig {
  url: string
  secret: string
  allowPrivate?: boolean
  timeoutMs?: number
}

/** A running instance as a delivery job needs it: its context (URL, secret, log) and its health. */
export interface RunningInstance {
  ctx: ConnectorContext
  report(status: 'up' | 'degraded', detail: string): void
}

/** Running instances of this node by key: a delivery job finds its URL and secret here. */
export const running = new Map<string, RunningInstance>()

/** 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, then 2 h. */
export const deliveryBackoff = (attempt: number) => [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000][attempt - 1] ?? 7_200_000

/**
 * `X-Vikno-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver
 * recomputes it over the raw body and refuses old timestamps (replays).
 */
export function signature(secret: string, body: string, t: number): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
}

/**
 * Registers the delivery queue in the application's job registry once, whichever instance
 * starts first (the registry refuses a second registration).
 */
export function ensureDeliveryQueue() {
  if (jobRegistry.get(DELIVERY_QUEUE)) return
  jobRegistry.register<Delivery>(DELIVERY_QUEUE, { handle: (job) => attempt(job), maxAttempts: 8, backoff: deliveryBackoff })
}

class DeliveryFailed extends Error {}

/** One attempt of one delivery; throws to be retried later, returns when done or refused for good. */
async function attempt(job: Job<Delivery>) {
  const d = job.payload
  const instance = running.get(d.instance)
  // this node does not run the instance (stopped, or being reconfigured): try again later
  if (!instance) throw new DeliveryFailed(`connector ${d.instance} is not running on this node`)
  const ctx = instance.ctx
  const config = ctx.config as WebhooksOutConfig
  const body = JSON.stringify({ id: d.id, event: d.event, entity: d.entity, record: d.record, at: d.at })
  const started = Date.now()
  const base = { direction: 'out' as const, operation: 'POST webhook', correlationId: d.id }
  let status: number
  try {
    status = await post(config, d.id, body, ctx.signal)
  } catch (error) {
    const message = (error as Error).message
    if (error instanceof RefusedTarget) {
      // a configuration problem, not a passing one: nothing is sent, and retrying will not help
      ctx.log({ ...base, status: 'refused', latencyMs: Date.now() - started, error: message, payload: { attempt: job.attempts, entity: d.entity, record: d.record.id } })
      instance.report('degraded', message)
      return
    }
    ctx.log({ ...base, status: 'error', latencyMs: Date.now() - started, error: message, payload: { attempt: job.attempts, entity: d.entity, record: d.record.id } })
    instance.report('degraded', `last delivery failed: ${message}`)
    throw new DeliveryFailed(message)
  }
  const ok = status >= 200 && status < 300
  ctx.log({
    ...base,
    status: ok ? 'ok' : 'error',
    latencyMs: Date.now() - started,
    error: ok ? undefined : `the receiver answered ${status}`,
    payload: { attempt: job.attempts, responseStatus: status, entity: d.entity, record: d.record.id },
  })
  if (!ok) {
    instance.report('degraded', `last delivery failed: the receiver answered ${status}`)
    throw new DeliveryFailed(`the receiver answered ${status}`)
  }
  instance.report('up', 'last delivery accepted')
}

/** POSTs the signed body to the checked address; resolves with the status (a 3xx is not followed). */
async function post(config: WebhooksOutConfig, id: string, body: string, signal: AbortSignal): Promise<number> {
  const url = new URL(config.url)
  const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined
  if (!lib) throw new RefusedTarget(`unsupported protocol ${url.protocol}`)
  const { lookup } = await pinnedLookup(url.hostname, config.allowPrivate === true)
  const timeoutMs = config.timeoutMs ?? 10_000
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'Vikno-Webhooks/1',
    'x-vikno-delivery': id,
    'x-vikno-signature': signature(config.secret, body, Math.floor(Date.now() / 1000)),
  }
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: 'POST', headers, lookup, timeout: timeoutMs, signal, agent: false }, (res) => {
      res.resume() // the receiver's answer body is not needed
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}
