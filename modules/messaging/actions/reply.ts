/**
 * POST /api/v1/actions/messaging.reply `{chat? | ticket? | contact?, channel?, text, subject?}`:
 * an operator's message to a resident through their channel — the open chat's, else the
 * chosen or best usable one. 422 at `/channel` (or `/contact`) when there is none or the
 * resident opted out and did not write to us. Shown in the request's and the resident's timeline.
 */
import { defineAction } from '#core/modules/define'
import { get } from '#core/records/read'
import { Problem } from '#core/errors/problem'
import type { OpContext } from '#core/records/context'
import { requireOperator } from '../access.js'
import { sendMessage } from '../outbound.js'
import { isChannel, usableChannels } from '../routing.js'
import { OPEN_CHAT } from '../chats.js'
import { isStopText } from '../optout.js'

const uuid = { type: 'string', format: 'uuid' }
const refuse = (pointer: string, message: string, code: string) => new Problem('validation', [{ pointer, message, code }])

/** The resident's open chat, else their last message within a day (not a STOP): a reply goes there. */
async function conversationOf(op: OpContext, contact: string, channel?: string) {
  const chat = await op
    .db('chat_session')
    .where({ contact })
    .whereIn('status', OPEN_CHAT)
    .modify((q) => channel && q.where({ channel }))
    .orderBy('created_at', 'desc')
    .first()
  const last = await op
    .db('message')
    .where({ contact, direction: 'inbound' })
    .modify((q) => (chat ? q.where({ connector: chat.connector, address: chat.address }) : channel ? q.where({ channel }) : q))
    .where('created_at', '>', op.db.raw(`now() - interval '1 day'`))
    .orderBy('created_at', 'desc')
    .first()
  if (last && isStopText(last.body)) return undefined // "STOP" is no conversation to answer
  if (chat) return { channel: chat.channel, address: chat.address, instance: chat.connector, replyTo: last?.id as string | undefined }
  if (last && last.connector) return { channel: last.channel, address: last.address, instance: last.connector, replyTo: last.id as string }
  return undefined
}

export const reply = defineAction<{ chat?: string; ticket?: string; contact?: string; channel?: string; text: string; subject?: string }>({
  method: 'POST',
  summary: "Sends an operator's message to a resident through their channel",
  input: {
    type: 'object',
    properties: {
      chat: uuid,
      ticket: uuid,
      contact: uuid,
      channel: { enum: ['telegram', 'viber', 'sms', 'email'] },
      text: { type: 'string', minLength: 1, maxLength: 4096 },
      subject: { type: 'string', maxLength: 255 },
    },
    required: ['text'],
    additionalProperties: false,
  },
  async handle(op, input) {
    requireOperator(op, 'message', 'create')
    let contact = input.contact ?? null
    let ticket = input.ticket ?? null
    let route: { channel: string; address: string; instance: string; replyTo?: string } | undefined
    if (input.chat) {
      const chat = (await get(op, 'chat_session', input.chat)).data
      if (chat.status === 'closed') throw refuse('/chat', 'the chat is closed', 'chat_closed')
      contact = (chat.contact as string) ?? contact
      ticket ??= (chat.ticket as string) ?? null
      const last = await op.db('message').where({ connector: chat.connector, address: chat.address, direction: 'inbound' }).orderBy('created_at', 'desc').first('id')
      route = { channel: chat.channel as string, address: chat.address as string, instance: chat.connector as string, replyTo: last?.id }
    } else {
      if (ticket) {
        const t = (await get(op, 'ticket', ticket)).data
        contact = (t.resident as string) ?? null
        if (!contact) throw refuse('/ticket', 'the request has no resident', 'no_resident')
      } else if (contact) await get(op, 'contact', contact)
      else throw refuse('/contact', 'name a chat, a request or a resident', 'required')
      const row = await op.db('contact').where({ id: contact }).first()
      const usable = (await usableChannels(op.db, op.set, row)).filter((c) => !input.channel || c.channel === input.channel)
      const talking = await conversationOf(op, contact, input.channel)
      route = talking ?? usable[0]
      if (!route)
        throw refuse(
          input.channel ? '/channel' : '/contact',
          input.channel ? `the resident cannot be written to by ${input.channel} (no address, opted out or no connector)` : 'the resident has no channel we can write to',
          'no_channel'
        )
    }
    if (!isChannel(route.channel)) throw refuse('/channel', 'unknown channel', 'no_channel')
    const { messageId } = await sendMessage(op, {
      instance: route.instance,
      channel: route.channel,
      address: route.address,
      contactId: contact,
      ticketId: ticket,
      text: input.text,
      subject: input.subject,
      operatorId: op.actor.id,
      replyTo: route.replyTo,
    })
    return { data: { message: messageId, channel: route.channel } }
  },
})
