/**
 * Delivery reports a provider POSTs (or GETs) to our webhook → `message_status` events. The
 * request proves itself with the instance's report token (a header, `Bearer` accepted, or a
 * query parameter) before anything is parsed. A report may hold one message or a list
 * (`list`); each is mapped by picks and the status value map (`null` = accept and ignore).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { InboundEvent, WebhookRequest } from '#core/connectors/types'
import type { MessageStatusPayload } from '#core/connectors/messaging'
import { asKey, parseBody, pick } from './mapping.js'

export interface ReportsConfig {
  token: string
  tokenHeader?: string
  tokenQuery?: string
  list?: string
  id: string
  status: string
  statusMap: Record<string, MessageStatusPayload['status'] | null>
  error?: string
  at?: string
}

export function header(req: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}

/** Whether the request carries the report token; constant time, never throws. */
export function reportTokenOk(req: WebhookRequest, cfg: ReportsConfig): boolean {
  if (!cfg.token) return false
  const given = cfg.tokenHeader ? header(req, cfg.tokenHeader)?.replace(/^Bearer\s+/i, '') : req.query[cfg.tokenQuery ?? 'token']
  if (!given) return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(cfg.token).digest()
  return timingSafeEqual(a, b) && given.length === cfg.token.length
}

export class ReportError extends Error {}

/** The report's events; throws ReportError with a reason for an unreadable or unmapped report. */
export function mapReports(req: WebhookRequest, cfg: ReportsConfig): InboundEvent<MessageStatusPayload>[] {
  const body = req.method === 'GET' ? req.query : parseBody(req.rawBody, header(req, 'content-type'))
  if (!body || typeof body !== 'object') throw new ReportError('the report is not JSON or form data')
  const items = cfg.list ? pick(body, cfg.list) : [body]
  if (!Array.isArray(items)) throw new ReportError(`no list at ${cfg.list}`)
  const events: InboundEvent<MessageStatusPayload>[] = []
  for (const item of items.slice(0, 1000)) {
    const id = asKey(pick(item, cfg.id))
    const value = asKey(pick(item, cfg.status))
    if (!id) throw new ReportError(`no message id at ${cfg.id}`)
    if (value === undefined) throw new ReportError(`no status at ${cfg.status}`)
    const status = value in cfg.statusMap ? cfg.statusMap[value] : cfg.statusMap['*']
    if (status === undefined) throw new ReportError(`status "${value}" is not in the status map`)
    if (status === null) continue
    const error = asKey(pick(item, cfg.error))
    const at = toIso(pick(item, cfg.at))
    const payload: MessageStatusPayload = { channel: 'sms', externalId: id, status, ...(status === 'failed' && error ? { error } : {}), ...(at ? { at } : {}) }
    events.push({ type: 'message_status', idempotencyKey: `status:${id}:${status}`, payload })
  }
  return events
}

function toIso(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const n = Number(value)
  const date = Number.isFinite(n) ? new Date(n < 1e12 ? n * 1000 : n) : new Date(String(value))
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}
