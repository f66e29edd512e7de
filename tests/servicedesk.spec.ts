import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/**
 * The service desk end to end through the HTTP API: registration with number, SLA and
 * routing; the contractor's scope; the workflow with assignment, pause, resolution and
 * the resident's feedback; the audit of every step.
 */
describe('service desk: a "no water" request from call to feedback', () => {
  let admin: ApiClient
  let operator: ApiClient
  let water: ApiClient
  let other: ApiClient
  let worker: ApiClient
  let waterId: string
  let apartment: string
  let resident: string
  let ticket: any
  const tag = Date.now().toString(36)

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    waterId = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `water_${tag}` })).body.data.id
    const otherId = (await admin.post('/api/v1/records/counterparty', { name: `Благоустрій ${tag}`, code: `green_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Тестова ${tag}`, level: 'street' })).body.data
    const building = (await admin.post('/api/v1/records/object', { name: '12', level: 'building', parent: street.id })).body.data
    const apt = await admin.post('/api/v1/records/object', { name: 'кв. 5', level: 'apartment', parent: building.id })
    expect(apt.status).withContext(apt.text).toBe(201)
    apartment = apt.body.data.id
    expect(apt.body.data.path).toBe(`вул. Тестова ${tag}, 12, кв. 5`)
    expect(apt.body.data.street).toBe(street.id)
    expect(apt.body.data.building).toBe(building.id)
    expect((await admin.post('/api/v1/records/object_responsibility', { object: street.id, category: 'water', counterparty: waterId })).status).toBe(201)
    resident = (await admin.post('/api/v1/records/contact', { full_name: 'Ганна Коваленко', phone: '0671112233' })).body.data.id
    operator = await userClient(url, ['operator'])
    water = await userClient(url, ['contractor_dispatcher'], { counterparty: waterId })
    other = await userClient(url, ['contractor_dispatcher'], { counterparty: otherId })
    worker = await userClient(url, ['contractor_worker'], { counterparty: waterId })
  })

  it('names the escalation step a late request reached, in words of the ladder', async () => {
    const late = (await operator.post('/api/v1/records/ticket', { request_type: 'yard_cleaning', object: apartment, description: `Давно не відповіли про рахунок ${tag}` })).body.data
    await engine
      .knex('ticket')
      .where({ id: late.id })
      .update({ created_at: new Date(Date.now() - 60 * 86_400_000) })
    const clock = (await admin.get(`/api/v1/actions/servicedesk.sla?ticket=${late.id}`)).body.data
    expect(clock.escalation).toEqual({ level: 'city_supervisor', step: 3, of: 3 })
  })

  it('registers the request with its number, SLA due dates and the responsible company', async () => {
    const bad = await operator.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: 'Немає води', extra: { floor: 99 } })
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0].pointer).toBe('/extra/floor')
    const unknown = await operator.post('/api/v1/records/ticket', { request_type: 'no_such_type', description: 'x' })
    expect(unknown.body.errors[0].pointer).toBe('/request_type')
    const res = await operator.post('/api/v1/records/ticket', {
      request_type: 'spec_no_water',
      resident,
      object: apartment,
      description: 'Немає холодної води з ранку',
      extra: { floor: 3 },
    })
    expect(res.status).withContext(res.text).toBe(201)
    ticket = res.body.data
    expect(ticket.number).toMatch(/^ВШГ-\d{4}-\d{6}$/)
    expect(ticket.contractor).toBe(waterId)
    expect(ticket.status).toBe('new')
    expect(ticket.priority).toBe('normal')
    expect(ticket.category).toBe('water')
    const created = new Date(ticket.created_at).getTime()
    expect(new Date(ticket.response_due).getTime()).toBeGreaterThan(created)
    expect(new Date(ticket.resolution_due).getTime()).toBeGreaterThan(new Date(ticket.response_due).getTime())
    expect(ticket.resolution_breached).toBeFalse()
  })

  it('shows it to the responsible company only', async () => {
    expect((await water.get(`/api/v1/records/ticket/${ticket.id}`)).status).toBe(200)
    expect((await other.get(`/api/v1/records/ticket/${ticket.id}`)).status).toBe(404)
    expect((await worker.get(`/api/v1/records/ticket/${ticket.id}`)).status).toBe(404) // not assigned yet
  })

  it('walks the workflow: assign, refuse an invalid step, pause, resolve, reopen on feedback', async () => {
    const go = (c: ApiClient, t: string, body: Record<string, unknown> = {}) => c.post(`/api/v1/records/ticket/${ticket.id}/transitions/${t}`, body)
    const assigned = await go(water, 'assign', { responsible: (worker as any).userId })
    expect(assigned.status).withContext(assigned.text).toBe(200)
    expect(assigned.body.data.status).toBe('assigned')
    expect((await worker.get(`/api/v1/records/ticket/${ticket.id}`)).status).toBe(200)

    const invalid = await go(worker, 'confirm')
    expect(invalid.status).toBe(422)
    expect(invalid.body.errors[0].code).toBe('invalid_transition')

    expect((await go(worker, 'start')).body.data.status).toBe('in_progress')
    const paused = await go(worker, 'wait_resident')
    expect(paused.body.data.status).toBe('waiting_resident')
    const clock = await water.get(`/api/v1/actions/servicedesk.sla?ticket=${ticket.id}`)
    expect(clock.status).toBe(200)
    expect(clock.body.data.paused).toBeTrue()
    expect(clock.body.data.usedPercent).toBeGreaterThanOrEqual(0)
    expect(clock.body.data.escalation).toBeNull() // never -1: no step of the ladder reached yet
    expect((await other.get(`/api/v1/actions/servicedesk.sla?ticket=${ticket.id}`)).status).toBe(404)
    expect((await go(worker, 'resume')).body.data.status).toBe('in_progress')

    const noText = await go(worker, 'resolve')
    expect(noText.status).toBe(422)
    expect(noText.body.errors[0].pointer).toBe('/resolution')
    const resolved = await go(worker, 'resolve', { resolution: 'Замінено засувку, воду подано' })
    expect(resolved.body.data.status).toBe('resolved')
    expect(resolved.body.data.resolved_at).toBeTruthy()
    // the resident is told of the resolution and asked to rate it in their channel by the city's
    // chatbot (a durable job per state change; modules/messaging/bot/notify.ts)
    const told = await engine.knex('sys_jobs').where({ queue: 'messaging.bot_notify' }).whereRaw(`payload->>'ticket' = ?`, [ticket.id]).whereRaw(`payload->>'to' = 'resolved'`)
    expect(told.length).toBe(1)

    // the resident's rating: never edited by staff, only recorded through the feedback transitions
    for (const staff of [operator, water]) {
      const edited = await staff.patch(`/api/v1/records/ticket/${ticket.id}`, { feedback_rating: 5 })
      expect(edited.status).withContext(edited.text).toBe(422)
      expect(edited.body.errors[0].pointer).toBe('/feedback_rating')
    }
    const reopened = await go(operator, 'reopen', { feedback_rating: 2, feedback_comment: 'Вода знову зникла' })
    expect(reopened.status).withContext(reopened.text).toBe(200)
    expect(reopened.body.data.status).toBe('in_progress')
    expect(reopened.body.data.feedback_solved).toBeFalse()
    expect(reopened.body.data.state_history.map((h: any) => h.state)).toEqual(['new', 'assigned', 'in_progress', 'waiting_resident', 'in_progress', 'resolved', 'in_progress'])
  })

  it('keeps every step in the audit', async () => {
    const trail = await admin.get(`/api/v1/audit?entity=ticket&record=${ticket.id}`)
    const steps = trail.body.data.reverse().map((a: any) => a.changes?.$transition?.to ?? a.action)
    expect(steps).toEqual(['create', 'assign', 'start', 'wait_resident', 'resume', 'resolve', 'reopen'])
  })
})
