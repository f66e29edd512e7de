import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/** Mass incidents: duplicate suggestions, master and children, merge; type search; timeline. */
describe('service desk: one outage, many calls', () => {
  let admin: ApiClient
  let operator: ApiClient
  let water: ApiClient
  let building: string
  const apartments: string[] = []
  const residents: string[] = []
  const tag = Date.now().toString(36)

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    const waterId = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `w2_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Аварійна ${tag}`, level: 'street' })).body.data.id
    building = (await admin.post('/api/v1/records/object', { name: '7', level: 'building', parent: street })).body.data.id
    await admin.post('/api/v1/records/object_responsibility', { object: street, category: 'water', counterparty: waterId })
    for (const n of [1, 2, 3]) {
      apartments.push((await admin.post('/api/v1/records/object', { name: `кв. ${n}`, level: 'apartment', parent: building })).body.data.id)
      residents.push((await admin.post('/api/v1/records/contact', { full_name: `Мешканець ${n}`, phone: `067000000${n}`, preferred_channel: n === 1 ? 'viber' : 'sms' })).body.data.id)
    }
    operator = await userClient(url, ['operator'])
    water = await userClient(url, ['contractor_dispatcher'], { counterparty: waterId })
  })

  const file = (i: number) =>
    operator.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident: residents[i], object: apartments[i], description: `Немає води, кв. ${i + 1}`, extra: { floor: 1 } })

  it('finds the request type by the words an operator types', async () => {
    const found = await operator.get(`/api/v1/actions/servicedesk.request_types?q=${encodeURIComponent('вод')}`)
    expect(found.status).toBe(200)
    const hit = found.body.data.find((t: any) => t.key === 'spec_no_water')
    expect(hit).toBeDefined()
    expect(hit.instructions.uk).toContain('будинку')
    expect(hit.fields.floor.type).toBe('integer')
    const none = await operator.get(`/api/v1/actions/servicedesk.request_types?q=${encodeURIComponent('ліфт вод')}`)
    expect(none.body.data.find((t: any) => t.key === 'spec_no_water')).toBeUndefined()
  })

  it('suggests the open request on the same building as the master, and closes children with it', async () => {
    const first = (await file(0)).body.data
    const suggestion = await operator.get(`/api/v1/actions/servicedesk.duplicates?request_type=spec_no_water&object=${apartments[1]}`)
    expect(suggestion.status).withContext(suggestion.text).toBe(200)
    expect(suggestion.body.master.id).toBe(first.id)
    const second = (await file(1)).body.data
    expect((await operator.patch(`/api/v1/records/ticket/${second.id}`, { parent: first.id })).status).toBe(200)

    const go = (id: string, t: string, body = {}) => water.post(`/api/v1/records/ticket/${id}/transitions/${t}`, body)
    expect((await go(first.id, 'start')).status).toBe(200)
    expect((await go(first.id, 'resolve', { resolution: 'Аварію на вводі усунено' })).status).toBe(200)
    const child = (await operator.get(`/api/v1/records/ticket/${second.id}`)).body.data
    expect(child.status).toBe('resolved')
    expect(child.resolution).toBe('Аварію на вводі усунено')
    const outbox = await engine.knex('message').where({ ticket: second.id })
    expect(outbox.length).toBe(1)
    expect(outbox[0].direction).toBe('outbound')
    expect(outbox[0].body).toContain(child.number)
  })

  it('merges a duplicate into another request', async () => {
    const a = (await file(2)).body.data
    const b = (await file(2)).body.data
    const merged = await operator.post('/api/v1/actions/servicedesk.merge', { ticket: b.id, into: a.id })
    expect(merged.status).withContext(merged.text).toBe(200)
    const now = (await operator.get(`/api/v1/records/ticket/${b.id}`)).body.data
    expect(now.duplicate_of).toBe(a.id)
    expect(now.status).toBe('cancelled')
    expect(now.resolution).toContain(a.number)
    const bad = await operator.post('/api/v1/actions/servicedesk.merge', { ticket: a.id, into: a.id })
    expect(bad.status).toBe(400)
  })

  it("shows a resident's and a building's timeline, only as far as the caller may read", async () => {
    await operator.post('/api/v1/records/call', { direction: 'inbound', caller: '+380670000001', contact: residents[0], started_at: new Date().toISOString(), disposition: 'answered' })
    const mine = await operator.get(`/api/v1/actions/servicedesk.timeline?contact=${residents[0]}`)
    expect(mine.status).toBe(200)
    const types = new Set(mine.body.data.map((i: any) => i.type))
    expect(types).toEqual(new Set(['ticket', 'status', 'call']))
    const byBuilding = await operator.get(`/api/v1/actions/servicedesk.timeline?object=${building}`)
    expect(byBuilding.body.data.filter((i: any) => i.type === 'ticket').length).toBe(4)
    const missing = await operator.get('/api/v1/actions/servicedesk.timeline')
    expect(missing.status).toBe(400)
  })
})
