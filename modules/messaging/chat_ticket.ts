/**
 * A request registered during a chat joins it: when an operator creates a request for the
 * resident whose chat they hold, the chat names the request (the operator's replies and the
 * resident's next messages join it) and the chat's messages so far join it too (from an hour
 * before it began waiting: the bot's turns that led to it), so the request's timeline shows
 * the conversation.
 */
import type { RecordHook } from '#core/records/hooks'
import type { OpContext } from '#core/records/context'
import { systemUpdate } from '#core/records/system_write'

const BEFORE_WAITING_MS = 3600_000
const MAX_MESSAGES = 200

/** Links the chat and its recent messages to the request. */
export async function linkChatTicket(op: OpContext, chat: Record<string, any>, ticket: string) {
  await systemUpdate(op, 'chat_session', chat, { ticket })
  const since = new Date(new Date(chat.waiting_since).getTime() - BEFORE_WAITING_MS).toISOString()
  const rows = await op.db('message').where({ connector: chat.connector, address: chat.address }).whereNull('ticket').where('created_at', '>=', since).orderBy('created_at').limit(MAX_MESSAGES)
  for (const row of rows) await systemUpdate(op, 'message', row, { ticket })
}

export const chatTicketHook: RecordHook = {
  name: 'messaging.chat_ticket',
  async afterWrite(ctx) {
    const resident = ctx.after?.resident
    if (ctx.op !== 'create' || !resident || !ctx.trx.actor.id) return
    const chat = await ctx.trx.db('chat_session').where({ contact: resident, operator: ctx.trx.actor.id, status: 'active' }).whereNull('ticket').orderBy('taken_at', 'desc').first()
    if (chat) await linkChatTicket(ctx.trx, chat, ctx.after!.id)
  },
}
