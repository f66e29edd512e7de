import { io as connect } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { runDueJobsOnce } from '#core/jobs/index'

/** Automations (metadata): an event and a condition queue registered actions as durable jobs. */
describe('automations', () => {
  let url: string
  let dispatcher: ApiClient

  beforeAll(async () => {
    url = (await testApp()).url
    dispatcher = await userClient(url, ['test_dispatcher'])
  })

  it('notify the role and set a field when the condition holds, once', async () => {
    const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: dispatcher.cookie! } })
    await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))
    const pings: any[] = []
    socket.on('notification', (n) => pings.push(n))

    const plain = await dispatcher.post('/api/v1/records/job_card', { title: 'Звичайна' })
    const urgent = await dispatcher.post('/api/v1/records/job_card', { title: 'Прорив на Київській', urgent: true })
    expect(urgent.status).toBe(201)
    const queued = await engine.knex('sys_jobs').where({ queue: 'automation' }).whereRaw("payload->>'id' = ?", [urgent.body.data.id])
    expect(queued.length).toBe(1)
    expect(await engine.knex('sys_jobs').where({ queue: 'automation' }).whereRaw("payload->>'id' = ?", [plain.body.data.id]).first()).toBeUndefined()

    await runDueJobsOnce(engine.knex, 'spec')
    await runDueJobsOnce(engine.knex, 'spec') // a second pass finds nothing left to do

    const mine = await dispatcher.get('/api/v1/notifications?unread=true')
    const alerts = mine.body.data.filter((n: any) => n.record_id === urgent.body.data.id)
    expect(alerts.length).toBe(1)
    expect(alerts[0].title).toBe('Термінова картка: Прорив на Київській')
    const card = await dispatcher.get(`/api/v1/records/job_card/${urgent.body.data.id}`)
    expect(card.body.data.resolution).toBe('Позначено як термінову автоматично')
    const audit = await engine.knex('sys_audit').where({ entity: 'job_card', record_id: urgent.body.data.id, action: 'automation' })
    expect(audit.length).toBe(1)
    expect(audit[0].changes.$automation).toBe('urgent_job_alert')
    const deadline = Date.now() + 2000
    while (!pings.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(pings).toContain({ entity: 'job_card', id: urgent.body.data.id })
    expect((await dispatcher.post(`/api/v1/notifications/${alerts[0].id}/read`)).status).toBe(204)
    socket.close()
  })
})
