import type { Knex } from 'knex'
import type { Job } from './registry.js'

/**
 * The SQL of a job's life. Every claim adds one to `attempts`, so (id, attempts) names one
 * claim: completion and failure only touch the row while that claim still holds it.
 */

export const FAILED_PREFIX = 'FAILED: '

/** Claims up to `limit` due jobs of `queues` for `node`, in one statement (one short transaction). */
export async function claimJobs(knex: Knex, node: string, queues: string[], limit: number, leaseMs: number): Promise<Job[]> {
  if (!queues.length || limit < 1) return []
  const { rows } = await knex.raw(
    `UPDATE sys_jobs j
        SET locked_at = now(), locked_by = ?, attempts = j.attempts + 1
       FROM (SELECT id FROM sys_jobs
              WHERE done_at IS NULL AND run_at <= now()
                AND queue IN (${queues.map(() => '?').join(', ')})
                AND (locked_at IS NULL OR locked_at < now() - ? * interval '1 millisecond')
              ORDER BY run_at, id
              LIMIT ?
                FOR UPDATE SKIP LOCKED) due
      WHERE j.id = due.id
      RETURNING j.id, j.queue, j.payload, j.dedupe_key, j.run_at, j.attempts, j.last_error`,
    [node.slice(0, 64), ...queues, leaseMs, limit]
  )
  return (rows as any[])
    .map((r) => ({
      id: Number(r.id),
      queue: r.queue,
      payload: r.payload,
      dedupeKey: r.dedupe_key,
      runAt: r.run_at instanceof Date ? r.run_at : new Date(r.run_at),
      attempts: r.attempts,
      lastError: r.last_error,
    }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id)
}

/**
 * Marks the claimed job done in `db` (the handler's transaction, or the pool). Locks the job row
 * last, so a handler locks business rows in the same order as a business transaction that
 * cancels its jobs. False when the claim is gone (cancelled, or the lease passed on).
 */
export async function markDone(db: Knex | Knex.Transaction, job: Job): Promise<boolean> {
  const n = await db('sys_jobs').where({ id: job.id, attempts: job.attempts }).whereNull('done_at').update({ done_at: db.fn.now(), locked_at: null, locked_by: null })
  return n > 0
}

/** True when this claim's completion committed. */
export async function isDone(knex: Knex, job: Job): Promise<boolean> {
  const row = await knex('sys_jobs').where({ id: job.id, attempts: job.attempts }).whereNotNull('done_at').first('id')
  return row !== undefined
}

/** Records a failed attempt: retried after `delayMs`, or left failed for good when `final`. */
export async function markFailed(knex: Knex, job: Job, error: unknown, delayMs: number, final: boolean): Promise<boolean> {
  const text = (final ? FAILED_PREFIX : '') + describe(error)
  const n = await knex('sys_jobs')
    .where({ id: job.id, attempts: job.attempts })
    .whereNull('done_at')
    .update({
      locked_at: null,
      locked_by: null,
      last_error: text,
      // 'infinity' is never due: a failed job stays visible (done_at null) and is never claimed
      run_at: final ? knex.raw(`'infinity'::timestamptz`) : knex.raw(`now() + ? * interval '1 millisecond'`, [Math.max(0, delayMs)]),
    })
  return n > 0
}

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
  return text.slice(0, 4000)
}
