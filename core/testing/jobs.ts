import type { Knex } from 'knex'
import { runDueJobsOnce } from '#core/jobs/index'

/**
 * Runs every job that is due now, batch after batch (at most `rounds` batches of ten), for
 * specs that wait for their own job: in the full suite other specs' due jobs may fill the
 * first batch. Returns how many ran.
 *
 * @example await runAllDueJobs(engine.knex, 'spec')
 */
export async function runAllDueJobs(knex: Knex, node: string, options: { onError?: (error: unknown) => void; rounds?: number } = {}): Promise<number> {
  let total = 0
  for (let round = 0; round < (options.rounds ?? 50); round++) {
    const n = await runDueJobsOnce(knex, node, options.onError ? { onError: options.onError } : {})
    if (!n) break
    total += n
  }
  return total
}
