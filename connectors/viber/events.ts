/**
 * Viber callbacks → our inbound events, as a pure function (no I/O): `message` and
 * `conversation_started` / `subscribed` / `unsubscribed` become `message_in`;
 * `delivered` / `seen` / `failed` become `message_status`; `webhook` (Viber checking the URL
 * after set_webhook) and anything else are answered 200 and dropped. The idempotency key is
 * `<event>:<message_token>`: Viber sends a callback again until it gets a 200.
 */
import type { InboundEvent } from '#core/connectors/types'
import type { MessageInPayload, MessageStatusPayload } from '#core/connectors/messaging'
import { toE164 } from '#core/shared/phone'
import { ACTION_PREFIX } from './keyboard.js'

interface ViberUser {
  id?: string
  name?: string
  language?: string
}

/** One callback as Viber posts it (message_token already a string, see parseViberJson). */
export interface ViberCallback {
  event: string
  timestamp?: number
  message_token?: string
  user_id?: string
  desc?: string
  context?: string
  sender?: ViberUser
  user?: ViberUser
  message?: {
    type?: string
    text?: string
    media?: string
    file_name?: string
    size?: number
    location?: { lat?: number; lon?: number }
    contact?: { name?: string; phone_number?: string }
  }
}

/** A media file the connector still has to download into the message's attachments. */
export interface MediaToFetch {
  url: string
  name: string
  size?: number
}

export type Mapped = { event: InboundEvent<MessageInPayload | MessageStatusPayload>; media?: MediaToFetch } | { ignored: string }

/**
 * Parses Viber's JSON keeping `message_token` exact: it is a 64-bit integer, past what a
 * JavaScript number holds, so it is read as a string. Undefined when not JSON.
 */
export function parseViberJson(raw: Buffer | string): Record<string, any> | undefined {
  try {
    const text = raw.toString().replace(/"message_token"\s*:\s*(-?\d+)/g, '"message_token":"$1"')
    const value = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

const MEDIA_TYPES = new Set(['picture', 'video', 'file'])
const STATUSES: Record<string, MessageStatusPayload['status']> = { delivered: 'delivered', seen: 'read', failed: 'failed' }

export function mapCallback(cb: ViberCallback): Mapped {
  const token = cb.message_token === undefined ? undefined : String(cb.message_token)
  if (cb.event === 'webhook') return { ignored: 'webhook check' }
  if (!token) return { ignored: `${cb.event} without message_token` }
  const at = typeof cb.timestamp === 'number' ? new Date(cb.timestamp).toISOString() : undefined
  const key = `${cb.event}:${token}`
  const status = STATUSES[cb.event]
  if (status) {
    const payload: MessageStatusPayload = { channel: 'viber', externalId: token, status, ...(cb.desc ? { error: cb.desc } : {}), ...(at ? { at } : {}) }
    return { event: { type: 'message_status', idempotencyKey: key, payload } }
  }
  const base = (user: ViberUser | undefined, kind: MessageInPayload['kind']): MessageInPayload | undefined => {
    const from = user?.id ?? cb.user_id
    if (!from) return undefined
    return clean<MessageInPayload>({ channel: 'viber', kind, from, name: user?.name, language: user?.language, externalId: token, at })
  }
  const inbound = (payload: MessageInPayload | undefined, media?: MediaToFetch): Mapped =>
    payload ? { event: { type: 'message_in', idempotencyKey: key, payload }, ...(media ? { media } : {}) } : { ignored: `${cb.event} without a user` }

  if (cb.event === 'conversation_started') {
    const payload = base(cb.user, 'started')
    // a deep link's context (viber://pa?chatURI=…&context=…) comes as the action
    if (payload && cb.context) payload.action = cb.context
    return inbound(payload)
  }
  if (cb.event === 'subscribed') return inbound(base(cb.user, 'subscribed'))
  if (cb.event === 'unsubscribed') return inbound(base(undefined, 'unsubscribed'))
  if (cb.event !== 'message' || !cb.message) return { ignored: `event ${cb.event}` }

  const m = cb.message
  const payload = base(cb.sender, 'message')
  if (!payload) return inbound(undefined)
  if (m.type === 'text' && typeof m.text === 'string' && m.text.startsWith(ACTION_PREFIX)) {
    payload.kind = 'action'
    payload.action = m.text.slice(ACTION_PREFIX.length)
    return inbound(payload)
  }
  if (typeof m.text === 'string' && m.text) payload.text = m.text
  if (m.type === 'contact') {
    const phone = toE164(m.contact?.phone_number)
    if (phone) payload.phone = phone
    if (!payload.text && m.contact?.name) payload.text = m.contact.name
  }
  if (m.type === 'location' && typeof m.location?.lat === 'number' && typeof m.location?.lon === 'number') payload.location = { lat: m.location.lat, lon: m.location.lon }
  if (m.type === 'url' && !payload.text && m.media) payload.text = m.media
  if (MEDIA_TYPES.has(m.type ?? '') && typeof m.media === 'string' && /^https?:\/\//.test(m.media)) {
    return inbound(payload, { url: m.media, name: m.file_name || `${m.type}-${token}`, size: typeof m.size === 'number' ? m.size : undefined })
  }
  return inbound(payload)
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
