import pg from 'pg'
import { recreateDatabase } from '#core/testing/database'
import { ApiClient } from '#core/testing/client'
import { startServer, runAce, type ServerProcess } from '#core/testing/server_process'

/** A database of this spec on the local PostgreSQL server, and URLs for two roles on it. */
function urls() {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_test')
  const name = `${base.pathname.slice(1)}_roles`
  const suffix = name.replace(/\W/g, '_')
  const as = (user: string) => Object.assign(new URL(base), { pathname: `/${name}`, username: user, password: `${user}-pw` }).toString()
  return { admin: Object.assign(new URL(base), { pathname: `/${name}` }).toString(), owner: `o_${suffix}`, app: `a_${suffix}`, as }
}

/**
 * Issue 10, item 9: the server serves requests as a role that may only INSERT into the audit
 * tables, while migrations and publishes run as the owner. As the serving role, tampering with
 * the audit fails however it is tried. (On the machine's PostgreSQL server, also when the rest of the suite runs embedded: PGlite has one superuser.)
 */
describe('two database roles', () => {
  let server: ServerProcess | undefined
  const u = urls()

  beforeAll(async () => {
    await recreateDatabase(u.admin)
    const admin = new pg.Client({ connectionString: u.admin })
    await admin.connect()
    for (const role of [u.owner, u.app]) {
      await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE "${role}" LOGIN PASSWORD '${role}-pw'; END IF; END $$`)
    }
    await admin.query(`ALTER DATABASE "${new URL(u.admin).pathname.slice(1)}" OWNER TO "${u.owner}"`)
    await admin.query(`ALTER SCHEMA public OWNER TO "${u.owner}"`)
    await admin.end()
    const env = { DATABASE_URL: u.as(u.app), DATABASE_OWNER_URL: u.as(u.owner) }
    server = await startServer(env, 180_000)
    await runAce(['vikno:user', '--login', 'root', '--roles', 'admin', '--password', 'root-pass-1'], env)
  }, 240_000)

  afterAll(async () => {
    await server?.stop()
  })

  it('serves records and publishes metadata with the two roles', async () => {
    const admin = await new ApiClient(server!.url).login('root', 'root-pass-1')
    expect((await admin.post('/api/v1/records/contact', { full_name: 'Роль Тест', phone: '0671230000' })).status).toBe(201)
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const doc = { kind: 'entity', key: 'role_note', label: { uk: 'Нотатка' }, fields: { text: { type: 'text' } } }
    await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/role_note`, { document: doc, version: draft.version })
    const published = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
    expect(published.status).withContext(published.text).toBe(200)
    expect((await admin.post('/api/v1/records/role_note', { text: 'нова таблиця' })).status).toBe(201)
  })

  it('refuses every way of changing the audit to the serving role', async () => {
    const app = new pg.Client({ connectionString: u.as(u.app) })
    await app.connect()
    try {
      const who = (await app.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0]
      expect(who.rolsuper).toBeFalse()
      expect(Number((await app.query('SELECT count(*) AS n FROM sys_audit')).rows[0].n)).toBeGreaterThan(0)
      for (const sql of [
        `UPDATE sys_audit SET action = 'update'`,
        'DELETE FROM sys_audit',
        'TRUNCATE sys_audit',
        'ALTER TABLE sys_audit DISABLE TRIGGER ALL',
        'ALTER TABLE sys_audit DISABLE TRIGGER sys_audit_no_change',
        `SET session_replication_role = replica`,
        'UPDATE sys_record_views SET record_id = record_id',
        'DELETE FROM sys_record_views',
        'DROP TABLE sys_audit',
      ]) {
        const error = await app.query(sql).then(
          () => undefined,
          (e: Error) => e
        )
        expect(error).withContext(sql).toBeDefined()
        expect(error?.message)
          .withContext(sql)
          .toMatch(/permission denied|must be owner/)
      }
    } finally {
      await app.end()
    }
  })
})
