import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/**
 * The map of requests and assignments over HTTP (servicedesk.map, servicedesk.heat): points
 * at their object's location coloured by SLA state, the caller's row scope and hidden fields
 * as in a list, bad input refused with pointers; objects without a point take their parent's.
 */
describe('map of requests and assignments', () => {
  const tag = `map${Date.now().toString(36)}`
  let admin: ApiClient
  let operator: ApiClient & { userId: string }
  let contractorA: ApiClient
  let companyA: string
  let streetA: any
  let streetB: any
  let buildingA: any
  let bareBuilding: any
  let apartment: any
  let buildingB: any
  const t: Record<string, any> = {}
  let onStreets: any

  const ticket = async (object: string, description: string) => {
    const res = await operator.post('/api/v1/records/ticket', { request_type: 'spec_no_water', object, description: `${description} ${tag}`, priority: 'normal', extra: { floor: 2 } })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data
  }
  const points = async (client: ApiClient, body: Record<string, unknown>) => {
    const res = await client.post('/api/v1/actions/servicedesk.map', body)
    expect(res.status).withContext(res.text).toBe(200)
    return res.body as { points: any[]; truncated: boolean }
  }
  const byId = (list: any[]) => Object.fromEntries(list.map((p) => [p.id, p]))

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    const company = async (name: string) => (await admin.post('/api/v1/records/counterparty', { name: `${name} ${tag}`, code: `${name}_${tag}` })).body.data.id
    companyA = await company('vodokanal_a')
    const companyB = await company('vodokanal_b')
    const object = async (body: Record<string, unknown>) => {
      const res = await admin.post('/api/v1/records/object', body)
      expect(res.status).withContext(res.text).toBe(201)
      return res.body.data
    }
    streetA = await object({ name: `вул. Картова ${tag}`, level: 'street', location: { lat: 50.61, lon: 30.41 }, location_approximate: true })
    streetB = await object({ name: `вул. Мапова ${tag}`, level: 'street', location: { lat: 50.62, lon: 30.42 }, location_approximate: true })
    buildingA = await object({ name: '1', level: 'building', parent: streetA.id, location: { lat: 50.6101, lon: 30.4102 } })
    bareBuilding = await object({ name: '3', level: 'building', parent: streetA.id })
    const entrance = await object({ name: 'підʼїзд 1', level: 'entrance', parent: buildingA.id })
    apartment = await object({ name: 'кв. 7', level: 'apartment', parent: entrance.id })
    buildingB = await object({ name: '2', level: 'building', parent: streetB.id, location: { lat: 50.6201, lon: 30.4203 } })
    await admin.post('/api/v1/records/object_responsibility', { object: streetA.id, category: 'water', counterparty: companyA })
    await admin.post('/api/v1/records/object_responsibility', { object: streetB.id, category: 'water', counterparty: companyB })
    operator = await userClient(url, ['operator'])
    contractorA = await userClient(url, ['contractor_dispatcher'], { counterparty: companyA })

    t.onTime = await ticket(apartment.id, 'Немає води в квартирі')
    t.breached = await ticket(buildingA.id, 'Тече труба')
    t.warning = await ticket(buildingA.id, 'Слабкий тиск')
    t.paused = await ticket(buildingA.id, 'Чекаємо мешканця')
    t.done = await ticket(bareBuilding.id, 'Вже полагодили')
    t.other = await ticket(buildingB.id, 'Немає води на іншій вулиці')
    // the SLA clock's facts, as its job would have set them
    await engine.knex('ticket').where({ id: t.breached.id }).update({ resolution_breached: true })
    await engine.knex('ticket').where({ id: t.warning.id }).update({ sla_warning: true })
    await engine.knex('ticket').where({ id: t.done.id }).update({ status: 'closed', closed_at: new Date() })
    const assign = await operator.post(`/api/v1/records/ticket/${t.paused.id}/transitions/assign`, { responsible: operator.userId, version: t.paused.version })
    expect(assign.status).withContext(assign.text).toBe(200)
    const wait = await operator.post(`/api/v1/records/ticket/${t.paused.id}/transitions/wait_resident`, { version: assign.body.data.version })
    expect(wait.status).withContext(wait.text).toBe(200)
    onStreets = { 'object.street': { in: [streetA.id, streetB.id] } }
  })

  it('gives an apartment and a bare building their parent’s point, the building’s marked approximate', async () => {
    expect(apartment.location).toEqual({ lat: 50.6101, lon: 30.4102 })
    expect(apartment.location_approximate).toBeFalse()
    expect(bareBuilding.location).toEqual({ lat: 50.61, lon: 30.41 })
    expect(bareBuilding.location_approximate).toBeTrue()
    // a point given later stays the object's own
    const moved = await admin.patch(`/api/v1/records/object/${bareBuilding.id}`, { location: { lat: 50.6105, lon: 30.4107 }, location_approximate: false, version: bareBuilding.version })
    expect(moved.status).withContext(moved.text).toBe(200)
    expect(moved.body.data.location).toEqual({ lat: 50.6105, lon: 30.4107 })
  })

  it('places open requests at their objects, coloured by SLA state', async () => {
    const { points: open, truncated } = await points(operator, { entity: 'ticket', filter: onStreets })
    expect(truncated).toBeFalse()
    const got = byId(open)
    expect(Object.keys(got).sort()).toEqual([t.onTime.id, t.breached.id, t.warning.id, t.paused.id, t.other.id].sort())
    expect(got[t.onTime.id].state).toBe('on_time')
    expect(got[t.breached.id].state).toBe('breached')
    expect(got[t.warning.id].state).toBe('warning')
    expect(got[t.paused.id].state).toBe('paused')
    expect(got[t.paused.id].status).toBe('waiting_resident')
    expect(got[t.paused.id].responsible).toBe(`Test ${(operator as any).login}`)
    const home = got[t.onTime.id]
    expect([home.lat, home.lon]).toEqual([50.6101, 30.4102])
    expect(home.approximate).toBeFalse()
    expect(home.title).toBe(`${t.onTime.number} · Немає води (тест)`)
    expect(home.address).toContain('кв. 7')
    expect(home.company).toBe(`vodokanal_a ${tag}`)
    expect(home.due).toBe(t.onTime.resolution_due)
    // states: all adds the closed one, done
    const all = byId((await points(operator, { filter: onStreets, states: 'all' })).points)
    expect(all[t.done.id].state).toBe('done')
    expect([all[t.done.id].lat, all[t.done.id].lon]).toEqual([50.6105, 30.4107])
  })

  it('keeps the most urgent when the limit cuts, and a bbox keeps only what is inside', async () => {
    const cut = await points(operator, { filter: onStreets, limit: 2 })
    expect(cut.truncated).toBeTrue()
    expect(cut.points.length).toBe(2)
    const inB = await points(operator, { filter: onStreets, bbox: [30.419, 50.619, 30.421, 50.621] })
    expect(inB.points.map((p) => p.id)).toEqual([t.other.id])
  })

  it('shows a contractor only its company’s requests', async () => {
    const mine = (await points(contractorA, { filter: onStreets })).points.map((p) => p.id)
    expect(mine.sort()).toEqual([t.onTime.id, t.breached.id, t.warning.id, t.paused.id].sort())
  })

  it('refuses a filter on a field the caller may not read, like an unknown one', async () => {
    for (const field of ['resident.phone_alt', 'no_such_field']) {
      const res = await contractorA.post('/api/v1/actions/servicedesk.map', { filter: { [field]: { eq: '+380671112233' } } })
      expect(res.status).withContext(field).toBe(422)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body.errors[0].pointer).toMatch(/^\/filter/)
      expect(res.body.errors[0].code).toBe('unknown_field')
    }
  })

  it('refuses a bad bbox with a pointer', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[30.5, 50.6, 30.4, 50.7], /^\/bbox\/0$/],
      [[30.4, 50.7, 30.5, 50.6], /^\/bbox\/1$/],
      [[30.4, 50.6, 30.5], /^\/bbox/],
      [[200, 50.6, 30.5, 50.7], /^\/bbox\/0$/],
      ['30,50,31,51', /^\/bbox/],
    ]
    for (const [bbox, pointer] of cases) {
      const res = await operator.post('/api/v1/actions/servicedesk.map', { bbox })
      expect(res.status).withContext(JSON.stringify(bbox)).toBe(422)
      expect(res.body.errors.map((e: any) => e.pointer))
        .withContext(JSON.stringify(bbox))
        .toContain(jasmine.stringMatching(pointer))
    }
    expect((await operator.post('/api/v1/actions/servicedesk.map', { entity: 'contact' })).status).toBe(422)
    expect((await operator.post('/api/v1/actions/servicedesk.map', { limit: 20_001 })).status).toBe(422)
  })

  it('places an assignment at its address, else at its first request’s', async () => {
    const mayor = await userClient((await testApp()).url, ['mayor'])
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const at = await mayor.post('/api/v1/records/assignment', { title: `Перевірити тиск ${tag}`, counterparty: companyA, deadline, object: buildingB.id })
    expect(at.status).withContext(at.text).toBe(201)
    const via = await mayor.post('/api/v1/records/assignment', {
      title: `Замінити трубу ${tag}`,
      counterparty: companyA,
      deadline: new Date(Date.now() - 60_000).toISOString(),
      tickets: [t.onTime.id],
    })
    expect(via.status).withContext(via.text).toBe(201)
    const got = byId((await points(mayor, { entity: 'assignment', filter: { title: { contains: tag } } })).points)
    expect([got[at.body.data.id].lat, got[at.body.data.id].lon]).toEqual([50.6201, 30.4203])
    expect(got[at.body.data.id].state).toBe('on_time')
    expect(got[at.body.data.id].title).toBe(`${at.body.data.number} · Перевірити тиск ${tag}`)
    expect([got[via.body.data.id].lat, got[via.body.data.id].lon]).toEqual([50.6101, 30.4102])
    expect(got[via.body.data.id].state).toBe('breached')
    // an assignment of company A whose only request is company B's: A's dispatcher may read the
    // assignment but not that request, so the request lends it no address (no point at all)
    const lent = await mayor.post('/api/v1/records/assignment', { title: `Позичена адреса ${tag}`, counterparty: companyA, deadline, tickets: [t.other.id] })
    expect(lent.status).withContext(lent.text).toBe(201)
    expect(byId((await points(mayor, { entity: 'assignment', filter: { title: { contains: tag } } })).points)[lent.body.data.id]).toBeDefined()
    expect((await contractorA.get(`/api/v1/records/assignment/${lent.body.data.id}`)).status).toBe(200)
    expect(byId((await points(contractorA, { entity: 'assignment', filter: { title: { contains: tag } } })).points)[lent.body.data.id]).toBeUndefined()
  })

  it('passes the deployment’s tile server to the screens, and none by default', async () => {
    const before = process.env.VIKNO_MAP_TILES
    try {
      delete process.env.VIKNO_MAP_TILES
      expect((await operator.get('/api/v1/ui/bootstrap')).body.map).toBeUndefined()
      process.env.VIKNO_MAP_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
      process.env.VIKNO_MAP_ATTRIBUTION = '&copy; OpenStreetMap'
      expect((await operator.get('/api/v1/ui/bootstrap')).body.map).toEqual({ tiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '&copy; OpenStreetMap' })
    } finally {
      if (before === undefined) delete process.env.VIKNO_MAP_TILES
      else process.env.VIKNO_MAP_TILES = before
      delete process.env.VIKNO_MAP_ATTRIBUTION
    }
  })

  it('counts hot spots by building point', async () => {
    const res = await operator.post('/api/v1/actions/servicedesk.heat', { filter: onStreets, period: 'today' })
    expect(res.status).withContext(res.text).toBe(200)
    const spot = (lat: number, lon: number) => res.body.points.find((p: any) => p.lat === lat && p.lon === lon)?.weight
    expect(spot(50.6101, 30.4102)).toBe(4) // the apartment's request counts at its building
    expect(spot(50.6201, 30.4203)).toBe(1)
    expect(spot(50.6105, 30.4107)).toBe(1)
    const bad = await operator.post('/api/v1/actions/servicedesk.heat', { period: { from: '2026-03-10', to: '2026-03-01' } })
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0].pointer).toBe('/period/to')
    const future = await operator.post('/api/v1/actions/servicedesk.heat', { filter: onStreets, period: { from: '2020-01-01', to: '2020-01-31' } })
    expect(future.body.points).toEqual([])
  })
})
