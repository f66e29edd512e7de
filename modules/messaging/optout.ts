/**
 * STOP and START. `STOP` / `СТОП` / `/stop` (or the channel reporting the user left) records
 * the resident's opt-out of that channel (`contact.channel_optout`): nothing is sent there
 * first any more, only answers to their own messages. A text STOP is answered once with a
 * confirmation (a user who left the bot cannot be written to). Writing `START` / `СТАРТ`, or
 * starting the bot again, lifts it and the message goes on to the bot.
 */
import type { OpContext } from '#core/records/context'
import type { MessageInPayload } from '#core/connectors/messaging'
import { systemUpdate } from '#core/records/system_write'
import { optedOut } from './routing.js'
import { sendMessage } from './outbound.js'

const STOP = /^\s*(\/?stop|\/?стоп|unsubscribe|відписатися)\s*[.!]?\s*$/iu
const START = /^\s*(\/?start|\/?старт|subscribe|підписатися)\s*[.!]?\s*$/iu

const CONFIRM = {
  uk: 'Ви відписалися від повідомлень міської служби в цьому каналі. Щоб підписатися знову, надішліть СТАРТ.',
  en: 'You have unsubscribed from city service messages in this channel. To subscribe again, send START.',
}

/** A message body asking to stop (as recorded: a user leaving the bot is `/stop`). */
export const isStopText = (text: unknown) => typeof text === 'string' && STOP.test(text)
export const isStop = (p: MessageInPayload) => p.kind === 'unsubscribed' || (p.kind === 'message' && isStopText(p.text))
const isStart = (p: MessageInPayload) => p.kind === 'started' || p.kind === 'subscribed' || (p.kind === 'message' && START.test(p.text ?? ''))

/** Applies STOP / START; true when the message was a STOP (handled: no bot, no operator). */
export async function optInOut(op: OpContext, instance: string, p: MessageInPayload, message: Record<string, any>): Promise<boolean> {
  const contact = message.contact ? await op.db('contact').where({ id: message.contact }).first() : undefined
  const out = optedOut(contact)
  if (isStop(p)) {
    if (contact && !out.has(p.channel)) await systemUpdate(op, 'contact', contact.id, { channel_optout: [...out, p.channel] })
    if (p.kind === 'message') {
      const lang = (contact?.preferred_language ?? p.language) === 'en' ? 'en' : 'uk'
      // once per STOP message, even when the handler runs again
      await sendMessage(op, { instance, channel: p.channel, address: p.from, contactId: contact?.id ?? null, text: CONFIRM[lang], replyTo: message.id, dedupeKey: `optout:${message.id}` })
    }
    return true
  }
  if (contact && out.has(p.channel) && isStart(p)) await systemUpdate(op, 'contact', contact.id, { channel_optout: [...out].filter((c) => c !== p.channel) })
  return false
}
