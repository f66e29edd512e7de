import type { Knex } from 'knex'

export interface ScheduleJobInput {
  queue: string
  payload?: unknown
  /** When the job is due (default: now). */
  runAt?: Date
  /** Due in this many milliseconds by the database clock (instead of `runAt`). */
  delayMs?: number
  /**
   * Makes the timer unique for good: a second schedule with the same key is ignored, even after
   * the first one ran. Put in it everything that makes the timer distinct, e.g.
   * `sla:breach:<ticket id>:<ticket version>`, so that a changed ticket gets a new timer and the
   * same change scheduled twice (a retried request, two nodes) gets one.
   */
  dedupeKey?: string
}

/**
 * Queues a job. Pass the caller's transaction so the job exists if and only if the business
 * change commits. Returns the new job's id, or null when `dedupeKey` was already taken.
 *
 * @example
 * await knex.transaction(async (trx) => {
 *   await trx('ticket').where({ id }).update({ priority: 'high', version: v + 1 })
 *   await cancelJobs(trx, { queue: 'sla.breach', dedupeKeyPrefix: `sla:breach:${id}:` })
 *   await scheduleJob(trx, { queue: 'sla.breach', runAt: due, dedupeKey: `sla:breach:${id}:${v + 1}`, payload: { ticket: id, version: v + 1 } })
 * })
 */
export async function scheduleJob(db: Knex | Knex.Transaction, input: ScheduleJobInput): Promise<number | null> {
  const inserted = await scheduleJobQuery(db, input).returning('id')
  return inserted.length ? Number(inserted[0].id) : null
}

/** The insert `scheduleJob` runs, to embed in a larger statement (e.g. a record's create). */
export function scheduleJobQuery(db: Knex | Knex.Transaction, input: ScheduleJobInput) {
  const row: Record<string, unknown> = {
    queue: input.queue,
    payload: JSON.stringify(input.payload ?? {}), // as text: pg would send a JS array as a PostgreSQL array
    dedupe_key: input.dedupeKey ?? null,
  }
  if (input.delayMs !== undefined) row.run_at = db.raw(`now() + ? * interval '1 millisecond'`, [Math.max(0, input.delayMs)])
  else if (input.runAt) row.run_at = input.runAt
  return db('sys_jobs').insert(row).onConflict('dedupe_key').ignore()
}

/**
 * Removes the pending jobs of `queue` whose dedupe key starts with `dedupeKeyPrefix` (timers
 * that no longer apply), and frees their keys. A job running right now is cancelled too unless
 * its transaction already committed: its completion then finds no row and rolls back.
 * Returns how many were removed.
 */
export async function cancelJobs(db: Knex | Knex.Transaction, input: { queue: string; dedupeKeyPrefix: string }): Promise<number> {
  if (!input.dedupeKeyPrefix) throw new Error('cancelJobs needs a non-empty dedupeKeyPrefix')
  return (
    db('sys_jobs')
      .where({ queue: input.queue })
      .whereNull('done_at')
      // starts_with, not LIKE: keys are full of `_`, which LIKE reads as a wildcard
      .whereRaw('starts_with(dedupe_key, ?)', [input.dedupeKeyPrefix])
      .delete()
  )
}

/** Puts a failed (or any pending) job back in line with a fresh count of attempts. */
export async function retryJob(db: Knex | Knex.Transaction, id: number): Promise<boolean> {
  const n = await db('sys_jobs').where({ id }).whereNull('done_at').update({ attempts: 0, run_at: db.fn.now(), locked_at: null, locked_by: null })
  return n > 0
}
