/**
 * An operator tells who an unknown sender is: the address an inbound message came from (a
 * Telegram chat, a Viber user, a phone, an e-mail address) becomes the resident's — in
 * `contact.messengers`, or as their phone (the alternative one when they have a phone) or
 * e-mail — so identity.ts finds them by it from then on; the messages from that address
 * nobody was found for, and the open chat, get the resident. Every write is the operator's,
 * audited as `message.sender_linked`.
 */
import type { MessageChannel } from '#core/connectors/messaging'
import type { OpContext } from '#core/records/context'
import { registerAuditAction } from '#core/audit/audit'
import { Problem } from '#core/errors/problem'
import { systemUpdate } from '#core/records/system_write'
import { toE164 } from '#core/shared/phone'
import { OPEN_CHAT } from './chats.js'

declare module '#core/audit/audit' {
  interface AuditActions {
    'message.sender_linked': true
  }
}

registerAuditAction('message.sender_linked', { uk: 'Відправника повідомлення пов’язано з мешканцем', en: 'Message sender linked to a resident' })

const AUDIT = { action: 'message.sender_linked' } as const
const MESSENGERS: MessageChannel[] = ['telegram', 'viber']
/** How many earlier messages one link moves (a flood from one address stays a bounded write). */
const MAX_EARLIER = 500

const refuse = (pointer: string, message: string, code: string) => new Problem('validation', [{ pointer, message, code }])

export interface LinkResult {
  contact: string
  channel: string
  address: string
  /** Messages that got the resident (the one named included). */
  messages: number
}

/** Links the sender of inbound `message` to resident `contact` (both already readable by the operator). */
export async function linkSender(op: OpContext, message: Record<string, any>, contact: Record<string, any>): Promise<LinkResult> {
  if (message.direction !== 'inbound' || !message.address) throw refuse('/message', 'only an inbound message has a sender to link', 'not_inbound')
  const channel = message.channel as MessageChannel
  const address = String(message.address)
  await linkAddressTo(op, contact, channel, address)
  const earlier = await op
    .db('message')
    .where({ channel, direction: 'inbound' })
    .modify((q) => (channel === 'email' ? q.whereRaw('lower(address) = lower(?)', [address]) : q.where({ address })))
    // the named message even when someone else was (wrongly) found for it
    .where((w) => w.whereNull('contact').orWhere((named) => named.where({ id: message.id }).whereNot({ contact: contact.id })))
    .orderBy('created_at', 'desc')
    .limit(MAX_EARLIER)
    .select('id')
  // also those the same address was sent (the replies the operator wrote to the unknown sender)
  const replies = await op.db('message').where({ channel, direction: 'outbound', address }).whereNull('contact').limit(MAX_EARLIER).select('id')
  for (const row of [...earlier, ...replies]) await systemUpdate(op, 'message', row.id, { contact: contact.id }, AUDIT)
  const chats = await op.db('chat_session').where({ channel, address }).whereIn('status', OPEN_CHAT).whereNull('contact').select('id')
  for (const chat of chats) await systemUpdate(op, 'chat_session', chat.id, { contact: contact.id }, AUDIT)
  return { contact: contact.id, channel, address, messages: earlier.length + replies.length }
}

/** Stores the address on the resident, where identity.ts looks for it. */
async function linkAddressTo(op: OpContext, contact: Record<string, any>, channel: MessageChannel, address: string) {
  if (MESSENGERS.includes(channel)) {
    // one address, one resident: the link moves from whoever had it
    const others = await op.db('contact').whereNull('deleted_at').whereRaw('messengers->>? = ?', [channel, address]).whereNot({ id: contact.id }).select('id', 'messengers')
    for (const other of others) {
      const { [channel]: _gone, ...rest } = other.messengers ?? {}
      await systemUpdate(op, 'contact', other.id, { messengers: rest }, AUDIT)
    }
    if (contact.messengers?.[channel] !== address) await systemUpdate(op, 'contact', contact.id, { messengers: { ...(contact.messengers ?? {}), [channel]: address } }, AUDIT)
    return
  }
  if (channel === 'sms') {
    const phone = toE164(address)
    if (!phone) throw refuse('/message', 'the sender’s address is not a phone number', 'not_a_phone')
    if (contact.phone === phone || contact.phone_alt === phone) return
    if (!contact.phone) return void (await systemUpdate(op, 'contact', contact.id, { phone }, AUDIT))
    if (!contact.phone_alt) return void (await systemUpdate(op, 'contact', contact.id, { phone_alt: phone }, AUDIT))
    throw refuse('/contact', 'the resident has two phones already: change one of them on the resident’s card first', 'phones_full')
  }
  if (channel === 'email') {
    if (String(contact.email ?? '').toLowerCase() === address.toLowerCase()) return
    if (!contact.email) return void (await systemUpdate(op, 'contact', contact.id, { email: address }, AUDIT))
    throw refuse('/contact', 'the resident has another e-mail address: change it on the resident’s card first', 'email_taken')
  }
  throw refuse('/message', `a ${channel} sender cannot be linked`, 'channel')
}
