/**
 * The `messaging.send` job: one queued message to its connector, exactly once. It marks the
 * message `sending` (committed) before the call and passes the message id as the idempotency
 * key, so a run repeated after a crash between the call and the answer is recognised by the
 * connector (or its peer) instead of sending twice. A message no longer queued or sending is
 * left alone. Errors retry with backoff; the last attempt, or no connector able to send at
 * all, leaves it `failed` with the error. 503 (the instance does not run on this node right now)
 * only retries: after the last attempt a fresh job takes over a minute later.
 */
import { engine } from '#core/engine/engine'
import { Problem } from '#core/errors/problem'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { performCapability } from '#core/connectors/host'
import { systemUpdate } from '#core/records/system_write'
import { scheduleJob, type JobHandlerConfig } from '#core/jobs/index'
import type { SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import type { SendOptions } from './outbound.js'

export const SEND_ATTEMPTS = 8

/** 2 s, 6 s, 18 s, 54 s, then every 3 minutes. */
const backoff = (attempt: number) => Math.min(180_000, 2_000 * 3 ** Math.max(0, attempt - 1))

/** What the connector gets for a message row. */
export function sendInput(row: Record<string, any>): SendMessageInput {
  const options = (row.send_options ?? {}) as SendOptions
  return {
    to: row.address,
    text: row.body,
    idempotencyKey: row.id,
    ...(options.buttons ? { buttons: options.buttons } : {}),
    ...(options.requestContact ? { requestContact: true } : {}),
    ...(options.requestLocation ? { requestLocation: true } : {}),
    ...(row.subject ? { subject: row.subject } : {}),
    ...(options.inReplyTo ? { inReplyTo: options.inReplyTo } : {}),
    ...(options.references ? { references: options.references } : {}),
  }
}

const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 500)

export const sendJob: JobHandlerConfig<{ message: string }> = {
  maxAttempts: SEND_ATTEMPTS,
  backoff,
  async handle(job, ctx) {
    const op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
    const row = await engine.knex('message').where({ id: job.payload.message }).first()
    if (!row || (row.status !== 'queued' && row.status !== 'sending')) return
    if (row.status === 'queued') await systemUpdate(op, 'message', row.id, { status: 'sending' })
    let result: SendMessageResult
    try {
      result = (await performCapability('send_message', 'send_message', sendInput(row), { instance: row.connector })) as SendMessageResult
    } catch (error) {
      const problem = error instanceof Problem ? error.problemType : undefined
      if (problem !== 'conflict' && job.attempts < SEND_ATTEMPTS) throw error
      if (problem === 'unavailable') {
        // the instance runs, just not on this node right now: never a failure, a fresh job later
        await ctx.transaction((trx) => scheduleJob(trx, { queue: job.queue, payload: job.payload, delayMs: 60_000, dedupeKey: `messaging:send:${row.id}:${job.id}` }))
        return
      }
      // no enabled instance can send (409), or the last attempt failed
      await ctx.transaction((trx) => systemUpdate({ ...op, db: trx }, 'message', row.id, { status: 'failed', error: errorText(error) }))
      return
    }
    await ctx.transaction((trx) =>
      systemUpdate({ ...op, db: trx }, 'message', row.id, {
        // `queued`: the type holds it (a rate limit) and reports `sent` later
        status: result.status === 'sent' ? 'sent' : 'sending',
        external_id: String(result.externalId ?? '').slice(0, 255) || null,
        sent_at: new Date().toISOString(),
        error: null,
      })
    )
  },
}
