import knexFactory, { type Knex } from 'knex'
import { JobRegistry } from './registry.js'
import { scheduleJob } from './schedule.js'
import { startJobWorker } from './worker.js'
import { createJobsTable } from './testing/jobs_database.js'
import { freePort } from '#core/testing/server_process'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The embedded setting: one PGlite backend behind the serialising socket and ONE pool
 * connection, as the app runs it. Ten handlers at once, each reading outside and writing
 * inside its completing transaction, must all finish (nothing waits on a query outside an open
 * transaction) and schedule follow-ups atomically.
 */
describe('durable jobs (embedded PGlite, one connection)', () => {
  let knex: Knex
  let stopDb: () => Promise<void>

  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite')
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
    const db = await PGlite.create()
    const port = await freePort()
    const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 })
    await server.start()
    stopDb = async () => {
      await server.stop()
      await db.close()
    }
    knex = knexFactory({
      client: 'pg',
      connection: { connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, query_timeout: 10_000 } as any,
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 10_000,
    })
    await createJobsTable(knex)
    await knex.raw('CREATE TABLE job_effects (job_id bigint PRIMARY KEY, step int NOT NULL)')
  }, 60_000) // a fresh PGlite takes seconds

  afterAll(async () => {
    await knex?.destroy()
    await stopDb?.()
  })

  it('runs concurrent handlers, retries and chained timers on one connection', async () => {
    const errors: unknown[] = []
    const registry = new JobRegistry()
    let failedOnce = false
    registry.register<{ step: number; n: number }>('chain', {
      backoff: () => 0,
      async handle(job, ctx) {
        await knex('sys_jobs').where({ id: job.id }).first('id') // a read outside any transaction
        if (job.payload.n === 3 && !failedOnce) {
          failedOnce = true
          throw new Error('once')
        }
        await ctx.transaction(async (trx) => {
          await trx('job_effects').insert({ job_id: job.id, step: job.payload.step })
          if (job.payload.step < 2) {
            const next = { step: job.payload.step + 1, n: job.payload.n }
            await scheduleJob(trx, { queue: 'chain', payload: next, dedupeKey: `chain:${next.n}:${next.step}` })
          }
        })
      },
    })
    for (let n = 0; n < 20; n++) await scheduleJob(knex, { queue: 'chain', payload: { step: 0, n }, dedupeKey: `chain:${n}:0` })
    const worker = startJobWorker({ knex, node: 'embedded', pollMs: 20, batch: 10, registry, onError: (e) => errors.push(e) })
    try {
      const deadline = Date.now() + 30_000
      while (Date.now() < deadline) {
        const [{ n }] = await knex('job_effects').count({ n: '*' })
        if (Number(n) === 60) break
        await sleep(50)
      }
    } finally {
      await worker.stop()
    }
    expect(errors.map(String)).toEqual(['Error: once'])
    expect(Number((await knex('job_effects').count({ n: '*' }))[0].n)).toBe(60)
    expect(Number((await knex('sys_jobs').whereNull('done_at').count({ n: '*' }))[0].n)).toBe(0)
  }, 40_000)
})
