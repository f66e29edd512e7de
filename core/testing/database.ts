import pg from 'pg'

/**
 * Drops and creates the database named in `url` on its server (through the `postgres`
 * maintenance database). Refuses names without "test" or "bench": it destroys data.
 */
export async function recreateDatabase(url: URL | string) {
  const target = new URL(String(url))
  const name = target.pathname.slice(1)
  if (!/test|bench/.test(name)) throw new Error(`refusing to recreate "${name}": its name must contain "test" or "bench"`)
  const admin = new URL(String(url))
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await client.query(`CREATE DATABASE "${name}"`)
  } finally {
    await client.end()
  }
}
