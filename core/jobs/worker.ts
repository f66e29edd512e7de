import type { Knex } from 'knex'
import { jobRegistry, type JobRegistry } from './registry.js'
import { claimJobs } from './claim.js'
import { runJob, type JobErrorReporter } from './run.js'

export interface JobWorkerOptions {
  knex: Knex
  /** This node's name, stored in `locked_by` (at most 64 characters). */
  node: string
  /** Pause between claims when nothing more is due. Default 500 ms. */
  pollMs?: number
  /** Most jobs this node runs at once (and claims in one statement). Default 10. */
  batch?: number
  /**
   * A claim older than this is presumed dead (its process killed) and the job is claimed again.
   * Keep handlers well under it: a slower run loses its claim and its transaction rolls back.
   * Default 60 s.
   */
  leaseMs?: number
  registry?: JobRegistry
  /** Where handler errors and database errors go. Default: console.error. */
  onError?: JobErrorReporter
}

export interface JobWorker {
  /** Stops claiming and waits for the running handlers to finish. */
  stop(): Promise<void>
}

const defaultReporter: JobErrorReporter = (error, job) => console.error(job ? `job ${job.id} (${job.queue}, attempt ${job.attempts}) failed:` : 'job worker:', error)

/**
 * Claims due jobs with `FOR UPDATE SKIP LOCKED` (several nodes share the table without running
 * a job twice) and runs their handlers, up to `batch` at a time. A claim is one statement, so
 * no transaction is held while handlers run: safe on the embedded database's one connection.
 *
 * @example
 * const worker = startJobWorker({ knex: engine.knex, node: engine.node })
 * // on shutdown, before the pool closes:
 * await worker.stop()
 */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const { knex, node, pollMs = 500, batch = 10, leaseMs = 60_000, registry = jobRegistry, onError = defaultReporter } = options
  const inFlight = new Set<Promise<void>>()
  let stopping = false
  let wakeOnSlot = false
  let wake: (() => void) | undefined
  let claimErrors = 0

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  const loop = async () => {
    while (!stopping) {
      const free = batch - inFlight.size
      let claimed = 0
      if (free > 0) {
        try {
          const jobs = await claimJobs(knex, node, registry.queues(), free, leaseMs)
          claimErrors = 0
          claimed = jobs.length
          for (const job of jobs) {
            const running: Promise<void> = runJob(knex, node, registry, job, onError).finally(() => {
              inFlight.delete(running)
              if (wakeOnSlot) wake?.()
            })
            inFlight.add(running)
          }
        } catch (error) {
          claimErrors++
          onError(error)
        }
      }
      if (stopping) break
      // all slots taken: more may be due, so claim again as soon as one frees up
      wakeOnSlot = free === 0 || claimed === free
      await nap(claimErrors ? Math.min(30_000, pollMs * 2 ** claimErrors) : pollMs)
    }
    await Promise.all(inFlight)
  }

  const running = loop()
  return {
    async stop() {
      stopping = true
      wake?.()
      await running
    },
  }
}

/** Claims the jobs due now (up to `batch`), runs them, and returns how many there were (for tests and commands). */
export async function runDueJobsOnce(knex: Knex, node: string, options: Pick<JobWorkerOptions, 'batch' | 'leaseMs' | 'registry' | 'onError'> = {}): Promise<number> {
  const { batch = 10, leaseMs = 60_000, registry = jobRegistry, onError = defaultReporter } = options
  const jobs = await claimJobs(knex, node, registry.queues(), batch, leaseMs)
  await Promise.all(jobs.map((job) => runJob(knex, node, registry, job, onError)))
  return jobs.length
}
