import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { runDueJobsOnce } from '#core/jobs/index'

/** Assignments (доручення): numbered, under control, and escalated once when overdue. */
describe('assignments', () => {
  let mayor: ApiClient
  let dispatcher: ApiClient
  let supervisor: ApiClient
  let company: string

  beforeAll(async () => {
    const { url } = await testApp()
    const admin = await userClient(url, ['admin'])
    company = (await admin.post('/api/v1/records/counterparty', { name: `КП Доручення ${Date.now()}` })).body.data.id
    mayor = await userClient(url, ['mayor'])
    dispatcher = await userClient(url, ['contractor_dispatcher'], { counterparty: company })
    supervisor = await userClient(url, ['supervisor'])
  })

  it('escalates an overdue assignment exactly once, and the company works it through its workflow', async () => {
    const created = await mayor.post('/api/v1/records/assignment', { title: 'Прибрати стихійне звалище на Набережній', counterparty: company, deadline: new Date(Date.now() + 800).toISOString() })
    expect(created.status).withContext(created.text).toBe(201)
    const a = created.body.data
    expect(a.number).toMatch(/^Д-\d{4}-\d{5}$/)
    expect(a.author).toBe((mayor as any).userId)
    expect(a.status).toBe('issued')
    await new Promise((r) => setTimeout(r, 1000))
    await runDueJobsOnce(engine.knex, 'spec')
    await runDueJobsOnce(engine.knex, 'spec')
    const now = (await dispatcher.get(`/api/v1/records/assignment/${a.id}`)).body.data
    expect(now.overdue).toBeTrue()
    const alerts = (await dispatcher.get('/api/v1/notifications')).body.data.filter((n: any) => n.record_id === a.id)
    expect(alerts.length).toBe(1)
    expect((await supervisor.get('/api/v1/notifications')).body.data.some((n: any) => n.record_id === a.id)).toBeTrue()
    expect((await engine.knex('sys_audit').where({ entity: 'assignment', record_id: a.id, action: 'sla_breach' })).length).toBe(1)

    expect((await dispatcher.post(`/api/v1/records/assignment/${a.id}/transitions/accept`, {})).body.data.status).toBe('in_progress')
    const report = await dispatcher.post(`/api/v1/records/assignment/${a.id}/transitions/report`, { control_notes: 'Вивезено 3 машини сміття' })
    expect(report.body.data.status).toBe('reported')
    expect((await dispatcher.post(`/api/v1/records/assignment/${a.id}/transitions/approve`, {})).status).toBe(403)
    expect((await mayor.post(`/api/v1/records/assignment/${a.id}/transitions/approve`, {})).body.data.status).toBe('done')
  })
})
