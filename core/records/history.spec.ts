import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'

/** GET /api/v1/records/:entity/:id/history: the audit of a record for its readers, hidden fields left out. */
describe('record history endpoint', () => {
  let url: string
  let order: any
  let admin: Awaited<ReturnType<typeof userClient>>
  let ownContractor: Awaited<ReturnType<typeof userClient>>
  let otherContractor: Awaited<ReturnType<typeof userClient>>
  const tag = `hist${Date.now().toString(36)}`

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    const mine = (await admin.post('/api/v1/records/counterparty', { name: `Підрядник ${tag}`, code: `mine_${tag}` })).body.data.id
    const other = (await admin.post('/api/v1/records/counterparty', { name: `Інший ${tag}`, code: `other_${tag}` })).body.data.id
    const created = await admin.post('/api/v1/records/work_order', { title: `Заміна лампи ${tag}`, contractor: mine, internal_note: 'секрет' })
    expect(created.status).withContext(created.text).toBe(201)
    order = created.body.data
    const changed = await admin.patch(`/api/v1/records/work_order/${order.id}`, { internal_note: 'ще секрет', status: 'open', version: order.version })
    expect(changed.status).withContext(changed.text).toBe(200)
    ownContractor = await userClient(url, ['test_contractor'], { counterparty: mine })
    otherContractor = await userClient(url, ['test_contractor'], { counterparty: other })
  })

  it('gives the full trail, newest first, to someone who sees every field', async () => {
    const res = await admin.get(`/api/v1/records/work_order/${order.id}/history`)
    expect(res.status).toBe(200)
    expect(res.body.data.map((e: any) => e.action)).toEqual(['update', 'create'])
    expect(res.body.data[0].changes.internal_note).toEqual({ from: 'секрет', to: 'ще секрет' })
    expect(res.body.data[0].changes.status).toEqual({ from: 'new', to: 'open' })
    expect(res.body.data[0].actor).toBe(admin.userId)
    expect(res.body.next).toBeNull()
  })

  it('leaves out the changes of fields hidden from the reader', async () => {
    const res = await ownContractor.get(`/api/v1/records/work_order/${order.id}/history`)
    expect(res.status).toBe(200)
    expect(res.body.data.length).toBe(2)
    expect(res.body.data[0].changes.status).toEqual({ from: 'new', to: 'open' })
    expect(JSON.stringify(res.body.data)).not.toContain('секрет')
    expect(res.body.data.some((e: any) => 'internal_note' in e.changes)).toBeFalse()
  })

  it('answers 404 to someone who may not read the record, and 400 to a bad page mark', async () => {
    expect((await otherContractor.get(`/api/v1/records/work_order/${order.id}/history`)).status).toBe(404)
    expect((await admin.get(`/api/v1/records/work_order/not-a-uuid/history`)).status).toBe(404)
    const bad = await admin.get(`/api/v1/records/work_order/${order.id}/history?before=abc`)
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].pointer).toBe('/before')
  })

  it('pages by audit row id', async () => {
    const all = (await admin.get(`/api/v1/records/work_order/${order.id}/history`)).body.data
    const older = await admin.get(`/api/v1/records/work_order/${order.id}/history?before=${all[0].id}`)
    expect(older.body.data.map((e: any) => e.id)).toEqual([all[1].id])
  })
})
