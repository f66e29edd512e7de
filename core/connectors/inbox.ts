import type { Knex } from 'knex'
import { scheduleJob } from '#core/jobs/index'
import { inboundHandler } from './inbound.js'
import { backoff } from './breaker.js'
import type { InboundEvent } from './types.js'

/**
 * `sys_connector_inbox`: each inbound event runs its handler once per instance and
 * idempotency key. An attempt is claimed by moving `attempts` from n to n+1, so the first
 * delivery, a retry job and the crash recovery never run the same attempt twice.
 */
export const INBOUND_QUEUE = 'connectors.inbound'
export const MAX_ATTEMPTS = 8

export interface InboxSource {
  instance: string
  /** The connector type (handlers get it with the event). */
  type: string
}

/** Inserts the event; false when its key was seen before (nothing runs). Then runs it at once. */
export async function deliverToInbox(db: Knex, source: InboxSource, event: InboundEvent): Promise<'done' | 'retry' | 'duplicate'> {
  // inserted already claimed (attempt 1): the recovery at start re-runs rows left pending
  const [row] = await db('sys_connector_inbox')
    .insert({ instance: source.instance, idempotency_key: String(event.idempotencyKey).slice(0, 300), type: event.type, payload: JSON.stringify(event.payload ?? {}), attempts: 1 })
    .onConflict(['instance', 'idempotency_key'])
    .ignore()
    .returning('*')
  if (!row) return 'duplicate'
  return runClaimed(db, row, 0, source.type)
}

/**
 * Runs attempt `attempts + 1` of an inbox row when nobody ran it yet; on failure schedules the
 * next one as a job (`connectors.inbound`, deduplicated by row and attempt) after a backoff,
 * and leaves the row `failed` after MAX_ATTEMPTS.
 */
export async function runInboxAttempt(db: Knex, id: number, attempts: number, connectorType: string): Promise<'done' | 'retry' | undefined> {
  const [row] = await db('sys_connector_inbox')
    .where({ id, status: 'pending', attempts })
    .update({ attempts: attempts + 1 })
    .returning('*')
  if (!row) return undefined
  return runClaimed(db, row, attempts, connectorType)
}

/** Runs the handler of an inbox row this node claimed (its attempt `attempts + 1`). */
async function runClaimed(db: Knex, row: Record<string, any>, attempts: number, connectorType: string): Promise<'done' | 'retry'> {
  const id = Number(row.id)
  try {
    const handler = inboundHandler(row.type)
    if (!handler) throw new Error(`no inbound handler for "${row.type}"`)
    await handler({ type: row.type, idempotencyKey: row.idempotency_key, payload: row.payload }, { instance: row.instance, type: connectorType })
    await db('sys_connector_inbox').where({ id }).update({ status: 'done', done_at: db.fn.now(), last_error: null })
    return 'done'
  } catch (error: any) {
    const attempt = attempts + 1
    const failed = attempt >= MAX_ATTEMPTS
    await db('sys_connector_inbox')
      .where({ id })
      .update({ status: failed ? 'failed' : 'pending', last_error: String(error?.message ?? error).slice(0, 2000) })
    if (!failed) {
      await scheduleJob(db, {
        queue: INBOUND_QUEUE,
        dedupeKey: `connectors:inbound:${id}:${attempt}`,
        delayMs: backoff(attempt, { baseMs: 2000, maxMs: 600_000 }),
        payload: { id, attempts: attempt, connectorType },
      })
    }
    return 'retry'
  }
}

/** Pending rows older than a minute (a node died mid-way): their next attempt now. */
export async function recoverInbox(db: Knex, typeOf: (instance: string) => string | undefined) {
  const rows = await db('sys_connector_inbox').where({ status: 'pending' }).where('created_at', '<', db.raw(`now() - interval '1 minute'`)).orderBy('id').limit(1000)
  for (const row of rows) {
    const type = typeOf(row.instance)
    if (type) await runInboxAttempt(db, Number(row.id), row.attempts, type).catch(() => {})
  }
}
