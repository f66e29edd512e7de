/**
 * A node that is killed on purpose (tests/jobs_restart.spec.ts). It schedules JOBS_N timers
 * (deduplicated, so a restarted process schedules none), then works them off: each handler
 * writes an effect row in the job's completing transaction. The job with payload
 * i = JOBS_HANG_ON hangs inside that transaction (effect written, not committed) and prints
 * `HANG <id>`, so the spec can SIGKILL the process mid-batch. Prints `ALL DONE` and exits 0
 * once every timer is done.
 *
 * Env: JOBS_DATABASE_URL, JOBS_N, JOBS_HANG_ON (optional), JOBS_LEASE_MS.
 */
import knexFactory from 'knex'
import { JobRegistry } from '../registry.js'
import { scheduleJob } from '../schedule.js'
import { startJobWorker } from '../worker.js'

const say = (line: string) => process.stdout.write(line + '\n')
const n = Number(process.env.JOBS_N ?? 30)
const hangOn = process.env.JOBS_HANG_ON === undefined ? undefined : Number(process.env.JOBS_HANG_ON)
const knex = knexFactory({ client: 'pg', connection: process.env.JOBS_DATABASE_URL, pool: { min: 0, max: 6 } })

let scheduled = 0
for (let i = 0; i < n; i++) {
  if ((await scheduleJob(knex, { queue: 'crash', dedupeKey: `crash:${i}`, delayMs: 300, payload: { i } })) !== null) scheduled++
}
say(`SCHEDULED ${scheduled}`)

const registry = new JobRegistry()
registry.register<{ i: number }>('crash', {
  async handle(job, ctx) {
    await new Promise((r) => setTimeout(r, 40)) // work before the effect: others stay in flight
    await ctx.transaction(async (trx) => {
      await trx('crash_effects').insert({ job_id: job.id, i: job.payload.i, pid: process.pid })
      if (job.payload.i === hangOn) {
        say(`HANG ${job.id}`)
        await new Promise(() => {}) // until SIGKILL
      }
    })
  },
})

const worker = startJobWorker({
  knex,
  node: `crash-${process.pid}`,
  pollMs: 50,
  batch: 5,
  leaseMs: Number(process.env.JOBS_LEASE_MS ?? 1_500),
  registry,
  onError: (error) => say(`ERROR ${error instanceof Error ? error.message : String(error)}`),
})

for (;;) {
  const [{ n: pending }] = await knex('sys_jobs').where({ queue: 'crash' }).whereNull('done_at').count({ n: '*' })
  if (Number(pending) === 0) break
  await new Promise((r) => setTimeout(r, 50))
}
await worker.stop()
await knex.destroy()
say('ALL DONE')
