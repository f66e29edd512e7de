/**
 * GET /api/v1/actions/messaging.conversation?contact= | ticket= | chat= [&before=&limit=] — the
 * messages of a resident, a request or a chat, newest last, a page at a time (`before`: the
 * `created_at` of the oldest message shown; `next` is the value for the previous page). Read
 * through the records API: only what the caller's roles let them read.
 */
import { defineAction } from '#core/modules/define'
import { get, list } from '#core/records/read'
import { badRequest } from '#core/errors/problem'
import type { Filter } from '#core/shared/filter'

const uuid = { type: 'string', format: 'uuid' }

export const conversation = defineAction<{ contact?: string; ticket?: string; chat?: string; before?: string; limit?: string }>({
  method: 'GET',
  summary: 'Messages of a resident, a request or a chat, newest last, paged',
  input: {
    type: 'object',
    properties: { contact: uuid, ticket: uuid, chat: uuid, before: { type: 'string', format: 'date-time' }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } },
    additionalProperties: false,
  },
  async handle(op, input) {
    let where: Filter
    if (input.chat) {
      const chat = (await get(op, 'chat_session', input.chat)).data
      where = { and: [{ connector: { eq: chat.connector as string } }, { address: { eq: chat.address as string } }] }
    } else if (input.ticket) {
      await get(op, 'ticket', input.ticket)
      where = { ticket: { eq: input.ticket } }
    } else if (input.contact) {
      await get(op, 'contact', input.contact)
      where = { contact: { eq: input.contact } }
    } else throw badRequest('contact, ticket or chat is required', [{ pointer: '/contact', message: 'required', code: 'required' }])
    const limit = Math.min(Math.max(Number(input.limit ?? 50), 1), 200)
    const filter: Filter = input.before ? { and: [where, { created_at: { lt: input.before } }] } : where
    const page = (await list(op, 'message', { filter, limit, sort: [{ field: 'created_at', dir: 'desc' }] })).data
    const next = page.length === limit ? new Date(page[page.length - 1].created_at as any).toISOString() : null
    return { data: page.reverse(), next }
  },
})
