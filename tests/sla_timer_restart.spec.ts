import { fileURLToPath } from 'node:url'
import knexFactory, { type Knex } from 'knex'
import { ApiClient } from '#core/testing/client'
import { startServer, runAce, type ServerProcess } from '#core/testing/server_process'
import { recreateDatabase } from '#core/testing/database'

const FIXTURES = fileURLToPath(new URL('./fixtures/work_orders', import.meta.url))

/**
 * The SLA timer is a row, not a setTimeout: the server is killed (SIGKILL) after a request's
 * timer was scheduled and before it fired; after a restart the breach is recorded exactly
 * once, and another restart does not record it again.
 */
describe('SLA timers across a kill -9', () => {
  let server: ServerProcess | undefined
  let knex: Knex
  let env: Record<string, string>

  beforeAll(async () => {
    const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_test')
    url.pathname = `/${url.pathname.slice(1)}_sla`
    await recreateDatabase(url)
    env = { DATABASE_URL: url.toString(), VIKNO_EXTRA_MODULES: FIXTURES }
    knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 2 } })
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    await knex?.destroy()
  })

  it('fires the breach exactly once', async () => {
    server = await startServer(env)
    await runAce(['vikno:user', '--login', 'boss', '--roles', 'admin', '--password', 'boss-pass-1'], env)
    const admin = await new ApiClient(server.url).login('boss', 'boss-pass-1')
    expect((await admin.post('/api/v1/records/counterparty', { name: 'Запасний виконавець', code: 'spec_fallback' })).status).toBe(201)
    const created = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: 'Немає води', extra: { floor: 2 }, priority: 'emergency' })
    expect(created.status).withContext(created.text).toBe(201)
    const id = created.body.data.id
    const timers = await knex('sys_jobs').where({ queue: 'servicedesk.sla' }).whereRaw("payload->>'ticket' = ?", [id])
    expect(timers.length).toBe(1)
    expect(timers[0].done_at).toBeNull()

    // killed between scheduling and firing
    server.proc.kill('SIGKILL')
    await new Promise((r) => server!.proc.once('exit', r))
    server = undefined

    // meanwhile time passes: the request was filed 10 days ago and its timer is due
    const past = new Date(Date.now() - 10 * 86_400_000)
    await knex('ticket')
      .where({ id })
      .update({ created_at: past, state_history: JSON.stringify([{ state: 'new', at: past.toISOString() }]) })
    await knex('sys_jobs')
      .where({ id: timers[0].id })
      .update({ run_at: new Date(Date.now() - 1000) })

    server = await startServer(env)
    const deadline = Date.now() + 20_000
    let breaches: any[] = []
    while (Date.now() < deadline) {
      breaches = await knex('sys_audit').where({ entity: 'ticket', record_id: id, action: 'sla_breach' })
      if (breaches.length) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(breaches.length).toBe(1)
    const ticket = await knex('ticket').where({ id }).first()
    expect(ticket.response_breached).toBeTrue()
    expect(ticket.resolution_breached).toBeTrue()
    expect((await knex('sys_jobs').where({ id: timers[0].id }).first()).done_at).not.toBeNull()

    // another restart, and the job runner idles a while: still one breach
    await server.stop()
    server = await startServer(env)
    await new Promise((r) => setTimeout(r, 2500))
    expect((await knex('sys_audit').where({ entity: 'ticket', record_id: id, action: 'sla_breach' })).length).toBe(1)
  })
})
