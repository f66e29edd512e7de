import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { runDueJobsOnce } from '#core/jobs/index'

/**
 * A request's create is one statement — the insert with its routing (one recursive query up the
 * object tree to the nearest responsibility), number, audit row and SLA timer, no BEGIN/COMMIT
 * (no automation fires on a request's creation) — and all of it still happens.
 */
describe('a request create, statement by statement', () => {
  const tag = `tc${Date.now().toString(36)}`
  let admin: ApiClient
  let waterId: string
  let apartment: string

  beforeAll(async () => {
    admin = await userClient((await testApp()).url, ['admin'])
    waterId = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `water_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. ${tag}`, level: 'street' })).body.data
    const building = (await admin.post('/api/v1/records/object', { name: '7', level: 'building', parent: street.id })).body.data
    const entrance = (await admin.post('/api/v1/records/object', { name: 'підʼїзд 1', level: 'entrance', parent: building.id })).body.data
    apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 9', level: 'apartment', parent: entrance.id })).body.data.id
    expect((await admin.post('/api/v1/records/object_responsibility', { object: street.id, category: 'water', counterparty: waterId })).status).toBe(201)
  })

  it('routes to the nearest responsible ancestor, numbers, audits and plans the timer in one statement', async () => {
    const sql: string[] = []
    const listen = (q: { sql: string }) => sql.push(q.sql)
    engine.knex.on('query', listen)
    let res
    try {
      res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', object: apartment, description: `Немає води ${tag}`, extra: { floor: 2 } })
    } finally {
      engine.knex.off('query', listen)
    }
    expect(res.status).withContext(res.text).toBe(201)
    const ticket = res.body.data
    expect(ticket.contractor).toBe(waterId)
    expect(ticket.number).toMatch(/^ВШГ-\d{4}-\d{6}$/)
    const mine = sql.filter((s) => !/sys_sessions|sys_users|sys_api_tokens/.test(s)) // the login's own reads
    expect(mine.length).withContext(mine.join('\n')).toBe(1)
    expect(mine.filter((s) => /WITH RECURSIVE/.test(s)).length).toBe(1)
    expect(mine.filter((s) => /insert into "ticket"/.test(s) && /WITH RECURSIVE/.test(s) && /sys_audit/.test(s) && /sys_jobs/.test(s)).length).toBe(1)
    const [audit] = await engine.knex('sys_audit').where({ entity: 'ticket', record_id: ticket.id, action: 'create' })
    expect(audit.changes.number).toEqual({ from: null, to: ticket.number })
    expect(audit.changes.contractor).toEqual({ from: null, to: waterId })
    expect(audit.changes.state_history.to[0].state).toBe('new')
    const timers = await engine.knex('sys_jobs').where({ queue: 'servicedesk.sla' }).whereRaw("payload->>'ticket' = ?", [ticket.id])
    expect(timers.length).toBe(1)
  })
  it('records a breach once when its timer fires, as a system update with the SLA reason', async () => {
    const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', object: apartment, description: `Прорив ${tag}`, extra: { floor: 1 }, priority: 'emergency' })
    expect(res.status).withContext(res.text).toBe(201)
    const id = res.body.data.id
    // time passes: filed 10 days ago, its timer due
    const past = new Date(Date.now() - 10 * 86_400_000)
    await engine
      .knex('ticket')
      .where({ id })
      .update({ created_at: past, state_history: JSON.stringify([{ state: 'new', at: past.toISOString() }]) })
    await engine
      .knex('sys_jobs')
      .where({ queue: 'servicedesk.sla' })
      .whereRaw("payload->>'ticket' = ?", [id])
      .update({ run_at: new Date(Date.now() - 1000) })
    for (let i = 0; i < 5 && (await runDueJobsOnce(engine.knex, 'spec')); i++);
    const breaches = await engine.knex('sys_audit').where({ entity: 'ticket', record_id: id, action: 'sla_breach' })
    expect(breaches.length).toBe(1)
    expect(breaches[0].actor_id).toBeNull()
    expect(breaches[0].changes.$reason).toEqual({ kind: 'sla' })
    const ticket = await engine.knex('ticket').where({ id }).first()
    expect(ticket.resolution_breached).toBeTrue()
    expect(ticket.version).toBeGreaterThan(1)
  })
})
