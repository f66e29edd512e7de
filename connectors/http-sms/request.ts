/**
 * One SMS → the provider's HTTP request (the config's template filled, auth applied) and the
 * provider's answer → the message id or a clear refusal, by the response mapping.
 */
import { toE164 } from '#core/shared/phone'
import type { GatewayAnswer } from './gateway.js'
import { asKey, fill, pick, toFields } from './mapping.js'

export interface HttpSmsConfig {
  url: string
  method?: 'POST' | 'GET' | 'PUT'
  auth: { mode: 'none' | 'bearer' | 'basic' | 'header' | 'query'; token?: string; name?: string; username?: string; password?: string }
  sender?: string
  phoneFormat?: 'e164' | 'digits'
  request: { format?: 'json' | 'form'; body: Record<string, unknown>; headers?: Record<string, string> }
  response: { id: string; status?: string; statusMap?: Record<string, 'sent' | 'queued' | 'error'>; error?: string }
  timeoutMs?: number
}

/** The provider refused the message (its own words in the message); not worth retrying as is. */
export class ProviderRefusal extends Error {}

/** The recipient in E.164, or a clear error. */
export function recipient(to: string): string {
  const phone = toE164(to)
  if (!phone) throw new ProviderRefusal(`"${to}" is not a phone number`)
  return phone
}

export function buildRequest(cfg: HttpSmsConfig, sms: { to: string; text: string; id: string }) {
  const values = {
    to: cfg.phoneFormat === 'digits' ? sms.to.replace(/^\+/, '') : sms.to,
    text: sms.text,
    sender: cfg.sender ?? '',
    id: sms.id,
    token: cfg.auth.token ?? '',
  }
  const method = cfg.method ?? 'POST'
  const url = new URL(cfg.url)
  const headers: Record<string, string> = { accept: 'application/json', ...fill(cfg.request.headers ?? {}, values) }
  const auth = cfg.auth
  if (auth.mode === 'bearer') headers.authorization = `Bearer ${auth.token}`
  if (auth.mode === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
  if (auth.mode === 'header' && auth.name) headers[auth.name.toLowerCase()] = auth.token ?? ''
  if (auth.mode === 'query' && auth.name) url.searchParams.set(auth.name, auth.token ?? '')
  const filled = fill(cfg.request.body, values)
  let body: string | undefined
  if (method === 'GET') for (const [k, v] of toFields(filled)) url.searchParams.append(k, v)
  else if (cfg.request.format === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = toFields(filled).toString()
  } else {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(filled)
  }
  return { url, method, headers, body }
}

/** The message id from the answer; throws ProviderRefusal (the provider said no) or Error (not an answer). */
export function readAnswer(cfg: HttpSmsConfig, answer: GatewayAnswer): { id: string; status: 'sent' | 'queued' } {
  let json: unknown
  try {
    json = answer.body ? JSON.parse(answer.body) : undefined
  } catch {
    json = undefined
  }
  const error = () => asKey(pick(json, cfg.response.error)) ?? (answer.body.slice(0, 200) || `HTTP ${answer.status}`)
  if (answer.status >= 500) throw new Error(`the provider answered HTTP ${answer.status}`)
  if (answer.status >= 300 || json === undefined) {
    if (answer.status >= 300 && answer.status < 500) throw new ProviderRefusal(`the provider refused (HTTP ${answer.status}): ${error()}`)
    throw new Error('the provider answered something that is not JSON')
  }
  let outcome: 'sent' | 'queued' | 'error' = 'sent'
  if (cfg.response.status) {
    const code = asKey(pick(json, cfg.response.status))
    const map = cfg.response.statusMap ?? {}
    outcome = code === undefined ? 'error' : (map[code] ?? map['*'] ?? 'error')
    if (outcome === 'error') throw new ProviderRefusal(`the provider refused (${code ?? 'no status'}): ${error()}`)
  }
  const id = asKey(pick(json, cfg.response.id))
  if (!id) throw new ProviderRefusal(`the provider gave no message id at ${cfg.response.id}: ${error()}`)
  return { id, status: outcome }
}
