/**
 * Outbound messages, each sent exactly once: `sendMessage` records a `message` (status
 * `queued`) and, in the same statement, its durable job (`messaging.send`, hook.ts); the job
 * sends it through the channel's connector with the message id as the idempotency key
 * (send_job.ts). `sendToContact` picks the resident's channel.
 */
import type { OpContext } from '#core/records/context'
import type { MessageButton, MessageChannel } from '#core/connectors/messaging'
import { Problem } from '#core/errors/problem'
import { systemCreate } from '#core/records/system_write'
import type { OutboundMessage } from './conversation.js'
import { optedOut, senderFor, usableChannels } from './routing.js'
import { contactByAddress } from './identity.js'
import { numberButtons, TEXT_ONLY_CHANNELS } from './numbered.js'

export interface SendRequest {
  /** The connector instance; by default the one the address last wrote through, else the channel's first. */
  instance?: string
  channel: MessageChannel
  /** The recipient's address in the channel (chat id, Viber user id, E.164 phone, e-mail). */
  address: string
  contactId?: string | null
  ticketId?: string | null
  text: string
  buttons?: MessageButton[][]
  requestContact?: boolean
  requestLocation?: boolean
  /** E-mail only. */
  subject?: string
  /** The user who wrote it (an operator's reply). */
  operatorId?: string | null
  /**
   * The inbound message this answers: the resident wrote to us, so their opt-out of the
   * channel does not stop it, and an e-mail answer joins their thread.
   */
  replyTo?: string
  /** Makes the request idempotent: a second call with the same key returns the first message. */
  dedupeKey?: string
}

/** What `send_options` keeps for the job besides the text. */
export interface SendOptions {
  key?: string
  buttons?: MessageButton[][]
  /** SMS, e-mail: the actions of the buttons shown as numbered lines, in order (numbered.ts). */
  numbered?: string[]
  requestContact?: boolean
  requestLocation?: boolean
  inReplyTo?: string
  references?: string[]
}

const refused = (pointer: string, message: string, code: string) => new Problem('validation', [{ pointer, message, code }])

/**
 * Records an outbound message and queues it; on a channel without buttons (SMS, e-mail) the
 * buttons are written under the text as numbered options (numbered.ts) (sent exactly once, after the caller's transaction
 * commits when `op.db` is one). 422 at `/channel` when the resident opted out of the channel
 * (unless it answers their own message), 422 at `/instance` when no connector sends there.
 *
 * @example await sendMessage(op, { channel: 'telegram', address: '12345', contactId, text: 'Заявку зареєстровано' })
 */
export async function sendMessage(op: OpContext, req: SendRequest): Promise<{ messageId: string }> {
  if (req.dedupeKey) {
    const same = await op.db('message').whereRaw(`send_options->>'key' = ?`, [req.dedupeKey]).first('id')
    if (same) return { messageId: same.id }
  }
  // an answer to the resident's own message goes whatever they opted out of: no need to look
  const contact = req.replyTo ? undefined : req.contactId ? await op.db('contact').where({ id: req.contactId }).first() : await contactByAddress(op, req.channel, req.address)
  if (!req.replyTo && optedOut(contact).has(req.channel)) throw refused('/channel', `the resident opted out of ${req.channel}`, 'opted_out')
  const instance = req.instance ?? (await senderFor(op.db, op.set, req.channel, req.address))
  if (!instance) throw refused('/instance', `no connector sends on ${req.channel}`, 'no_connector')
  // only an e-mail answer threads (In-Reply-To, Re: subject)
  const thread = req.replyTo && req.channel === 'email' ? await op.db('message').where({ id: req.replyTo }).first('external_id', 'subject', 'channel') : undefined
  const numbered = req.buttons?.length && TEXT_ONLY_CHANNELS.has(req.channel) ? numberButtons(req.text, req.buttons) : undefined
  const options: SendOptions = {
    ...(req.dedupeKey ? { key: req.dedupeKey } : {}),
    ...(numbered ? { numbered: numbered.actions } : req.buttons?.length ? { buttons: req.buttons } : {}),
    ...(req.requestContact ? { requestContact: true } : {}),
    ...(req.requestLocation ? { requestLocation: true } : {}),
    ...(thread?.channel === 'email' && thread.external_id ? { inReplyTo: thread.external_id, references: [thread.external_id] } : {}),
  }
  const subject = await subjectOf(op, req, thread)
  const row = await systemCreate(op, 'message', {
    channel: req.channel,
    direction: 'outbound',
    status: 'queued',
    connector: instance,
    address: req.address,
    contact: req.contactId ?? contact?.id ?? null,
    ticket: req.ticketId ?? null,
    body: numbered?.text ?? req.text,
    subject: subject?.slice(0, 255) ?? null,
    operator: req.operatorId ?? null,
    send_options: Object.keys(options).length ? options : null,
  })
  return { messageId: row.id as string }
}

/**
 * An e-mail's subject: the one asked for, else "Re:" the letter it answers; a letter about a
 * request names its number (`[#ВШГ-2026-000123]`) so the resident's answer threads back to it.
 */
async function subjectOf(op: OpContext, req: SendRequest, thread?: { channel: string; subject: string | null }) {
  if (req.channel !== 'email') return req.subject
  let subject = req.subject ?? (thread?.subject ? `Re: ${String(thread.subject).replace(/^re:\s*/i, '')}` : undefined)
  const ticket = req.ticketId ? await op.db('ticket').where({ id: req.ticketId }).first('number') : undefined
  if (ticket?.number && !subject?.includes(`[#${ticket.number}]`)) subject = subject ? `${subject} [#${ticket.number}]` : `[#${ticket.number}]`
  return subject
}

/**
 * Sends to a resident by the best channel they have and did not opt out of (their preferred
 * one first); null when there is none (no address, no connector, consent withdrawn).
 *
 * @example await sendToContact(op, contactId, { text: 'Воду дали', ticketId })
 */
export async function sendToContact(
  op: OpContext,
  contactId: string,
  message: OutboundMessage & { dedupeKey?: string; operatorId?: string }
): Promise<{ messageId: string; channel: MessageChannel } | null> {
  const contact = await op.db('contact').where({ id: contactId }).whereNull('deleted_at').first()
  if (!contact) return null
  const [best] = await usableChannels(op.db, op.set, contact)
  if (!best) return null
  const { messageId } = await sendMessage(op, { ...message, channel: best.channel, address: best.address, instance: best.instance, contactId })
  return { messageId, channel: best.channel }
}
