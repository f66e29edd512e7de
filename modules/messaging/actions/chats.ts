/**
 * The chats queue for operators: `messaging.chats` (GET: open chats, waiting ones first, with
 * how long they have waited), `messaging.take` and `messaging.close` (POST `{chat}`).
 */
import { defineAction } from '#core/modules/define'
import { get, list } from '#core/records/read'
import { requireOperator, hasRole, SUPERVISORS } from '../access.js'
import { closeChat, takeChat, OPEN_CHAT } from '../chats.js'

const CHAT_INPUT = { type: 'object', properties: { chat: { type: 'string', format: 'uuid' } }, required: ['chat'], additionalProperties: false }

export const chats = defineAction({
  method: 'GET',
  summary: 'Open chats waiting for or held by operators',
  input: { type: 'object', properties: {}, additionalProperties: false },
  async handle(op) {
    requireOperator(op, 'chat_session')
    const rows = (await list(op, 'chat_session', { filter: { status: { in: [...OPEN_CHAT] } }, limit: 200, sort: [{ field: 'waiting_since', dir: 'asc' }], include: ['contact'] })) as any
    const now = Date.now()
    const data = rows.data.map((c: any) => ({ ...c, waitingSeconds: Math.max(0, Math.round((now - Date.parse(c.waiting_since)) / 1000)), mine: c.operator === op.actor.id }))
    data.sort((a: any, b: any) => Number(b.status === 'waiting') - Number(a.status === 'waiting'))
    return { data, included: rows.included }
  },
})

export const take = defineAction<{ chat: string }>({
  method: 'POST',
  summary: 'An operator takes a waiting chat',
  input: CHAT_INPUT,
  async handle(op, input) {
    requireOperator(op, 'chat_session', 'update')
    await get(op, 'chat_session', input.chat)
    return { data: await takeChat(op, input.chat) }
  },
})

export const close = defineAction<{ chat: string }>({
  method: 'POST',
  summary: 'Closes a chat back to the bot',
  input: CHAT_INPUT,
  async handle(op, input) {
    requireOperator(op, 'chat_session', 'update')
    await get(op, 'chat_session', input.chat)
    return { data: await closeChat(op, input.chat, hasRole(op, SUPERVISORS)) }
  },
})
