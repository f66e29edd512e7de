import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/** Workflows: states change only through transitions, with roles, guards and required fields. */
describe('workflow transitions', () => {
  let dispatcher: ApiClient
  let worker: ApiClient

  beforeAll(async () => {
    const { url } = await testApp()
    dispatcher = await userClient(url, ['test_dispatcher'])
    worker = await userClient(url, ['test_contractor'])
  })

  const create = async (body: Record<string, unknown> = {}) => {
    const res = await dispatcher.post('/api/v1/records/job_card', { title: 'Замінити лампу', ...body })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data
  }
  const go = (client: ApiClient, id: string, t: string, body: Record<string, unknown> = {}) => client.post(`/api/v1/records/job_card/${id}/transitions/${t}`, body)

  it('starts in the initial state, and the state field cannot be written directly', async () => {
    const card = await create()
    expect(card.status).toBe('new')
    const direct = await dispatcher.patch(`/api/v1/records/job_card/${card.id}`, { status: 'closed' })
    expect(direct.status).toBe(422)
    expect(direct.body.errors[0]).toEqual(jasmine.objectContaining({ pointer: '/status', code: 'workflow_field' }))
    const onCreate = await dispatcher.post('/api/v1/records/job_card', { title: 'x', status: 'closed' })
    expect(onCreate.status).toBe(422)
  })

  it('offers the allowed transitions and walks through them, running actions', async () => {
    const card = await create()
    const offered = await worker.get(`/api/v1/records/job_card/${card.id}/transitions`)
    expect(offered.body.state).toBe('new')
    expect(offered.body.transitions.map((t: any) => t.key)).toEqual(['take'])
    const taken = await go(worker, card.id, 'take')
    expect(taken.status).withContext(taken.text).toBe(200)
    expect(taken.body.data.status).toBe('in_progress')
    expect(taken.body.data.assignee).toBe((worker as any).userId)
    expect((await go(worker, card.id, 'wait')).body.data.status).toBe('waiting')
    expect((await go(worker, card.id, 'resume')).body.data.status).toBe('in_progress')
  })

  it("refuses an invalid transition with a clear error, in the caller's language", async () => {
    const card = await create()
    const res = await go(worker, card.id, 'resolve', { resolution: 'готово' })
    expect(res.status).toBe(422)
    expect(res.body.errors[0]).toEqual(jasmine.objectContaining({ pointer: '/transition', code: 'invalid_transition' }))
    expect(res.body.errors[0].message).toBe('«Вирішити» неможливо зі стану «Нова»')
    const unknown = await go(worker, card.id, 'teleport')
    expect(unknown.body.errors[0].code).toBe('unknown_transition')
    expect((await dispatcher.get(`/api/v1/records/job_card/${card.id}`)).body.data.status).toBe('new')
  })

  it("requires the transition's fields and refuses fields it does not set", async () => {
    const card = await create()
    await go(worker, card.id, 'take')
    const missing = await go(worker, card.id, 'resolve')
    expect(missing.status).toBe(422)
    expect(missing.body.errors).toEqual([jasmine.objectContaining({ pointer: '/resolution', code: 'required' })])
    const extra = await go(worker, card.id, 'resolve', { resolution: 'ok', title: 'інша назва' })
    expect(extra.body.errors).toEqual([jasmine.objectContaining({ pointer: '/title', code: 'not_in_transition' })])
    const done = await go(worker, card.id, 'resolve', { resolution: 'Лампу замінено' })
    expect(done.status).toBe(200)
    expect(done.body.data.status).toBe('resolved')
    expect(done.body.data.resolved_at).toBeTruthy()
  })

  it('checks roles and guards', async () => {
    const card = await create()
    await go(worker, card.id, 'take')
    await go(worker, card.id, 'resolve', { resolution: 'так' })
    expect((await go(worker, card.id, 'close')).status).toBe(403)
    expect((await go(dispatcher, card.id, 'close')).body.data.status).toBe('closed')
    const plain = await create()
    const guarded = await go(dispatcher, plain.id, 'escalate')
    expect(guarded.body.errors[0].code).toBe('guard_failed')
    const urgent = await create({ urgent: true })
    expect((await dispatcher.get(`/api/v1/records/job_card/${urgent.id}/transitions`)).body.transitions.map((t: any) => t.key)).toContain('escalate')
    expect((await go(dispatcher, urgent.id, 'escalate')).body.data.status).toBe('closed')
  })

  it('refuses a stale version and audits each transition', async () => {
    const card = await create()
    const stale = await go(worker, card.id, 'take', { version: 99 })
    expect(stale.status).toBe(409)
    await go(worker, card.id, 'take', { version: card.version })
    const audit = await engine.knex('sys_audit').where({ entity: 'job_card', record_id: card.id }).orderBy('id')
    expect(audit.map((a: any) => a.action)).toEqual(['create', 'update'])
    expect(audit[1].changes.status).toEqual({ from: 'new', to: 'in_progress' })
    expect(audit[1].changes.$transition).toEqual({ to: 'take' })
  })
})
