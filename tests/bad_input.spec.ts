import { testApp } from '#core/testing/app'
import { userClient, ApiClient, type ApiResponse } from '#core/testing/client'
import { gzipSync } from 'node:zlib'
import { engine } from '#core/engine/engine'

const JSON_TYPE = { 'content-type': 'application/json' }

/** A problem+json client error pointing somewhere, never a 500. */
function expectProblem(res: ApiResponse, status: number, pointer?: string) {
  expect(res.status).withContext(res.text).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  expect(res.body.errors?.length).withContext(res.text).toBeGreaterThan(0)
  if (pointer) expect(res.body.errors[0].pointer).withContext(res.text).toBe(pointer)
}

/**
 * Issue 10, item 10: inputs that used to answer 500 (found by fuzzing every POST of the
 * OpenAPI document) get a problem+json 4xx with a pointer, and write nothing.
 */
describe('bad input', () => {
  let url: string
  let admin: Awaited<ReturnType<typeof userClient>>
  const count = async (table: string) => Number((await engine.knex(table).count({ n: '*' }).first())?.n)

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
  })

  it('refuses a JSON body that is not an object, also on the unauthenticated login', async () => {
    const anonymous = new ApiClient(url)
    for (const body of ['null', '"x"', '1', 'true', '{"a":']) {
      expectProblem(await anonymous.post('/api/v1/auth/login', body, JSON_TYPE), 400, '/')
      expectProblem(await admin.post('/api/v1/records/contact', body, JSON_TYPE), 400, '/')
      expectProblem(await admin.post('/api/v1/auth/tokens', body, JSON_TYPE), 400, '/')
    }
  })

  it('still reads compressed JSON, and refuses an unknown encoding or an oversized body', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', cookie: admin.cookie!, 'x-csrf-token': admin.csrf! }
    const zipped = await fetch(`${url}/api/v1/records/contact`, { method: 'POST', headers, body: gzipSync(JSON.stringify({ full_name: 'Стиснений Запис' })) })
    expect(zipped.status)
      .withContext(await zipped.clone().text())
      .toBe(201)
    const unknown = await fetch(`${url}/api/v1/records/contact`, { method: 'POST', headers: { ...headers, 'content-encoding': 'zstd-x' }, body: '{}' })
    expect(unknown.status).toBe(415)
    const huge = await admin.post('/api/v1/records/contact', `{"full_name":"${'x'.repeat(11 * 1024 * 1024)}"}`, JSON_TYPE)
    expectProblem(huge, 400, '/')
  })

  it('refuses JSON nested thousands of levels deep, as the body or inside a json field', async () => {
    const before = await count('contact')
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
    expectProblem(await admin.post('/api/v1/records/contact', deep, JSON_TYPE), 400, '/')
    expectProblem(await admin.post('/api/v1/records/contact', '['.repeat(5000) + ']'.repeat(5000), JSON_TYPE), 400, '/')
    expectProblem(await admin.post('/api/v1/records/contact', `{"full_name":"x","messengers":${deep}}`, JSON_TYPE), 400, '/')
    expect(await count('contact')).toBe(before)
  })

  it('refuses NUL characters in fields, json fields, keys, q and CSV import, pointing at them', async () => {
    const before = await count('contact')
    expectProblem(await admin.post('/api/v1/records/contact', { full_name: 'a\u0000b' }), 422, '/full_name')
    expectProblem(await admin.post('/api/v1/records/contact', { full_name: 'ab', messengers: { viber: 'x\u0000' } }), 422, '/messengers/viber')
    expectProblem(await admin.post('/api/v1/records/contact', { full_name: 'ab', 'no\u0000te': 'x' }), 422, '/no\u0000te')
    expectProblem(await admin.get('/api/v1/records/contact?q=a%00b'), 422, '/q')
    const csv = await admin.post('/api/v1/records/contact/import', 'full_name,phone\nОлена,0671234567\n"a\u0000b",\n', { 'content-type': 'text/csv' })
    expectProblem(csv, 422, '/rows/1/full_name')
    expect(await count('contact')).toBe(before)
  })

  it('refuses prototype keys instead of dropping them silently', async () => {
    const before = await count('contact')
    expectProblem(await admin.post('/api/v1/records/contact', '{"full_name":"ab","__proto__":{"x":1}}', JSON_TYPE), 422, '/__proto__')
    expectProblem(await admin.post('/api/v1/records/contact', '{"full_name":"ab","messengers":{"constructor":{"prototype":1}}}', JSON_TYPE), 422, '/messengers/constructor')
    expect(await count('contact')).toBe(before)
  })

  it('answers an administrator writing users through the records API with 422, and does not list those writes', async () => {
    const before = await count('sys_users')
    expectProblem(await admin.post('/api/v1/records/user', {}), 422, '/')
    expectProblem(await admin.post('/api/v1/records/user', { login: 'x' }), 422, '/')
    expectProblem(await admin.patch(`/api/v1/records/user/${admin.userId}`, { name: 'x' }), 422, '/')
    expectProblem(await admin.delete(`/api/v1/records/user/${admin.userId}`), 422, '/')
    expect(await count('sys_users')).toBe(before)
    expect((await admin.get(`/api/v1/records/user/${admin.userId}`)).status).toBe(200)
    const doc = (await admin.get('/api/v1/openapi.json')).body
    expect(doc.paths['/api/v1/records/user'].post).toBeUndefined()
    expect(doc.paths['/api/v1/records/user/{id}'].patch).toBeUndefined()
  })

  it('checks json fields against their declared schema (contact.messengers)', async () => {
    for (const messengers of [5, 'x', true, ['a'], { viber: 1 }, { icq: '1' }]) {
      const res = await admin.post('/api/v1/records/contact', { full_name: 'Петро', messengers })
      expectProblem(res, 422)
      expect(res.body.errors[0].pointer).toMatch(/^\/messengers/)
    }
    const ok = await admin.post('/api/v1/records/contact', { full_name: 'Петро', messengers: { viber: '+380671234567', telegram: '@petro' } })
    expect(ok.status).withContext(ok.text).toBe(201)
    expect(ok.body.data.messengers).toEqual({ viber: '+380671234567', telegram: '@petro' })
  })

  it('keeps url fields to http(s), mailto and tel', async () => {
    const contractor = (await admin.post('/api/v1/records/counterparty', { name: `URL ${Date.now()}`, kind: 'contractor' })).body.data.id
    for (const link of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'vbscript:x']) {
      expectProblem(await admin.post('/api/v1/records/work_order', { title: 'Посилання (bad_input)', contractor, link }), 422, '/link')
    }
    for (const link of ['https://example.org/a', 'mailto:a@example.org', 'tel:+380671234567']) {
      const res = await admin.post('/api/v1/records/work_order', { title: 'Посилання (bad_input)', contractor, link })
      expect(res.status).withContext(res.text).toBe(201)
    }
  })

  it('lets a company make only its own workers responsible for a request', async () => {
    const tag = Date.now().toString(36)
    const waterId = (await admin.post('/api/v1/records/counterparty', { name: `Вода ${tag}`, code: `w_${tag}` })).body.data.id
    const greenId = (await admin.post('/api/v1/records/counterparty', { name: `Зелень ${tag}`, code: `g_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Фаззова ${tag}`, level: 'street' })).body.data
    expect((await admin.post('/api/v1/records/object_responsibility', { object: street.id, category: 'water', counterparty: waterId })).status).toBe(201)
    const resident = (await admin.post('/api/v1/records/contact', { full_name: 'Ірина Тест' })).body.data.id
    const ticket = (await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: street.id, description: 'Немає води', extra: { floor: 1 } })).body.data
    expect(ticket.contractor).toBe(waterId)
    const dispatcher = await userClient(url, ['contractor_dispatcher'], { counterparty: waterId })
    const own = await userClient(url, ['contractor_worker'], { counterparty: waterId })
    const stranger = await userClient(url, ['contractor_worker'], { counterparty: greenId })
    const path = `/api/v1/records/ticket/${ticket.id}`
    for (const responsible of [stranger.userId, admin.userId]) {
      const refused = await dispatcher.post(`${path}/transitions/assign`, { responsible })
      expectProblem(refused, 422, '/responsible')
      expect(refused.body.errors[0].code).toBe('other_company')
    }
    const assigned = await dispatcher.post(`${path}/transitions/assign`, { responsible: own.userId })
    expect(assigned.status).withContext(assigned.text).toBe(200)
    expect(assigned.body.data.responsible).toBe(own.userId)
    // the same for assignments
    const order = await admin.post('/api/v1/records/assignment', { title: 'Перевірити воду', counterparty: waterId, deadline: new Date(Date.now() + 86_400_000).toISOString() })
    expect(order.status).withContext(order.text).toBe(201)
    const refused = await dispatcher.patch(`/api/v1/records/assignment/${order.body.data.id}`, { responsible: stranger.userId })
    expectProblem(refused, 422, '/responsible')
    const ok = await dispatcher.patch(`/api/v1/records/assignment/${order.body.data.id}`, { responsible: own.userId })
    expect(ok.status).withContext(ok.text).toBe(200)
    // city staff choose anyone
    const operator = await userClient(url, ['operator'])
    const byOperator = await operator.patch(path, { responsible: stranger.userId })
    expect(byOperator.status).not.toBe(500)
  })
})
