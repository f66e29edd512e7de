import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import knexFactory, { type Knex } from 'knex'
import type { EmbeddedDatabase } from './embedded.js'

/**
 * The embedded database: one PGlite behind a serialising socket, one pool connection.
 * Proves transactions do not interleave, a stray query fails instead of hanging, and a
 * second process joins the first one's database instead of opening the folder twice.
 */
describe('embedded database', () => {
  let dir: string
  let db: EmbeddedDatabase
  let knex: Knex

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-embedded-'))
    db = await startEmbeddedFresh(dir)
    knex = knexFactory({
      client: 'pg',
      connection: { connectionString: db.url, query_timeout: 10_000 } as any,
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 2_000,
    })
    await knex.raw('create table if not exists counter (id int primary key, n int not null)')
    await knex.raw('insert into counter values (1, 0) on conflict (id) do update set n = 0')
  })

  afterAll(async () => {
    await knex?.destroy()
  })

  it('runs concurrent transactions one after another, never interleaved', async () => {
    const increments = Array.from({ length: 20 }, () =>
      knex.transaction(async (trx) => {
        const { n } = await trx('counter').where({ id: 1 }).first()
        await new Promise((r) => setTimeout(r, 5)) // a lost update would show here
        await trx('counter')
          .where({ id: 1 })
          .update({ n: n + 1 })
      })
    )
    await Promise.all(increments)
    expect((await knex('counter').where({ id: 1 }).first()).n).toBe(20)
  })

  it('keeps a rolled-back transaction invisible to the next one', async () => {
    await expectAsync(
      knex.transaction(async (trx) => {
        await trx('counter').where({ id: 1 }).update({ n: -1 })
        throw new Error('rollback')
      })
    ).toBeRejectedWithError('rollback')
    expect((await knex('counter').where({ id: 1 }).first()).n).toBe(20)
  })

  it('fails a query issued outside the open transaction instead of hanging', async () => {
    await expectAsync(
      knex.transaction(async (trx) => {
        await trx('counter').first()
        await knex('counter').first() // the bug: not bound to trx
      })
    ).toBeRejectedWithError(/Timeout acquiring a connection/)
  })

  it('lets a second process join through the lock instead of opening the folder twice', async () => {
    const lock = JSON.parse(readFileSync(join(dir, 'pg.lock'), 'utf8'))
    expect(lock.pid).toBe(process.pid)
    const script = `import { startEmbedded } from './core/db/embedded.ts'
      const db = await startEmbedded(${JSON.stringify(dir)})
      const pg = (await import('pg')).default
      const c = new pg.Client({ connectionString: db.url }); await c.connect()
      const r = await c.query('select n from counter where id = 1'); await c.end()
      console.log(JSON.stringify({ owner: db.owner, n: r.rows[0].n }))`
    const out = await runNode(script)
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ owner: false, n: 20 })
  })

  it('takes over a stale lock left by a killed process', async () => {
    const other = mkdtempSync(join(tmpdir(), 'vikno-stale-'))
    writeFileSync(join(other, 'pg.lock'), JSON.stringify({ pid: 999_999_999, port: 1 }))
    const out = await runNode(`import { startEmbedded } from './core/db/embedded.ts'
      const db = await startEmbedded(${JSON.stringify(other)})
      console.log(JSON.stringify({ owner: db.owner })); await db.stop()`)
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ owner: true })
    expect(existsSync(join(other, 'pg.lock'))).toBeFalse()
  })
})

/** startEmbedded keeps one database per process (the app's): this spec loads its own module instance. */
async function startEmbeddedFresh(dir: string) {
  const mod = (await import(`./embedded.js?spec=${Date.now()}`)) as typeof import('./embedded.js')
  return mod.startEmbedded(dir)
}

function runNode(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import=ts-node-maintained/register/esm', '--input-type=module', '-e', script], { cwd: process.cwd() })
    let out = ''
    let err = ''
    proc.stdout.on('data', (d) => (out += d))
    proc.stderr.on('data', (d) => (err += d))
    proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))))
  })
}
