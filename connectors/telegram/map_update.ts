/**
 * A Telegram `Update` as the messaging contract's `message_in` (MessageInPayload), without I/O:
 * the photo to download and the callback query to answer come back beside the payload for the
 * connector to do. Updates the contact center does not use (edits, channel posts, groups'
 * member changes) map to null and are answered 200 so Telegram does not retry them.
 */
import type { Message, PhotoSize, Update, User } from 'grammy/types'
import type { MessageInPayload } from '#core/connectors/messaging'

export interface MappedUpdate {
  /** Unique per update: a repeat of the update (Telegram retries a webhook) has the same key. */
  idempotencyKey: string
  payload: MessageInPayload
  /** The largest size of a photo that came with the message, to download into `attachments`. */
  photo?: PhotoSize
  /** The callback query to answer (stops the button's spinner). */
  callbackQueryId?: string
}

/** The updates the connector asks for (setWebhook / getUpdates `allowed_updates`). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const

/** A phone as E.164: Telegram sends international digits, with or without `+`. */
export function toE164(phone: string): string | undefined {
  const digits = phone.replace(/[^0-9]/g, '')
  if (/^0[0-9]{9}$/.test(digits)) return `+38${digits}` // a Ukrainian national number
  return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined
}

function person(user: User | undefined): Pick<MessageInPayload, 'name' | 'language'> {
  if (!user) return {}
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim()
  return { ...(name ? { name } : {}), ...(user.language_code ? { language: user.language_code } : {}) }
}

const iso = (date: number) => new Date(date * 1000).toISOString()

function fromMessage(message: Message): Omit<MappedUpdate, 'idempotencyKey'> | null {
  const chat = String(message.chat.id)
  const base: MessageInPayload = { channel: 'telegram', kind: 'message', from: chat, externalId: `${chat}:${message.message_id}`, at: iso(message.date), ...person(message.from) }
  const text = message.text ?? message.caption
  if (text !== undefined) base.text = text
  if (message.text !== undefined && /^\/start(@\w+)?(\s|$)/.test(message.text)) base.kind = 'started'
  if (message.contact) {
    // only the user's own number identifies them: anyone can forward someone else's contact
    const phone = message.contact.user_id !== undefined && message.contact.user_id === message.from?.id ? toE164(message.contact.phone_number) : undefined
    if (phone) base.phone = phone
  }
  if (message.location) base.location = { lat: message.location.latitude, lon: message.location.longitude }
  const photo = message.photo?.length ? message.photo.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a)) : undefined
  if (!text && !message.contact && !message.location && !photo) return null // stickers, voice, documents: not supported yet
  return { payload: base, ...(photo ? { photo } : {}) }
}

/** The update as message_in, or null when the contact center has no use for it. */
export function mapUpdate(update: Update): MappedUpdate | null {
  const key = (suffix: string) => `update:${update.update_id}:${suffix}`
  if (update.message) {
    const mapped = fromMessage(update.message)
    return mapped && { idempotencyKey: key(mapped.payload.externalId), ...mapped }
  }
  const query = update.callback_query
  if (query) {
    const chat = String(query.message?.chat.id ?? query.from.id)
    const payload: MessageInPayload = { channel: 'telegram', kind: 'action', from: chat, externalId: `${chat}:callback:${query.id}`, ...person(query.from) }
    if (query.data !== undefined) payload.action = query.data
    return { idempotencyKey: key(query.id), payload, callbackQueryId: query.id }
  }
  const member = update.my_chat_member
  if (member && member.chat.type === 'private') {
    const now = member.new_chat_member.status
    const before = member.old_chat_member.status
    const kind = now === 'kicked' ? 'unsubscribed' : before === 'kicked' && now === 'member' ? 'subscribed' : null
    if (!kind) return null
    const chat = String(member.chat.id)
    const payload: MessageInPayload = { channel: 'telegram', kind, from: chat, externalId: `${chat}:member:${update.update_id}`, at: iso(member.date), ...person(member.from) }
    return { idempotencyKey: key(kind), payload }
  }
  return null
}
