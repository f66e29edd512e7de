/**
 * Buttons on channels that show only text (SMS, e-mail): the buttons of an outbound message
 * become numbered lines under its text ("1 — Так\n2 — Ні") and their actions are kept in the
 * message's `send_options.numbered`; a reply that is just a number ("1", " 2 ") to the last
 * message sent to that address becomes a press of that button (kind `action`) before the bot
 * or an operator sees it. The recorded inbound message keeps what was typed.
 */
import type { Knex } from 'knex'
import type { MessageButton, MessageChannel, MessageInPayload } from '#core/connectors/messaging'

/** Channels whose peers cannot show buttons. */
export const TEXT_ONLY_CHANNELS: ReadonlySet<MessageChannel> = new Set(['sms', 'email'])

/** "Оберіть:" + [[Так], [Ні]] → "Оберіть:\n1 — Так\n2 — Ні" and the actions in that order. */
export function numberButtons(text: string, buttons: MessageButton[][]): { text: string; actions: string[] } {
  const flat = buttons.flat()
  return { text: [text, ...flat.map((b, i) => `${i + 1} — ${b.label}`)].join('\n'), actions: flat.map((b) => b.action) }
}

const NUMBER = /^\s*(\d{1,2})\s*[.)]?\s*$/

/**
 * The payload as the bot should see it: a bare number answering numbered options becomes the
 * chosen button's action; anything else is returned as it came.
 */
export async function pressNumbered(db: Knex, instance: string, p: MessageInPayload): Promise<MessageInPayload> {
  const n = p.kind === 'message' && TEXT_ONLY_CHANNELS.has(p.channel) && !p.attachments?.length ? NUMBER.exec(p.text ?? '')?.[1] : undefined
  if (!n) return p
  // the last messages sent there; two sent in one turn can share a timestamp: the numbered one wins
  const last = await db('message').where({ connector: instance, address: p.from, direction: 'outbound' }).orderBy('created_at', 'desc').limit(3).select('created_at', 'send_options')
  const latest = last.filter((m) => +new Date(m.created_at) === +new Date(last[0]?.created_at))
  const actions = latest.map((m) => m.send_options?.numbered as string[] | undefined).find(Array.isArray)
  const action = actions?.[Number(n) - 1]
  return action ? { ...p, kind: 'action', action } : p
}
