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
import type { Knex } from 'knex'
import { engine } from '#core/engine/engine'
import type { JobHandlerConfig } from '#core/jobs/index'
import { SYSTEM_ACTOR } from '#core/permissions/actor'

const BEFORE_WAITING_MS = 3600_000
const MAX_MESSAGES = 200

/** Links the chat and its recent messages to the request. */
export async function linkChatTicket(op: OpContext, chat: Record<string, any>, ticket: string) {
  await systemUpdate(op, 'chat_session', chat, { ticket })
  const since = new Date(new Date(chat.waiting_since).getTime() - BEFORE_WAITING_MS).toISOString()
  const rows = await op.db('message').where({ connector: chat.connector, address: chat.address }).whereNull('ticket').where('created_at', '>=', since).orderBy('created_at').limit(MAX_MESSAGES)
  for (const row of rows) await systemUpdate(op, 'message', row, { ticket })
}

export const CHAT_TICKET_QUEUE = 'messaging.chat_ticket'

/**
 * On a request's create, in the same statement (no read, no transaction of its own): a job that
 * links the chat the creating operator holds with the request's resident, when there is one
 * (an INSERT … SELECT that inserts nothing otherwise). The job links after the commit.
 */
export const chatTicketHook: RecordHook = {
  name: 'messaging.chat_ticket',
  createInOneStatement: true,
  beforeWrite(ctx) {
    const { values } = ctx
    const actor = ctx.trx.actor.id
    if (ctx.op !== 'create' || !values.resident || !actor) return
    const job = ctx.trx.db.raw(
      `INSERT INTO sys_jobs (queue, payload, dedupe_key)
       SELECT ?, jsonb_build_object('chat', c.id, 'ticket', ?::text), ? FROM chat_session c
        WHERE c.contact = ? AND c.operator = ? AND c.status = 'active' AND c.ticket IS NULL
        ORDER BY c.taken_at DESC LIMIT 1
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [CHAT_TICKET_QUEUE, String(values.id), `messaging:chat_ticket:${String(values.id)}`, String(values.resident), actor]
    ) as unknown as Knex.QueryBuilder
    if (ctx.alongside) ctx.alongside.push(job)
    else return job.then(() => undefined)
  },
}

/** The job: the chat still held and not yet linked gets the request. */
export const chatTicketJob: JobHandlerConfig<{ chat: string; ticket: string }> = {
  async handle(job) {
    const op = { set: engine.set, db: engine.knex, actor: SYSTEM_ACTOR }
    const chat = await op.db('chat_session').where({ id: job.payload.chat }).whereNull('ticket').first()
    if (chat) await linkChatTicket(op, chat, job.payload.ticket)
  },
}
