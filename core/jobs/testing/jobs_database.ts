import pg from 'pg'
import type { Knex } from 'knex'

/** The PostgreSQL server the job specs use (a maintenance connection goes to its `postgres` db). */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function onDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

async function maintenance<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: onDatabase(testServerUrl, 'postgres') })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates an empty database `name` on the test server and returns its URL. */
export async function createDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`)
  await maintenance(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.query(`CREATE DATABASE "${name}"`)
  })
  return onDatabase(testServerUrl, name)
}

export async function dropDatabase(name: string) {
  await maintenance((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

/** `sys_jobs` exactly as core/database/migrations/0001_engine_tables.ts creates it. */
export async function createJobsTable(knex: Knex) {
  await knex.schema.createTable('sys_jobs', (t) => {
    t.bigIncrements('id')
    t.string('queue', 64).notNullable()
    t.string('dedupe_key', 255).unique()
    t.jsonb('payload').notNullable().defaultTo('{}')
    t.timestamp('run_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.integer('attempts').notNullable().defaultTo(0)
    t.timestamp('locked_at', { useTz: true })
    t.string('locked_by', 64)
    t.timestamp('done_at', { useTz: true })
    t.text('last_error')
    t.index(['queue', 'run_at'])
  })
}
