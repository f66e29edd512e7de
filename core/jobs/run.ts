import type { Knex } from 'knex'
import type { Job, JobContext, JobRegistry } from './registry.js'
import { isDone, markDone, markFailed } from './claim.js'

/** The job was cancelled, or its lease expired and another worker claimed it: nothing committed. */
export class JobNotOwnedError extends Error {
  constructor(readonly job: Job) {
    super(`job ${job.id} (${job.queue}, attempt ${job.attempts}) is no longer held by this worker: cancelled or lease expired`)
    this.name = 'JobNotOwnedError'
  }
}

export type JobErrorReporter = (error: unknown, job?: Job) => void

/**
 * Runs one claimed job to its end: done, retried later, or failed. Never throws; problems go
 * to `report`. Outside the handler's own transaction no transaction is held, so this is safe
 * on the embedded database's single connection.
 */
export async function runJob(knex: Knex, node: string, registry: JobRegistry, job: Job, report: JobErrorReporter): Promise<void> {
  const handler = registry.get(job.queue)
  if (!handler) return // unregistered meanwhile: the lease expires and a node that knows it takes it
  try {
    if (job.attempts > handler.maxAttempts) {
      // every allowed attempt was claimed and none finished: its worker died (or hung) each time
      const error = new Error(`no attempt finished within its lease (${handler.maxAttempts} claimed): the worker died or hung`)
      await markFailed(knex, job, error, 0, true)
      return report(error, job)
    }
    let committed = false // ctx.transaction committed the job's completion
    let completeCalled = false // ctx.complete(trx) ran in the handler's own transaction
    const complete = async (trx: Knex.Transaction) => {
      if (committed || completeCalled) throw new Error(`job ${job.id} is already completed in this run`)
      if (!(await markDone(trx, job))) throw new JobNotOwnedError(job)
      completeCalled = true
    }
    const ctx: JobContext = {
      node,
      complete,
      async transaction(work) {
        if (committed || completeCalled) throw new Error(`job ${job.id} is already completed in this run`)
        const result = await knex.transaction(async (trx) => {
          const value = await work(trx)
          if (!(await markDone(trx, job))) throw new JobNotOwnedError(job)
          return value
        })
        committed = true
        return result
      },
    }
    let failure: unknown
    let threw = false
    try {
      await handler.handle(job, ctx)
    } catch (error) {
      threw = true
      failure = error
    }
    // whether the handler's own transaction (ctx.complete) committed is known only to the database
    const finished = committed || (completeCalled && (await isDone(knex, job)))
    if (finished) {
      if (threw) report(failure, job) // its effect committed with done_at: never run it again
      return
    }
    if (threw && failure instanceof JobNotOwnedError) return report(failure, job)
    if (!threw && completeCalled) failure = new Error('the transaction that completed the job rolled back')
    if (threw || completeCalled) {
      const final = job.attempts >= handler.maxAttempts
      await markFailed(knex, job, failure, final ? 0 : handler.backoff(job.attempts), final)
      return report(failure, job)
    }
    // returned without completing in a transaction: done now (effects outside it are at least once)
    if (!(await markDone(knex, job))) report(new JobNotOwnedError(job), job)
  } catch (error) {
    // the database failed while recording the outcome: the lease expires and the job is retried
    report(error, job)
  }
}
