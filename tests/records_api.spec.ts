import { testApp } from '#core/testing/app'
import { userClient, ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/** The generic data API over a real HTTP server and database, as a dispatcher uses it. */
describe('records API', () => {
  let url: string
  let admin: ApiClient
  let dispatcher: ApiClient
  let contractorId: string

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    dispatcher = await userClient(url, ['test_dispatcher'])
    const res = await admin.post('/api/v1/records/counterparty', { name: 'КП «Тест-Сервіс»', kind: 'contractor' })
    expect(res.status).toBe(201)
    contractorId = res.body.data.id
  })

  it('creates a record with every field type, normalising the phone to E.164', async () => {
    const tag = await admin.post('/api/v1/records/tag', { name: `t-${Date.now()}` })
    const res = await dispatcher.post('/api/v1/records/work_order', {
      title: 'Прорив труби',
      description: 'Тече у підʼїзді',
      contractor: contractorId,
      phone: '067 123 45 67',
      due_on: '2026-12-01',
      started_at: '2026-11-25T10:00:00+02:00',
      estimate: 'PT2H30M',
      urgent: true,
      location: { lat: 50.58, lon: 30.49 },
      extra: { floor: 3 },
      link: 'https://example.org/x',
      email: 'dispatcher@example.org',
      tags: [tag.body.data.id],
    })
    expect(res.status).withContext(res.text).toBe(201)
    const rec = res.body.data
    expect(rec.phone).toBe('+380671234567')
    expect(rec.status).toBe('new') // default
    expect(rec.priority).toBe(3)
    expect(rec.due_on).toBe('2026-12-01')
    expect(new Date(rec.started_at).toISOString()).toBe('2026-11-25T08:00:00.000Z')
    expect(rec.estimate).toBe('PT2H30M')
    expect(rec.location).toEqual({ lat: 50.58, lon: 30.49 })
    expect(rec.tags).toEqual([tag.body.data.id])
    expect(rec.version).toBe(1)
    expect(rec.created_by).toBe((dispatcher as any).userId)
    expect(res.headers.get('location')).toBe(`/api/v1/records/work_order/${rec.id}`)
  })

  it('rejects bad input with problem+json pointers, in Ukrainian or English, and writes nothing', async () => {
    const before = await engine.knex('work_order').count({ n: '*' }).first()
    const body = { title: '', contractor: 'not-a-uuid', priority: 9, phone: '123', bogus: true }
    const uk = await dispatcher.post('/api/v1/records/work_order', body)
    expect(uk.status).toBe(422)
    expect(uk.headers.get('content-type')).toContain('application/problem+json')
    expect(uk.body.type).toBe('/problems/validation')
    expect(uk.body.title).toBe('Дані не пройшли перевірку')
    const pointers = uk.body.errors.map((e: any) => e.pointer).sort()
    expect(pointers).toEqual(['/bogus', '/contractor', '/phone', '/priority', '/title'].sort())
    expect(uk.body.errors.find((e: any) => e.pointer === '/bogus').message).toBe('Невідоме поле')
    dispatcher.locale = 'en-US,en;q=0.9'
    const en = await dispatcher.post('/api/v1/records/work_order', { contractor: contractorId })
    dispatcher.locale = 'uk'
    expect(en.status).toBe(422)
    expect(en.body.title).toBe('The data did not pass validation')
    expect(en.body.errors).toEqual([jasmine.objectContaining({ pointer: '/title', message: 'Required field' })])
    const after = await engine.knex('work_order').count({ n: '*' }).first()
    expect(after?.n).toBe(before?.n)
  })

  it('refuses a reference to a record that does not exist, single or many', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000'
    const res = await dispatcher.post('/api/v1/records/work_order', { title: 'x', contractor: ghost })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].pointer).toBe('/contractor')
    const many = await dispatcher.post('/api/v1/records/work_order', { title: 'x', contractor: contractorId, tags: [ghost] })
    expect(many.status).toBe(422)
    expect(many.body.errors[0].pointer).toBe('/tags')
    expect(await engine.knex('work_order').where({ title: 'x' }).first()).toBeUndefined()
  })

  it('rejects malformed JSON with a problem, not a crash', async () => {
    const res = await dispatcher.post('/api/v1/records/work_order', '{"title": ', { 'content-type': 'application/json' })
    expect(res.status).toBe(400)
    expect(res.body.type).toBe('/problems/bad-request')
  })

  it('updates with optimistic locking: a stale version gets 409 and changes nothing', async () => {
    const created = await dispatcher.post('/api/v1/records/work_order', { title: 'Лампа не світить', contractor: contractorId })
    const id = created.body.data.id
    const first = await dispatcher.patch(`/api/v1/records/work_order/${id}`, { status: 'open', version: 1 })
    expect(first.status).withContext(first.text).toBe(200)
    expect(first.body.data.version).toBe(2)
    const stale = await dispatcher.patch(`/api/v1/records/work_order/${id}`, { status: 'done', version: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.type).toBe('/problems/conflict')
    expect(stale.body.currentVersion).toBe(2)
    const viaHeader = await dispatcher.patch(`/api/v1/records/work_order/${id}`, { status: 'done' }, { 'if-match': '"1"' })
    expect(viaHeader.status).toBe(409)
    const now = await dispatcher.get(`/api/v1/records/work_order/${id}`)
    expect(now.body.data.status).toBe('open')
    expect(now.body.data.version).toBe(2)
  })

  it('refuses system fields in a write (no mass assignment)', async () => {
    const res = await dispatcher.post('/api/v1/records/work_order', { title: 'x', contractor: contractorId, created_by: (admin as any).userId, version: 5, id: '00000000-0000-4000-8000-000000000000' })
    expect(res.status).toBe(422)
    expect(res.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/created_by', '/id', '/version'])
  })

  it('lists with filters on reference paths, sort, cursor pages, counts and includes', async () => {
    const cp = await admin.post('/api/v1/records/counterparty', { name: `Фільтр ${Date.now()}`, kind: 'utility' })
    const cpId = cp.body.data.id
    for (let i = 1; i <= 7; i++) {
      const r = await dispatcher.post('/api/v1/records/work_order', { title: `Наряд ${i}`, contractor: cpId, priority: (i % 5) + 1, status: i % 2 ? 'open' : 'new' })
      expect(r.status).toBe(201)
    }
    const filter = encodeURIComponent(JSON.stringify({ and: [{ 'contractor.name': { startsWith: 'фільтр' } }, { status: { in: ['open'] } }] }))
    const page1 = await dispatcher.get(`/api/v1/records/work_order?filter=${filter}&sort=title&limit=2&count=true&include=contractor`)
    expect(page1.status).withContext(page1.text).toBe(200)
    expect(page1.body.total).toBe(4)
    expect(page1.body.data.map((r: any) => r.title)).toEqual(['Наряд 1', 'Наряд 3'])
    expect(page1.body.included.counterparty[cpId].name).toContain('Фільтр')
    const page2 = await dispatcher.get(`/api/v1/records/work_order?filter=${filter}&sort=title&limit=2&cursor=${page1.body.nextCursor}`)
    expect(page2.body.data.map((r: any) => r.title)).toEqual(['Наряд 5', 'Наряд 7'])
    expect(page2.body.nextCursor).toBeNull()
    const desc = await dispatcher.get(`/api/v1/records/work_order?filter=${filter}&sort=-priority,title&fields=title,priority`)
    expect(desc.body.data.map((r: any) => r.priority)).toEqual([4, 3, 2, 1])
    expect(Object.keys(desc.body.data[0]).sort()).toContain('title')
    expect(Object.keys(desc.body.data[0])).not.toContain('description')
  })

  it('pages correctly when the sort field is not among the selected fields', async () => {
    const cp = (await admin.post('/api/v1/records/counterparty', { name: `Сторінки ${Date.now()}` })).body.data.id
    for (const [title, priority] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const) {
      await dispatcher.post('/api/v1/records/work_order', { title, priority, contractor: cp })
    }
    const filter = encodeURIComponent(JSON.stringify({ contractor: { eq: cp } }))
    const seen: string[] = []
    let cursor = ''
    do {
      const page = await dispatcher.get(`/api/v1/records/work_order?filter=${filter}&sort=-priority&fields=title&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect(Object.keys(page.body.data[0])).not.toContain('priority')
      seen.push(page.body.data[0].title)
      cursor = page.body.nextCursor ?? ''
    } while (cursor)
    expect(seen).toEqual(['d', 'c', 'b', 'a'])
  })

  it('refuses a record body that is not JSON', async () => {
    const res = await dispatcher.post('/api/v1/records/work_order', 'title=x', { 'content-type': 'text/plain' })
    expect(res.status).toBe(415)
    expect(res.body.type).toBe('/problems/unsupported-media-type')
  })

  it('answers a bad filter with the JSON pointer of the bad part', async () => {
    const bad = encodeURIComponent(JSON.stringify({ and: [{ status: { eq: 'open' } }, { nosuch: { eq: 1 } }] }))
    const res = await dispatcher.get(`/api/v1/records/work_order?filter=${bad}`)
    expect(res.status).toBe(422)
    expect(res.body.errors[0].pointer).toBe('/filter/and/1/nosuch')
    const notJson = await dispatcher.get(`/api/v1/records/work_order?filter=%7Bnope`)
    expect(notJson.status).toBe(400)
    expect(notJson.body.errors[0].pointer).toBe('/filter')
  })

  it("searches Ukrainian text, with the apostrophe of під'їзд in either form", async () => {
    const r = await dispatcher.post('/api/v1/records/work_order', { title: 'Не працює ліфт', description: "Ліфт у під'їзді 2 стоїть", contractor: contractorId })
    expect(r.status).toBe(201)
    for (const q of ['ліфт', 'під’їзді', "під'їзді"]) {
      const res = await dispatcher.get(`/api/v1/records/work_order?q=${encodeURIComponent(q)}`)
      expect(res.status).toBe(200)
      expect(res.body.data.map((x: any) => x.id))
        .withContext(q)
        .toContain(r.body.data.id)
    }
  })

  it('soft-deletes where declared: gone from lists and gets, kept in the table', async () => {
    const r = await dispatcher.post('/api/v1/records/work_order', { title: 'Видалити', contractor: contractorId })
    const id = r.body.data.id
    expect((await dispatcher.delete(`/api/v1/records/work_order/${id}`)).status).toBe(204)
    expect((await dispatcher.get(`/api/v1/records/work_order/${id}`)).status).toBe(404)
    const row = await engine.knex('work_order').where({ id }).first()
    expect(row.deleted_at).not.toBeNull()
  })

  it('imports JSON and CSV all-or-nothing with a per-row report, or partially when asked', async () => {
    const rows = [
      { title: 'Імпорт 1', contractor: contractorId },
      { title: '', contractor: contractorId },
      { title: 'Імпорт 3', contractor: contractorId, priority: 42 },
    ]
    const all = await dispatcher.post('/api/v1/records/work_order/import', rows)
    expect(all.status).toBe(422)
    expect(all.body.errors.map((e: any) => e.pointer)).toEqual(['/rows/1/title', '/rows/2/priority'])
    expect(await engine.knex('work_order').where({ title: 'Імпорт 1' }).first()).toBeUndefined()
    const partial = await dispatcher.post('/api/v1/records/work_order/import?partial=true', { rows })
    expect(partial.status).toBe(207)
    expect(partial.body.inserted).toBe(1)
    const csv = `title,contractor,priority,urgent\nCSV один,${contractorId},2,так\nCSV два,${contractorId},4,false\n`
    const fromCsv = await dispatcher.post('/api/v1/records/work_order/import', csv, { 'content-type': 'text/csv' })
    expect(fromCsv.status).withContext(fromCsv.text).toBe(201)
    expect(fromCsv.body.inserted).toBe(2)
    const one = await engine.knex('work_order').where({ title: 'CSV один' }).first()
    expect(one.urgent).toBeTrue()
    expect(one.priority).toBe(2)
  })

  it('exports CSV with formula cells neutralised', async () => {
    await dispatcher.post('/api/v1/records/work_order', { title: '=HYPERLINK("http://evil")', contractor: contractorId })
    const res = await dispatcher.get(`/api/v1/records/work_order/export?format=csv&q=HYPERLINK`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`)
  })

  it('audits every write with before and after of the changed fields', async () => {
    const r = await dispatcher.post('/api/v1/records/work_order', { title: 'Аудит', contractor: contractorId })
    const id = r.body.data.id
    await dispatcher.patch(`/api/v1/records/work_order/${id}`, { title: 'Аудит 2' })
    const trail = await admin.get(`/api/v1/audit?entity=work_order&record=${id}`)
    expect(trail.body.data.map((a: any) => a.action)).toEqual(['update', 'create'])
    expect(trail.body.data[0].changes).toEqual({ title: { from: 'Аудит', to: 'Аудит 2' } })
    expect(trail.body.data[0].actor_id).toBe((dispatcher as any).userId)
    expect(trail.body.data[0].request_id).toBeTruthy()
  })

  it('requires a login; API tokens work without CSRF, cookies need it', async () => {
    const anon = new ApiClient(url)
    expect((await anon.get('/api/v1/records/work_order')).status).toBe(401)
    const token = await dispatcher.post('/api/v1/auth/tokens', { name: 'integration' })
    expect(token.status).toBe(201)
    const bot = new ApiClient(url)
    bot.token = token.body.token
    expect((await bot.post('/api/v1/records/work_order', { title: 'Від інтеграції', contractor: contractorId })).status).toBe(201)
    const noCsrf = new ApiClient(url)
    noCsrf.cookie = dispatcher.cookie
    expect((await noCsrf.post('/api/v1/records/work_order', { title: 'x', contractor: contractorId })).status).toBe(403)
  })
})
