/**
 * POST /api/v1/actions/messaging.link `{chat, ticket}` — a request registered from a chat: the
 * chat names it (the operator's replies and the resident's next messages join it) and the
 * chat's messages so far (from an hour before it began waiting: the bot's turns that led to it)
 * join it too, so the request's timeline shows the conversation.
 */
import { defineAction } from '#core/modules/define'
import { get } from '#core/records/read'
import { systemUpdate } from '#core/records/system_write'
import { requireOperator } from '../access.js'

const uuid = { type: 'string', format: 'uuid' }
/** The bot's part of the conversation before the hand-over that joins the request. */
const BEFORE_WAITING_MS = 3600_000
const MAX_MESSAGES = 200

export const link = defineAction<{ chat: string; ticket: string }>({
  method: 'POST',
  summary: 'Links a chat and its messages to a request registered from it',
  input: { type: 'object', properties: { chat: uuid, ticket: uuid }, required: ['chat', 'ticket'], additionalProperties: false },
  async handle(op, input) {
    requireOperator(op, 'chat_session', 'update')
    const chat = (await get(op, 'chat_session', input.chat)).data
    await get(op, 'ticket', input.ticket)
    if (chat.ticket !== input.ticket) await systemUpdate(op, 'chat_session', input.chat, { ticket: input.ticket })
    const since = new Date(Date.parse(String(chat.waiting_since)) - BEFORE_WAITING_MS).toISOString()
    const rows = await op.db('message').where({ connector: chat.connector, address: chat.address }).whereNull('ticket').where('created_at', '>=', since).orderBy('created_at').limit(MAX_MESSAGES)
    for (const row of rows) await systemUpdate(op, 'message', row, { ticket: input.ticket })
    return { data: { chat: input.chat, ticket: input.ticket, messages: rows.length } }
  },
})
