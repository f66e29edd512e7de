import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/** POST /api/v1/records/:entity/bulk: each row through the ordinary write path, a result for each. */
describe('bulk actions', () => {
  let dispatcher: ApiClient
  let contractor: ApiClient
  let mine: string
  const tag = `bulk${Date.now().toString(36)}`
  const order = async (title: string, contractorId = mine) => {
    const r = await dispatcher.post('/api/v1/records/work_order', { title: `${title} ${tag}`, contractor: contractorId, priority: 1 })
    expect(r.status).withContext(r.text).toBe(201)
    return r.body.data as { id: string; version: number }
  }

  beforeAll(async () => {
    const url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    dispatcher = await userClient(url, ['test_dispatcher'])
    mine = (await admin.post('/api/v1/records/counterparty', { name: `Мій ${tag}`, kind: 'contractor' })).body.data.id
    contractor = await userClient(url, ['test_contractor'], { counterparty: mine })
  })

  it('sets a field on each record with its version and refuses a stale one, saying why', async () => {
    const [a, b, c] = [await order('A'), await order('B'), await order('C')]
    await dispatcher.patch(`/api/v1/records/work_order/${c.id}`, { description: 'changed meanwhile' })
    const res = await dispatcher.post('/api/v1/records/work_order/bulk', {
      action: { type: 'update', values: { priority: 3 } },
      items: [a, b, c].map(({ id, version }) => ({ id, version })),
    })
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.done).toBe(2)
    expect(res.body.refused).toBe(1)
    expect(res.body.results.map((r: any) => [r.id, r.ok])).toEqual([
      [a.id, true],
      [b.id, true],
      [c.id, false],
    ])
    expect(res.body.results[2].status).toBe(409)
    expect(res.body.results[2].title).toContain('Конфлікт версій')
    const rows = await engine.knex('work_order').whereIn('id', [a.id, b.id, c.id]).orderBy('title')
    expect(rows.map((r: any) => r.priority)).toEqual([3, 3, 1])
  })

  it('reports field errors per row with pointers and applies nothing invalid', async () => {
    const a = await order('Invalid')
    const res = await dispatcher.post('/api/v1/records/work_order/bulk', { action: { type: 'update', values: { priority: 'high' } }, items: [{ id: a.id }] })
    expect(res.status).toBe(200)
    expect(res.body.results[0].ok).toBeFalse()
    expect(res.body.results[0].status).toBe(422)
    expect(res.body.results[0].errors.map((e: any) => e.pointer)).toEqual(['/priority'])
  })

  it("applies each row's own permission checks: another contractor's record is refused as not found", async () => {
    const admin = await userClient((await testApp()).url, ['admin'])
    const other = (await admin.post('/api/v1/records/counterparty', { name: `Інший ${tag}`, kind: 'contractor' })).body.data.id
    const own = await order('Own')
    const foreign = await order('Foreign', other)
    const res = await contractor.post('/api/v1/records/work_order/bulk', { action: { type: 'delete' }, items: [{ id: own.id, version: own.version }, { id: foreign.id }] })
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.results.map((r: any) => [r.ok, r.ok ? 200 : r.status])).toEqual([
      [true, 200],
      [false, 404],
    ])
    // work_order is soft-deleted
    expect((await engine.knex('work_order').where({ id: own.id }).first()).deleted_at).not.toBeNull()
    expect((await engine.knex('work_order').where({ id: foreign.id }).first()).deleted_at).toBeNull()
    // a read-only field of the role (cost) is refused on every row
    const ro = await contractor.post('/api/v1/records/work_order/bulk', { action: { type: 'update', values: { cost: 10 } }, items: [{ id: (await order('Cost')).id }] })
    expect(ro.body.results[0].ok).toBeFalse()
    expect(ro.body.results[0].errors[0].pointer).toBe('/cost')
  })

  it('refuses the whole request when the action is not allowed on the entity or the body is malformed', async () => {
    const a = await order('Whole')
    const job = (await dispatcher.post('/api/v1/records/job_card', { title: `Картка ${tag}` })).body.data
    const del = await dispatcher.post('/api/v1/records/job_card/bulk', { action: { type: 'delete' }, items: [{ id: job.id }] })
    expect(del.status).toBe(404)
    const bad = await dispatcher.post('/api/v1/records/work_order/bulk', { action: { type: 'explode' }, items: [{ id: 'nope' }, { id: a.id, version: 'x' }] })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer)).toEqual(['/action/type', '/items/0/id', '/items/1/version'])
    const none = await dispatcher.post('/api/v1/records/work_order/bulk', { action: { type: 'delete' }, items: [] })
    expect(none.body.errors.map((e: any) => e.pointer)).toEqual(['/items'])
  })

  it('offers the transitions common to the selection and asks required fields once', async () => {
    const mk = async (title: string) => (await dispatcher.post('/api/v1/records/job_card', { title: `${title} ${tag}` })).body.data
    const [a, b] = [await mk('J1'), await mk('J2')]
    const common = await dispatcher.post('/api/v1/records/job_card/bulk/transitions', { ids: [a.id, b.id] })
    expect(common.status).withContext(common.text).toBe(200)
    expect(common.body.transitions.map((t: any) => t.key)).toContain('take')
    const take = await dispatcher.post('/api/v1/records/job_card/bulk', { action: { type: 'transition', transition: 'take' }, items: [{ id: a.id }, { id: b.id }] })
    expect(take.body.done).withContext(take.text).toBe(2)
    const after = await dispatcher.post('/api/v1/records/job_card/bulk/transitions', { ids: [a.id, b.id] })
    expect(after.body.transitions.map((t: any) => t.key)).not.toContain('take')
    const resolve = after.body.transitions.find((t: any) => t.key === 'resolve')
    expect(resolve.requiredFields).toEqual(['resolution'])
    const missing = await dispatcher.post('/api/v1/records/job_card/bulk', { action: { type: 'transition', transition: 'resolve' }, items: [{ id: a.id }] })
    expect(missing.body.results[0].errors.map((e: any) => e.pointer)).toEqual(['/resolution'])
    const done = await dispatcher.post('/api/v1/records/job_card/bulk', {
      action: { type: 'transition', transition: 'resolve', fields: { resolution: 'Готово' } },
      items: [{ id: a.id }, { id: b.id }],
    })
    expect(done.body.done).toBe(2)
    expect((await engine.knex('job_card').whereIn('id', [a.id, b.id]).pluck('status')).sort()).toEqual(['resolved', 'resolved'])
    // a record already resolved is refused with the reason, the others are not held back
    const again = await dispatcher.post('/api/v1/records/job_card/bulk', { action: { type: 'transition', transition: 'resolve', fields: { resolution: 'x' } }, items: [{ id: a.id }] })
    expect(again.body.results[0].errors[0].code).toBe('invalid_transition')
  })
})
