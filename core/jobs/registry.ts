import type { Knex } from 'knex'

/** One claimed row of `sys_jobs`, as a handler sees it. */
export interface Job<P = any> {
  id: number
  queue: string
  payload: P
  dedupeKey: string | null
  runAt: Date
  /** Attempts so far, this one included (1 on the first run). */
  attempts: number
  /** The error of the previous attempt, if any. */
  lastError: string | null
}

/** What a handler gets besides its job. */
export interface JobContext {
  /** The worker's node name (`sys_jobs.locked_by`). */
  node: string
  /**
   * Runs `work` in one transaction that also marks the job done: the effect and `done_at`
   * commit together or not at all. Call it once per run. Rejects with `JobNotOwnedError`
   * (and rolls back) when the job was cancelled or its lease passed to another worker.
   * Inside `work`, await only queries on `trx`: on the embedded database any other query
   * waits for this transaction and never runs.
   *
   * @example
   * registerJobHandler('sla.breach', {
   *   async handle(job, ctx) {
   *     await ctx.transaction(async (trx) => {
   *       await trx('ticket').where({ id: job.payload.ticket, version: job.payload.version }).update({ sla_breached: true })
   *     })
   *   },
   * })
   */
  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T>
  /**
   * Marks the job done inside a transaction the handler opened itself (through another API);
   * call it last in that transaction. Same guarantees and errors as `transaction`.
   */
  complete(trx: Knex.Transaction): Promise<void>
}

export interface JobHandlerConfig<P = any> {
  /**
   * Does the job. Database effects belong in `ctx.transaction` (exactly once). A handler
   * that returns without calling it has its job marked done afterwards, so any effect outside
   * the database (a message sent, an HTTP call) is at least once: use `job.id` as its
   * idempotency key.
   */
  handle(job: Job<P>, ctx: JobContext): Promise<void>
  /** Attempts before the job is left failed (`last_error` starting with `FAILED:`). Default 5. */
  maxAttempts?: number
  /** Delay before the next attempt, given the attempt that just failed (1-based). */
  backoff?: (attempt: number) => number
}

export interface ResolvedJobHandler<P = any> {
  handle: JobHandlerConfig<P>['handle']
  maxAttempts: number
  backoff: (attempt: number) => number
}

/** 5 s, 20 s, 80 s, 5 min, 21 min, then hourly. */
export const defaultBackoff = (attempt: number) => Math.min(3_600_000, 5_000 * 4 ** Math.max(0, attempt - 1))

/** Job handlers by queue name. Workers claim only the queues their registry knows. */
export class JobRegistry {
  #handlers = new Map<string, ResolvedJobHandler>()

  register<P = any>(queue: string, config: JobHandlerConfig<P>) {
    if (!queue || queue.length > 64) throw new Error(`job queue name must have 1 to 64 characters: "${queue}"`)
    if (this.#handlers.has(queue)) throw new Error(`a job handler for queue "${queue}" is already registered`)
    const maxAttempts = config.maxAttempts ?? 5
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts of queue "${queue}" must be a positive integer`)
    this.#handlers.set(queue, { handle: config.handle, maxAttempts, backoff: config.backoff ?? defaultBackoff })
  }

  get(queue: string): ResolvedJobHandler | undefined {
    return this.#handlers.get(queue)
  }

  queues(): string[] {
    return [...this.#handlers.keys()]
  }

  unregister(queue: string) {
    this.#handlers.delete(queue)
  }
}

/** The application's registry: modules register their handlers here when they load. */
export const jobRegistry = new JobRegistry()

/** Registers the handler of `queue` in the application's registry. */
export function registerJobHandler<P = any>(queue: string, config: JobHandlerConfig<P>) {
  jobRegistry.register(queue, config)
}
