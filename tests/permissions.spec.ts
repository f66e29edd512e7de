import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import type { RecordEvent } from '#core/shared/events'

/**
 * A contractor sees only its own work, on every path: get, list, search, include, count,
 * export, import, writes, OpenAPI and live events. Denied records answer 404.
 */
describe('row scopes and field rules', () => {
  let url: string
  let admin: ApiClient
  let dispatcher: ApiClient
  let vodokanal: ApiClient
  let blagoustriy: ApiClient
  let vodId: string
  let blagId: string
  let blagOrder: string
  let vodOrder: string

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    dispatcher = await userClient(url, ['test_dispatcher'])
    vodId = (await admin.post('/api/v1/records/counterparty', { name: 'Водоканал (тест прав)' })).body.data.id
    blagId = (await admin.post('/api/v1/records/counterparty', { name: 'Благоустрій (тест прав)' })).body.data.id
    vodokanal = await userClient(url, ['test_contractor'], { counterparty: vodId })
    blagoustriy = await userClient(url, ['test_contractor'], { counterparty: blagId })
    const resident = await admin.post('/api/v1/records/contact', { full_name: 'Марія Шевченко', phone: '0501112233' })
    blagOrder = (
      await dispatcher.post('/api/v1/records/work_order', {
        title: 'Секретна лавка',
        description: 'зламана лавка у парку',
        contractor: blagId,
        resident: resident.body.data.id,
        internal_note: 'тільки для своїх',
        cost: '100.00',
      })
    ).body.data.id
    vodOrder = (await dispatcher.post('/api/v1/records/work_order', { title: 'Труба водоканалу', description: 'зламана труба', contractor: vodId, internal_note: 'службове' })).body.data.id
  })

  it("answers 404 for another contractor's record, and for a hidden entity", async () => {
    expect((await vodokanal.get(`/api/v1/records/work_order/${blagOrder}`)).status).toBe(404)
    expect((await vodokanal.get(`/api/v1/records/work_order/${vodOrder}`)).status).toBe(200)
    expect((await vodokanal.get(`/api/v1/records/contact`)).status).toBe(404)
    expect((await vodokanal.get(`/api/v1/records/work_order/not-a-uuid`)).status).toBe(404)
  })

  it('lists, searches and counts only its own rows', async () => {
    const listed = await vodokanal.get('/api/v1/records/work_order?count=true')
    expect(listed.body.data.every((r: any) => r.contractor === vodId)).toBeTrue()
    expect(listed.body.total).toBe(listed.body.data.length)
    const searched = await vodokanal.get(`/api/v1/records/work_order?q=${encodeURIComponent('зламана')}&count=true`)
    expect(searched.body.data.map((r: any) => r.id)).toEqual([vodOrder])
    expect(searched.body.total).toBe(1)
    const probe = await vodokanal.get(`/api/v1/records/work_order?filter=${encodeURIComponent(JSON.stringify({ id: { eq: blagOrder } }))}&count=true`)
    expect(probe.body.total).toBe(0)
  })

  it('hides fields and refuses filtering, sorting or writing by them', async () => {
    const own = await vodokanal.get(`/api/v1/records/work_order/${vodOrder}`)
    expect('internal_note' in own.body.data).toBeFalse()
    const byHidden = await vodokanal.get(`/api/v1/records/work_order?filter=${encodeURIComponent(JSON.stringify({ internal_note: { contains: 'служб' } }))}`)
    expect(byHidden.status).toBe(422)
    expect(byHidden.body.errors[0].code).toBe('unknown_field')
    expect((await vodokanal.get('/api/v1/records/work_order?sort=internal_note')).status).toBe(422)
    const write = await vodokanal.patch(`/api/v1/records/work_order/${vodOrder}`, { internal_note: 'x', cost: '1.00' })
    expect(write.status).toBe(422)
    expect(write.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/cost', '/internal_note'])
  })

  it('cannot include, export or reference what it may not see', async () => {
    const inc = await vodokanal.get(`/api/v1/records/work_order?include=contractor`)
    expect(Object.keys(inc.body.included?.counterparty ?? {})).toEqual([vodId])
    const csv = await vodokanal.get('/api/v1/records/work_order/export?format=csv')
    expect(csv.status).toBe(200)
    expect(csv.text).toContain('Труба водоканалу')
    expect(csv.text).not.toContain('Секретна лавка')
    expect(csv.text).not.toContain('службове')
    const json = await vodokanal.get('/api/v1/records/work_order/export?format=json')
    expect(JSON.parse(json.text).every((r: any) => r.contractor === vodId)).toBeTrue()
    const linkForeign = await vodokanal.post('/api/v1/records/work_order', { title: 'чужий', contractor: blagId })
    expect(linkForeign.status).toBe(422)
    expect(linkForeign.body.errors[0].pointer).toBe('/contractor')
  })

  it('cannot move its record to another contractor, update or delete a foreign one', async () => {
    const own = await vodokanal.get(`/api/v1/records/work_order/${vodOrder}`)
    expect((await vodokanal.patch(`/api/v1/records/work_order/${blagOrder}`, { title: 'hack' })).status).toBe(404)
    expect((await vodokanal.delete(`/api/v1/records/work_order/${blagOrder}`)).status).toBe(404)
    const moved = await vodokanal.patch(`/api/v1/records/work_order/${vodOrder}`, { contractor: blagId })
    expect(moved.status).toBe(422) // blagId is not even visible to it
    const still = await dispatcher.get(`/api/v1/records/work_order/${blagOrder}`)
    expect(still.body.data.title).toBe('Секретна лавка')
    expect((await vodokanal.get(`/api/v1/records/work_order/${vodOrder}`)).body.data.version).toBe(own.body.data.version)
  })

  it('imports only into its own scope, all or nothing', async () => {
    const res = await vodokanal.post('/api/v1/records/work_order/import', [
      { title: 'імпорт свій', contractor: vodId },
      { title: 'імпорт чужий', contractor: blagId },
    ])
    expect(res.status).toBe(422)
    expect(res.body.errors.map((e: any) => e.pointer)).toEqual(['/rows/1/contractor'])
    expect(await engine.knex('work_order').where({ title: 'імпорт свій' }).first()).toBeUndefined()
  })

  it('sees only permitted entities and operations in its OpenAPI document', async () => {
    const doc = (await vodokanal.get('/api/v1/openapi.json')).body
    expect(Object.keys(doc.paths)).toContain('/api/v1/records/work_order')
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/records/contact')
    expect(Object.keys(doc.components.schemas.WorkOrder.properties)).not.toContain('internal_note')
    expect(Object.keys(doc.components.schemas.WorkOrderUpdate.properties)).not.toContain('cost')
  })

  it('keeps personal-data reads in a log: who viewed whom', async () => {
    const resident = await admin.post('/api/v1/records/contact', { full_name: 'Петро Читаний' })
    const id = resident.body.data.id
    await dispatcher.get(`/api/v1/records/contact/${id}`)
    const views = await engine.knex('sys_record_views').where({ entity: 'contact', record_id: id })
    expect(views.map((v: any) => v.actor_id)).toContain((dispatcher as any).userId)
  })

  it('cannot alter the audit or the read log, even with raw SQL', async () => {
    await expectAsync(engine.knex('sys_audit').update({ action: 'forged' })).toBeRejectedWithError(/append-only/)
    await expectAsync(engine.knex('sys_audit').delete()).toBeRejectedWithError(/append-only/)
    await expectAsync(engine.knex.raw('TRUNCATE sys_audit')).toBeRejectedWithError(/append-only/)
    await expectAsync(engine.knex('sys_record_views').delete()).toBeRejectedWithError(/append-only/)
  })

  describe('live events', () => {
    const sockets: Socket[] = []
    const open = async (client: ApiClient) => {
      const socket = connect(url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: client.cookie! } })
      sockets.push(socket)
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        socket.once('connect_error', reject)
      })
      return socket
    }
    const subscribe = (socket: Socket, room: string) => new Promise<any>((resolve) => socket.emit('subscribe', room, resolve))
    afterAll(() => sockets.forEach((s) => s.close()))

    it('authorizes joins: no entity room without read right, no foreign record room', async () => {
      const s = await open(vodokanal)
      expect((await subscribe(s, 'entity:work_order')).ok).toBeTrue()
      expect((await subscribe(s, 'entity:contact')).ok).toBeFalse()
      expect((await subscribe(s, `record:work_order:${blagOrder}`)).ok).toBeFalse()
      expect((await subscribe(s, `user:${(blagoustriy as any).userId}`)).ok).toBeFalse()
    })

    it('refuses a socket without a session', async () => {
      const socket = connect(url, { path: '/socket.io', transports: ['websocket'] })
      sockets.push(socket)
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve))
      expect(error.message).toBe('unauthorized')
    })

    it('delivers a change after commit only to sockets allowed to see the record', async () => {
      const vod = await open(vodokanal)
      const blag = await open(blagoustriy)
      await subscribe(vod, 'entity:work_order')
      await subscribe(blag, 'entity:work_order')
      const vodEvents: RecordEvent[] = []
      const blagEvents: RecordEvent[] = []
      vod.on('record', (e) => vodEvents.push(e))
      blag.on('record', (e) => blagEvents.push(e))
      const created = await dispatcher.post('/api/v1/records/work_order', { title: 'Жива подія', contractor: blagId })
      const id = created.body.data.id
      await dispatcher.patch(`/api/v1/records/work_order/${id}`, { status: 'open' })
      await dispatcher.delete(`/api/v1/records/work_order/${id}`)
      const deadline = Date.now() + 3000
      while (blagEvents.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(blagEvents).toEqual([
        { entity: 'work_order', id, version: 1, op: 'created' },
        { entity: 'work_order', id, version: 2, op: 'updated' },
        { entity: 'work_order', id, version: 3, op: 'deleted' },
      ])
      await new Promise((r) => setTimeout(r, 200))
      expect(vodEvents.filter((e) => e.id === id)).toEqual([])
    })

    it('sends nothing for a write that rolls back in the database', async () => {
      const vod = await open(vodokanal)
      await subscribe(vod, 'entity:tag')
      const events: RecordEvent[] = []
      vod.on('record', (e) => events.push(e))
      const name = `dup-${Date.now()}`
      // both rows pass validation; the second breaks the unique index inside the transaction
      const bad = await admin.post('/api/v1/records/tag/import', [{ name }, { name }])
      expect(bad.status).toBe(422)
      expect(bad.body.errors[0].pointer).toBe('/rows/1/name')
      expect(await engine.knex('tag').where({ name }).first()).toBeUndefined()
      await new Promise((r) => setTimeout(r, 300))
      expect(events).toEqual([])
      const good = await admin.post('/api/v1/records/tag', { name })
      expect(good.status).toBe(201)
      const deadline = Date.now() + 3000
      while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(events.map((e) => e.id)).toEqual([good.body.data.id])
    })
  })
})
