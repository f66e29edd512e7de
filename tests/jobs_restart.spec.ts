import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import knexFactory, { type Knex } from 'knex'
import { createDatabase, createJobsTable, dropDatabase } from '#core/jobs/testing/jobs_database'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const dbName = `vikno_jobs_restart_${process.pid}`
const N = 30
const HANG_ON = 7
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Child {
  proc: ChildProcess
  output(): string
  exited: Promise<number | null>
}

function runCrashWorker(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import=ts-node-maintained/register/esm', 'core/jobs/testing/crash_worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return { proc, output: () => out, exited }
}

async function until(what: string, test: () => Promise<boolean> | boolean, child: Child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await test())) {
    if (Date.now() > deadline || child.proc.exitCode !== null) throw new Error(`${what} did not happen:\n${child.output()}`)
    await sleep(20)
  }
}

/**
 * Timers fire exactly once across a real `kill -9`: a node dies with a job's transaction open
 * (effect written, not committed) and others in flight; the restarted node takes over the
 * expired leases and finishes, and every job's effect exists once.
 */
describe('durable jobs across a kill -9', () => {
  let knex: Knex
  let env: Record<string, string>
  let child: Child | undefined

  beforeAll(async () => {
    const url = await createDatabase(dbName)
    knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } })
    await createJobsTable(knex)
    await knex.raw('CREATE TABLE crash_effects (job_id bigint NOT NULL, i int NOT NULL, pid int NOT NULL)') // no key: a rerun would show
    env = { JOBS_DATABASE_URL: url, JOBS_N: String(N), JOBS_LEASE_MS: '1500' }
  }, 30_000)

  afterAll(async () => {
    if (child && child.proc.exitCode === null) child.proc.kill('SIGKILL')
    await knex?.destroy()
    await dropDatabase(dbName)
  })

  it('runs every timer exactly once when its worker is killed mid-batch and restarted', async () => {
    const done = async () => Number((await knex('sys_jobs').whereNotNull('done_at').count({ n: '*' }))[0].n)

    child = runCrashWorker({ ...env, JOBS_HANG_ON: String(HANG_ON) })
    await until('the hanging job', () => /HANG \d+/.test(child!.output()), child)
    await until('some jobs done', async () => (await done()) > 0, child)
    child.proc.kill('SIGKILL')
    expect(await child.exited).toBeNull()
    expect(child.output()).toContain(`SCHEDULED ${N}`)

    const hung = Number(/HANG (\d+)/.exec(child.output())![1])
    const doneBefore = await knex('sys_jobs')
      .whereNotNull('done_at')
      .pluck('id')
      .then((ids) => ids.map(Number))
    const lockedBefore = await knex('sys_jobs')
      .whereNull('done_at')
      .whereNotNull('locked_at')
      .pluck('id')
      .then((ids) => ids.map(Number))
    expect(doneBefore.length).toBeLessThan(N)
    expect(lockedBefore).toContain(hung) // claimed by the dead process: waits for its lease
    // only committed work is there: effects of exactly the jobs marked done
    expect((await knex('crash_effects').pluck('job_id')).map(Number).sort((a, b) => a - b)).toEqual([...doneBefore].sort((a, b) => a - b))

    child = runCrashWorker(env)
    const code = await Promise.race([child.exited, sleep(45_000).then(() => 'timeout')])
    expect(code).withContext(child.output()).toBe(0)
    expect(child.output()).toContain('SCHEDULED 0') // the same timers are not queued twice
    expect(child.output()).toContain('ALL DONE')
    expect(child.output()).not.toContain('ERROR')

    const effects = await knex('crash_effects').select('job_id', 'i')
    expect(effects.length).toBe(N)
    expect(new Set(effects.map((e) => Number(e.job_id))).size).toBe(N)
    expect(new Set(effects.map((e) => e.i)).size).toBe(N)
    const jobs = await knex('sys_jobs').select('id', 'attempts', 'done_at')
    expect(jobs.length).toBe(N)
    expect(jobs.every((j) => j.done_at !== null)).toBeTrue()
    const attempts = new Map(jobs.map((j) => [Number(j.id), j.attempts as number]))
    expect(attempts.get(hung)).toBe(2)
    for (const id of doneBefore) expect(attempts.get(id)).withContext(`job ${id}`).toBe(1) // never run again
    for (const id of lockedBefore) expect(attempts.get(id)).withContext(`job ${id}`).toBe(2) // in flight at the kill
  }, 90_000)
})
