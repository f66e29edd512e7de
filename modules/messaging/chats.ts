/**
 * The chats queue: a conversation the bot handed over (or that came with no bot) waits as a
 * `chat_session` record until an operator takes it; while one holds it, the resident's
 * messages go to that operator live instead of the bot; closing gives it back to the bot.
 * A waiting chat pops on every available operator's screen (`chat` event, like a ringing call);
 * the first to take it wins.
 */
import type { Knex } from 'knex'
import type { OpContext } from '#core/records/context'
import type { MessageChannel } from '#core/connectors/messaging'
import { emitToUser } from '#core/events/bus'
import { Problem } from '#core/errors/problem'
import { systemCreate, systemUpdate } from '#core/records/system_write'
import type { ChatPop } from './shared/events.js'

export const OPEN_CHAT = ['waiting', 'active'] as const

/** The open chat of an address on a connector instance, if any. */
export function openChat(op: OpContext, instance: string, address: string) {
  return op.db('chat_session').where({ connector: instance, address }).whereIn('status', OPEN_CHAT).orderBy('created_at', 'desc').first()
}

/** Users whose presence is `available` (telephony's presence, when that module is installed). */
export async function availableOperators(op: OpContext): Promise<string[]> {
  if (!op.set.entity('operator_presence')) return []
  return op.db('operator_presence').where({ state: 'available' }).pluck('user')
}

function tell(users: Iterable<string>, pop: ChatPop) {
  for (const user of new Set(users)) emitToUser(user, 'chat', pop)
}

export interface HandOver {
  instance: string
  channel: MessageChannel
  address: string
  contactId: string | null
  ticketId?: string | null
  reason?: string
}

/**
 * Puts the conversation in the chats queue (once: an open chat of the address stays the one)
 * and offers it to the available operators after the commit.
 */
export async function handOver(op: OpContext, h: HandOver): Promise<{ chat: string; created: boolean }> {
  const open = await openChat(op, h.instance, h.address)
  if (open) return { chat: open.id, created: false }
  const now = new Date().toISOString()
  const row = await systemCreate(op, 'chat_session', {
    channel: h.channel,
    connector: h.instance,
    address: h.address,
    contact: h.contactId,
    ticket: h.ticketId ?? null,
    status: 'waiting',
    reason: h.reason?.slice(0, 2000) ?? null,
    waiting_since: now,
    last_message_at: now,
  })
  tell(await availableOperators(op), { chat: row.id, event: 'waiting' })
  return { chat: row.id, created: true }
}

/** A new inbound message of an open chat: its operator sees it live. */
export async function chatMessage(op: OpContext, chat: Record<string, any>, messageId: string, contactId: string | null) {
  await systemUpdate(op, 'chat_session', chat.id, { last_message_at: new Date().toISOString(), ...(contactId && !chat.contact ? { contact: contactId } : {}) })
  if (chat.operator) tell([chat.operator], { chat: chat.id, event: 'message', message: messageId })
}

/**
 * An operator takes a waiting chat (409 when another holds it; taking one's own again is a
 * no-op). The other available operators' pops are withdrawn.
 */
export async function takeChat(op: OpContext, id: string) {
  const result = await (op.db as Knex).transaction(async (trx) => {
    const row = await trx('chat_session').where({ id }).forUpdate().first()
    if (!row) throw new Problem('not-found')
    if (row.status === 'active' && row.operator === op.actor.id) return row
    if (row.status !== 'waiting')
      throw new Problem('conflict', [{ pointer: '/chat', message: row.status === 'active' ? 'another operator holds this chat' : 'the chat is closed', code: 'chat_' + row.status }])
    const { row: taken } = await systemUpdate({ ...op, db: trx }, 'chat_session', row, { status: 'active', operator: op.actor.id, taken_at: new Date().toISOString() })
    return taken
  })
  tell(
    (await availableOperators(op)).filter((u) => u !== op.actor.id),
    { chat: id, event: 'taken' }
  )
  return result
}

/** Closes a chat back to the bot (its operator, or a supervisor). */
export async function closeChat(op: OpContext, id: string, mayCloseOthers: boolean) {
  const result = await (op.db as Knex).transaction(async (trx) => {
    const row = await trx('chat_session').where({ id }).forUpdate().first()
    if (!row) throw new Problem('not-found')
    if (row.status === 'closed') return row
    if (row.status === 'active' && row.operator !== op.actor.id && !mayCloseOthers) throw new Problem('forbidden', [], {}, 'another operator holds this chat')
    const { row: closed } = await systemUpdate({ ...op, db: trx }, 'chat_session', row, { status: 'closed', closed_at: new Date().toISOString() })
    return closed
  })
  if (result.operator) tell([result.operator], { chat: id, event: 'closed' })
  return result
}
