import knexFactory, { type Knex } from 'knex'
import { JobRegistry, type Job, type JobHandlerConfig } from './registry.js'
import { scheduleJob, cancelJobs, retryJob } from './schedule.js'
import { startJobWorker, runDueJobsOnce } from './worker.js'
import { JobNotOwnedError } from './run.js'
import { createDatabase, createJobsTable, dropDatabase } from './testing/jobs_database.js'

const dbName = `vikno_jobs_spec_${process.pid}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Jobs as rows on a real PostgreSQL server: dedupe, due times, retries, sharing, leases, atomic completion. */
describe('durable jobs (PostgreSQL)', () => {
  let url: string
  let knex: Knex
  let registry: JobRegistry
  let errors: unknown[]
  const report = (error: unknown) => errors.push(error)
  const once = (node = 'n1', extra: { leaseMs?: number; db?: Knex } = {}) => runDueJobsOnce(extra.db ?? knex, node, { registry, onError: report, leaseMs: extra.leaseMs })
  const handler = (queue: string, config: JobHandlerConfig) => registry.register(queue, config)
  const row = async (id: number) => knex('sys_jobs').where({ id }).first()
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await knex(table).where(where).count({ n: '*' }))[0].n)

  beforeAll(async () => {
    url = await createDatabase(dbName)
    knex = knexFactory({ client: 'pg', connection: { connectionString: url, query_timeout: 20_000 } as any, pool: { min: 0, max: 10 } })
    await createJobsTable(knex)
    await knex.raw('CREATE TABLE job_effects (job_id bigint PRIMARY KEY, node text NOT NULL)')
    await knex.raw('CREATE TABLE loose_effects (job_id bigint NOT NULL, node text NOT NULL)') // no key: a second run shows
  }, 30_000)

  afterAll(async () => {
    await knex?.destroy()
    await dropDatabase(dbName)
  })

  beforeEach(async () => {
    await knex.raw('TRUNCATE sys_jobs, job_effects, loose_effects RESTART IDENTITY')
    registry = new JobRegistry()
    errors = []
  })

  it('queues a timer once per dedupe key, and only when the business transaction commits', async () => {
    const first = await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla:breach:t1:3', payload: [1, 2] })
    expect(first).toEqual(jasmine.any(Number))
    expect(await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla:breach:t1:3' })).toBeNull()
    await knex
      .transaction(async (trx) => {
        expect(await scheduleJob(trx, { queue: 'sla', dedupeKey: 'sla:breach:t1:4' })).toEqual(jasmine.any(Number))
        await trx.rollback()
      })
      .catch(() => {})
    expect(await count('sys_jobs')).toBe(1)
    expect((await row(first!)).payload).toEqual([1, 2])

    handler('sla', { async handle() {} })
    expect(await once()).toBe(1)
    expect((await row(first!)).done_at).not.toBeNull()
    // the key stays taken after the timer ran: the same timer never fires twice
    expect(await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla:breach:t1:3' })).toBeNull()
  })

  it('cancels pending timers by key prefix and frees their keys', async () => {
    await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla_breach:t1:1', delayMs: 60_000 })
    await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla_breach:t1:2', delayMs: 60_000 })
    await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla_breach:t10:1', delayMs: 60_000 })
    await scheduleJob(knex, { queue: 'other', dedupeKey: 'sla_breachXt1:1', delayMs: 60_000 })
    expect(await cancelJobs(knex, { queue: 'sla', dedupeKeyPrefix: 'sla_breach:t1:' })).toBe(2)
    expect((await knex('sys_jobs').orderBy('id').pluck('dedupe_key')).sort()).toEqual(['sla_breach:t10:1', 'sla_breachXt1:1'])
    expect(await scheduleJob(knex, { queue: 'sla', dedupeKey: 'sla_breach:t1:2' })).toEqual(jasmine.any(Number))
  })

  it('does not run a job before its run_at', async () => {
    const seen: number[] = []
    handler('later', {
      async handle(job) {
        seen.push(job.id)
      },
    })
    const id = await scheduleJob(knex, { queue: 'later', runAt: new Date(Date.now() + 1_200) })
    expect(await once()).toBe(0)
    await sleep(600)
    expect(await once()).toBe(0)
    await sleep(800)
    expect(await once()).toBe(1)
    expect(seen).toEqual([id!])
  })

  it('retries a failing job with backoff, then leaves it failed', async () => {
    let calls = 0
    handler('flaky', {
      maxAttempts: 3,
      backoff: (attempt) => attempt * 300,
      async handle() {
        calls++
        throw new Error(`boom ${calls}`)
      },
    })
    const id = (await scheduleJob(knex, { queue: 'flaky' }))!
    expect(await once()).toBe(1)
    const after1 = await knex('sys_jobs').where({ id }).first('*', knex.raw(`extract(epoch from run_at - now()) * 1000 AS wait_ms`))
    expect(after1.attempts).toBe(1)
    expect(after1.last_error).toContain('boom 1')
    expect(after1.locked_at).toBeNull()
    expect(Number(after1.wait_ms)).toBeGreaterThan(200)
    expect(Number(after1.wait_ms)).toBeLessThanOrEqual(300)
    expect(await once()).toBe(0) // backing off
    await sleep(350)
    expect(await once()).toBe(1)
    await sleep(650)
    expect(await once()).toBe(1)
    const failed = await knex('sys_jobs').where({ id }).first('*', knex.raw(`run_at = 'infinity' AS never`))
    expect(calls).toBe(3)
    expect(failed.attempts).toBe(3)
    expect(failed.done_at).toBeNull()
    expect(failed.never).toBeTrue()
    expect(failed.last_error).toMatch(/^FAILED: .*boom 3/)
    expect(await once()).toBe(0)
    expect(errors.length).toBe(3)

    expect(await retryJob(knex, id)).toBeTrue()
    expect(await once()).toBe(1)
    expect(calls).toBe(4)
  })

  it('shares 200 jobs between two nodes without running any twice', async () => {
    const other = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } })
    const perNode: Record<string, number> = { a: 0, b: 0 }
    handler('fanout', {
      async handle(job, ctx) {
        await sleep(Math.random() * 4)
        await ctx.transaction(async (trx) => {
          await trx('job_effects').insert({ job_id: job.id, node: ctx.node })
        })
        perNode[ctx.node]++
      },
    })
    await knex('sys_jobs').insert(Array.from({ length: 200 }, (_, i) => ({ queue: 'fanout', payload: JSON.stringify({ i }) })))
    const a = startJobWorker({ knex, node: 'a', pollMs: 20, registry, onError: report })
    const b = startJobWorker({ knex: other, node: 'b', pollMs: 20, registry, onError: report })
    try {
      const deadline = Date.now() + 20_000
      while ((await count('sys_jobs', { done_at: null })) > 0 && Date.now() < deadline) await sleep(50)
    } finally {
      await Promise.all([a.stop(), b.stop()])
      await other.destroy()
    }
    expect(errors).toEqual([])
    expect(await count('job_effects')).toBe(200)
    expect(Number((await knex('sys_jobs').sum({ s: 'attempts' }))[0].s)).toBe(200) // each claimed once
    expect(
      await knex('sys_jobs')
        .whereNull('done_at')
        .count({ n: '*' })
        .then((r) => Number(r[0].n))
    ).toBe(0)
    expect(perNode.a).toBeGreaterThan(0)
    expect(perNode.b).toBeGreaterThan(0)
  }, 30_000)

  it('claims again a job whose worker died, once its lease expired', async () => {
    handler('lease', {
      async handle(job, ctx) {
        await ctx.transaction((trx) => trx('job_effects').insert({ job_id: job.id, node: ctx.node }))
      },
    })
    const dead = (await scheduleJob(knex, { queue: 'lease' }))!
    const alive = (await scheduleJob(knex, { queue: 'lease' }))!
    await knex('sys_jobs')
      .where({ id: dead })
      .update({ attempts: 1, locked_by: 'dead', locked_at: knex.raw(`now() - interval '2 minutes'`) })
    await knex('sys_jobs')
      .where({ id: alive })
      .update({ attempts: 1, locked_by: 'busy', locked_at: knex.raw('now()') })
    expect(await once('n2')).toBe(1)
    expect((await knex('job_effects').pluck('job_id')).map(Number)).toEqual([dead])
    expect((await row(dead)).attempts).toBe(2)
    expect((await row(alive)).done_at).toBeNull() // its worker is alive: left alone
  })

  it('rolls back a slow worker that lost its lease: the effect commits once', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let startedA!: () => void
    const aStarted = new Promise<void>((r) => (startedA = r))
    handler('slow', {
      async handle(job, ctx) {
        if (ctx.node === 'a') {
          startedA()
          await gate // longer than the lease
        }
        await ctx.transaction((trx) => trx('loose_effects').insert({ job_id: job.id, node: ctx.node }))
      },
    })
    await scheduleJob(knex, { queue: 'slow' })
    const runA = once('a', { leaseMs: 200 })
    await aStarted
    await sleep(300)
    expect(await once('b', { leaseMs: 200 })).toBe(1)
    release()
    await runA
    expect(await knex('loose_effects').select('node')).toEqual([{ node: 'b' }])
    expect(errors.length).toBe(1)
    expect(errors[0]).toBeInstanceOf(JobNotOwnedError)
  })

  it('commits the effect and done_at in the same transaction', async () => {
    let calls = 0
    handler('atomic', {
      backoff: () => 0,
      async handle(job, ctx) {
        calls++
        await ctx.transaction(async (trx) => {
          await trx('job_effects').insert({ job_id: job.id, node: ctx.node })
          if (calls === 1) throw new Error('after the effect')
        })
      },
    })
    const id = (await scheduleJob(knex, { queue: 'atomic' }))!
    expect(await once()).toBe(1)
    expect(await count('job_effects')).toBe(0) // rolled back with the failure
    expect((await row(id)).done_at).toBeNull()
    expect((await row(id)).last_error).toContain('after the effect')
    expect(await once()).toBe(1)
    const job = await knex('sys_jobs').where({ id }).first('done_at', knex.raw('xmin::text AS xid'))
    const effect = await knex('job_effects').where({ job_id: id }).first(knex.raw('xmin::text AS xid'))
    expect(job.done_at).not.toBeNull()
    expect(effect.xid).toBe(job.xid) // written by one transaction
  })

  it('completes in a transaction the handler opened, and marks a plain handler done afterwards', async () => {
    handler('own', {
      async handle(job, ctx) {
        await knex.transaction(async (trx) => {
          await trx('job_effects').insert({ job_id: job.id, node: 'own' })
          await ctx.complete(trx)
        })
      },
    })
    handler('own_rollback', {
      async handle(_job, ctx) {
        await knex
          .transaction(async (trx) => {
            await ctx.complete(trx)
            await trx.rollback()
          })
          .catch(() => {})
      },
    })
    const seen: Job[] = []
    handler('plain', {
      async handle(job) {
        seen.push(job)
      },
    })
    const own = (await scheduleJob(knex, { queue: 'own' }))!
    const rolledBack = (await scheduleJob(knex, { queue: 'own_rollback' }))!
    const plain = (await scheduleJob(knex, { queue: 'plain', payload: { x: 1 } }))!
    expect(await once()).toBe(3)
    expect((await row(own)).done_at).not.toBeNull()
    expect(await count('job_effects')).toBe(1)
    expect((await row(rolledBack)).done_at).toBeNull()
    expect((await row(rolledBack)).last_error).toContain('rolled back')
    expect((await row(plain)).done_at).not.toBeNull()
    expect(seen[0].payload).toEqual({ x: 1 })
  })

  it('cancels a job mid-run: its transaction finds no row and rolls back', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    handler('cancel_me', {
      async handle(job, ctx) {
        await gate
        await ctx.transaction((trx) => trx('job_effects').insert({ job_id: job.id, node: ctx.node }))
      },
    })
    await scheduleJob(knex, { queue: 'cancel_me', dedupeKey: 'c:1' })
    const run = once()
    await sleep(100)
    expect(await cancelJobs(knex, { queue: 'cancel_me', dedupeKeyPrefix: 'c:' })).toBe(1)
    release()
    await run
    expect(await count('job_effects')).toBe(0)
    expect(errors[0]).toBeInstanceOf(JobNotOwnedError)
  })

  it('stops only after the running handlers finished', async () => {
    let started = false
    handler('stop', {
      async handle(job, ctx) {
        started = true
        await sleep(300)
        await ctx.transaction((trx) => trx('job_effects').insert({ job_id: job.id, node: ctx.node }))
      },
    })
    const id = (await scheduleJob(knex, { queue: 'stop' }))!
    const worker = startJobWorker({ knex, node: 'n', pollMs: 20, registry, onError: report })
    while (!started) await sleep(10)
    await worker.stop()
    expect((await row(id)).done_at).not.toBeNull()
    expect(errors).toEqual([])
  })

  it('fails for good a job whose every attempt died within its lease', async () => {
    let calls = 0
    handler('poison', {
      maxAttempts: 2,
      async handle() {
        calls++
      },
    })
    const id = (await scheduleJob(knex, { queue: 'poison' }))!
    await knex('sys_jobs')
      .where({ id })
      .update({ attempts: 2, locked_by: 'dead', locked_at: knex.raw(`now() - interval '2 minutes'`) })
    expect(await once()).toBe(1)
    expect(calls).toBe(0)
    expect((await row(id)).last_error).toMatch(/^FAILED: .*died or hung/)
  })
})
