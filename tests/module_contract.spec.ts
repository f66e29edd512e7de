import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import type { ModuleEvents } from '#core/shared/events'
import { installedModules } from '#core/modules/loader'

type Client = Awaited<ReturnType<typeof userClient>>

/**
 * The module contract through the fixture module tests/fixtures/work_orders (server.ts): it
 * installs after the module it depends on, its kind is validated by its own meta-schema, its
 * action is listed in OpenAPI and checked by its input schema, and its event reaches the socket.
 */
describe('module contract (fixture work_orders)', () => {
  let url: string
  let admin: Client
  let workOrder: string

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    const contractor = (await admin.post('/api/v1/records/counterparty', { name: `КП Бригади ${Date.now()}` })).body.data.id
    const created = await admin.post('/api/v1/records/work_order', { title: 'Заміна засувки', contractor })
    expect(created.status).withContext(created.text).toBe(201)
    workOrder = created.body.data.id
  })

  it('is installed after the service desk it depends on', () => {
    const order = installedModules().map((m) => m.key)
    expect(order).toContain('work_orders')
    expect(order.indexOf('servicedesk')).toBeLessThan(order.indexOf('work_orders'))
    expect(order.indexOf('objects')).toBeLessThan(order.indexOf('servicedesk'))
  })

  it('serves its kind: the shipped crew is published and a crew breaking the meta-schema or the check is refused at the pointer', async () => {
    const doc = await admin.get('/api/v1/meta/documents/crew/night_shift')
    expect(doc.status).withContext(doc.text).toBe(200)
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const put = (key: string, body: Record<string, unknown>, version: number) =>
      admin.put(`/api/v1/meta/drafts/${draft.id}/documents/crew/${key}`, { document: { kind: 'crew', key, label: { uk: 'Бригада' }, ...body }, version })
    const first = await put('day_shift', { members: ['ivanenko'], lead: 'petrenko' }, draft.version)
    expect(first.status).withContext(first.text).toBe(200)
    const second = await put('bad_shift', { members: [], lead: 'x', colour: 'red' }, first.body.version)
    expect(second.status).withContext(second.text).toBe(200)
    const checked = await admin.post(`/api/v1/meta/drafts/${draft.id}/validate`)
    const problems = JSON.stringify(checked.body)
    expect(problems).withContext(problems).toContain('/lead')
    expect(problems).toContain('/members')
    expect(problems).toContain('/colour')
  })

  it('lists its action in the OpenAPI document with the input schema', async () => {
    const doc = await admin.get('/api/v1/openapi.json')
    const op = doc.body.paths['/api/v1/actions/work_orders.dispatch'].post
    expect(op.summary).toBe('Dispatches a work order to a crew')
    expect(op.requestBody.content['application/json'].schema.properties.work_order).toEqual({ type: 'string', format: 'uuid' })
  })

  it('refuses invalid input with a 422 problem pointing at each bad member, before the handler runs', async () => {
    const bad = await admin.post('/api/v1/actions/work_orders.dispatch', { work_order: 'nope', crew: 'Night Shift', extra: 1 })
    expect(bad.status).withContext(bad.text).toBe(422)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/crew', '/extra', '/work_order'])
    const missing = await admin.post('/api/v1/actions/work_orders.dispatch', {})
    expect(missing.status).toBe(422)
    expect(missing.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/crew', '/work_order'])
    expect((await admin.post('/api/v1/actions/work_orders.dispatch', [1])).status).toBe(400)
    expect((await admin.get('/api/v1/actions/work_orders.dispatch')).status).toBe(400)
  })

  it('runs a valid call and emits its typed event to the caller', async () => {
    const socket: Socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: admin.cookie! }, reconnection: false })
    try {
      await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))
      const received = new Promise<ModuleEvents['work_order_dispatched']>((resolve) => socket.once('work_order_dispatched', resolve))
      const ok = await admin.post('/api/v1/actions/work_orders.dispatch', { work_order: workOrder, crew: 'night_shift' })
      expect(ok.status).withContext(ok.text).toBe(200)
      expect(ok.body.data).toEqual({ workOrder, crew: 'night_shift', members: ['kovalenko', 'shevchuk'] })
      expect(await received).toEqual({ workOrder, crew: 'night_shift', members: ['kovalenko', 'shevchuk'] })
      const unknown = await admin.post('/api/v1/actions/work_orders.dispatch', { work_order: workOrder, crew: 'ghost' })
      expect(unknown.status).toBe(422)
      expect(unknown.body.errors[0].pointer).toBe('/crew')
    } finally {
      socket.close()
    }
  })

  it("carries what modules add to core's registries: navigation groups, shortcuts, timeline kinds", async () => {
    const boot = (await admin.get('/api/v1/ui/bootstrap')).body
    expect(boot.navigationGroups).toContain(jasmine.objectContaining({ key: 'servicedesk' }))
    expect(boot.navigation[0]).toEqual(jasmine.objectContaining({ entity: 'ticket', module: 'servicedesk' }))
    expect(boot.shortcuts).toContain(jasmine.objectContaining({ key: 'new_request', keys: 'Alt+N', target: { create: ['ticket'] } }))
    expect(boot.shortcuts).toContain(jasmine.objectContaining({ key: 'search', target: { focus: 'search' } }))
    expect(boot.timelineKinds.map((k: any) => k.key)).toEqual(jasmine.arrayContaining(['created', 'status', 'sla', 'comment', 'call']))
  })

  it('lets automations name the events modules register, and refuses others at the pointer', async () => {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const automation = (key: string, event: string) => ({
      kind: 'automation',
      key,
      label: { uk: 'А' },
      entity: 'ticket',
      on: { event },
      actions: [{ type: 'set_field', field: 'description', value: 'x' }],
    })
    const first = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/automation/on_breach`, { document: automation('on_breach', 'sla_breach'), version: draft.version })
    expect(first.status).withContext(first.text).toBe(200)
    const second = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/automation/on_moon`, { document: automation('on_moon', 'full_moon'), version: first.body.version })
    expect(second.status).withContext(second.text).toBe(200)
    const checked = JSON.stringify((await admin.post(`/api/v1/meta/drafts/${draft.id}/validate`)).body)
    expect(checked).toContain('unknown event \\"full_moon\\"')
    expect(checked).not.toContain('on_breach')
  })
})
