/**
 * The `message` record hook: an outbound message created `queued` gets its send job in the
 * same statement (so it exists if and only if the message does). An outbound message created
 * with no status (the service desk's notices to a request's resident, a record created through
 * the API) is routed first: the resident's address in its channel, or their best channel.
 */
import type { HookContext, RecordHook } from '#core/records/hooks'
import { scheduleJob, scheduleJobQuery } from '#core/jobs/index'
import { addressesOf, isChannel, optedOut, senderFor, usableChannels } from './routing.js'

export const SEND_QUEUE = 'messaging.send'

async function route(ctx: HookContext) {
  const v = ctx.values
  if (v.connector && v.address) return void (v.status = 'queued')
  const contact = v.contact ? await ctx.trx.db('contact').where({ id: v.contact }).first() : undefined
  if (!contact) return void Object.assign(v, { status: 'failed', error: 'no resident and no address to send to' })
  const wanted = isChannel(v.channel) ? v.channel : undefined
  const address = wanted && !optedOut(contact).has(wanted) ? addressesOf(contact)[wanted] : undefined
  const instance = wanted && address ? await senderFor(ctx.trx.db, ctx.trx.set, wanted, address) : undefined
  if (wanted && address && instance) return void Object.assign(v, { status: 'queued', address, connector: instance })
  const [best] = await usableChannels(ctx.trx.db, ctx.trx.set, contact)
  if (best) return void Object.assign(v, { status: 'queued', channel: best.channel, address: best.address, connector: best.instance })
  Object.assign(v, { status: 'failed', error: 'the resident has no channel we can send to (no address, opted out or no connector)' })
}

export const outboxHook: RecordHook = {
  name: 'messaging.outbox',
  // reads only (the routing), its job goes `alongside`: a message create stays one statement
  createInOneStatement: true,
  async beforeWrite(ctx) {
    if (ctx.op !== 'create' || ctx.values.direction !== 'outbound') return
    if (ctx.values.status === undefined || ctx.values.status === null) await route(ctx)
    if (ctx.values.status !== 'queued') return
    const job = { queue: SEND_QUEUE, dedupeKey: `messaging:send:${ctx.values.id}`, payload: { message: ctx.values.id } }
    if (ctx.alongside) ctx.alongside.push(scheduleJobQuery(ctx.trx.db, job))
    else await scheduleJob(ctx.trx.db, job)
  },
}
