import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, until } from '#core/testing/browser'

/**
 * A published change reaches open screens without a reload: a dispatcher's open "new work
 * order" form gains the field an administrator just published (keeping what was typed), the
 * list gains the column, and the API validates by the new rules at once; a rollback takes the
 * field away from the form again while the stored value stays in the database.
 */
describe('published metadata on open screens', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  let admin: ApiClient
  let before: number

  async function publish(mutate: (doc: any) => void, view?: Record<string, unknown>) {
    const current = (await admin.get('/api/v1/meta/documents/entity/work_order')).body
    mutate(current)
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/work_order`, { document: current, version: draft.version })
    expect(put.status).withContext(put.text).toBe(200)
    if (view) {
      const putView = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/view/${view.key}`, { document: view, version: put.body.version })
      expect(putView.status).withContext(putView.text).toBe(200)
    }
    const res = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, { message: 'live spec' })
    expect(res.status).withContext(res.text).toBe(200)
    return res.body.revision as number
  }

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    before = (await admin.get('/api/v1/meta/revisions')).body.current
    await browser.start()
  }, 360_000)
  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    await browser.close()
    // leave the metadata as the other specs expect it
    const now = (await admin.get('/api/v1/meta/revisions')).body.current
    if (now !== before) expect((await admin.post(`/api/v1/meta/revisions/${before}/rollback`, { confirm: true })).status).toBe(200)
  })

  it('shows a newly published field on an open form, keeps typed values, and validates by it at once', async () => {
    const who = await makeUser(['test_dispatcher'], {}, 'Диспетчер Живий')
    const page = await browser.signIn(who)
    await page.goto(`${url}/app/work_order/new`)
    await page.getByLabel('Назва').fill('Заміна лічильника')
    expect(await page.getByLabel('Серійний номер лічильника').count()).toBe(0)

    const revision = await publish((doc) => {
      doc.fields.meter_serial = { type: 'string', pattern: '^[0-9]{6,10}$', label: { uk: 'Серійний номер лічильника', en: 'Meter serial number' } }
    })
    // no reload: the page learns of the revision by its socket (speed: bench/publish_live.ts)
    await page.getByLabel('Серійний номер лічильника').waitFor()
    expect(await page.getByLabel('Назва').inputValue()).toBe('Заміна лічильника')
    await page.screenshot({ path: `${SHOTS}live_field_appeared.png`, fullPage: true })

    // the API validates by the new rule at once
    const api = await userClient(url, ['test_dispatcher'])
    const counterparty = (await admin.post('/api/v1/records/counterparty', { name: 'Водоканал live', code: `live_${Date.now()}` })).body.data.id
    const bad = await api.post('/api/v1/records/work_order', { title: 'x', contractor: counterparty, meter_serial: 'abc' })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer)).toContain('/meter_serial')
    const good = await api.post('/api/v1/records/work_order', { title: 'Лічильник', contractor: counterparty, meter_serial: '12345678' })
    expect(good.status).withContext(good.text).toBe(201)

    // an open list gains the column a newly published view shows
    await page.goto(`${url}/app/work_order`)
    await page.locator('table.records').waitFor()
    expect(await page.getByRole('columnheader', { name: /Серійний номер лічильника/ }).count()).toBe(0)
    const withView = await publish(() => {}, {
      kind: 'view',
      key: 'work_order_meters',
      label: { uk: 'Наряди з лічильниками', en: 'Work orders with meters' },
      entity: 'work_order',
      columns: ['title', 'meter_serial', 'created_at'],
    })
    expect(withView).toBe(revision + 1)
    await page.getByRole('columnheader', { name: /Серійний номер лічильника/ }).waitFor()
    await page.getByRole('cell', { name: '12345678' }).waitFor()

    // rollback: gone from the form without a reload, the stored value kept
    await page.goto(`${url}/app/work_order/new`)
    await page.getByLabel('Серійний номер лічильника').waitFor()
    const back = await admin.post(`/api/v1/meta/revisions/${revision - 1}/rollback`, {})
    expect(back.status).withContext(back.text).toBe(200)
    await until(async () => (await page.getByLabel('Серійний номер лічильника').count()) === 0, 15_000)
    const kept = await admin.get(`/api/v1/meta/revisions/${back.body.revision}`)
    expect(kept.status).toBe(200)
    const stored = await api.get(`/api/v1/records/work_order/${good.body.data.id}`)
    expect(stored.body.data.meter_serial).toBeUndefined() // no longer a field of the API…
    const { engine } = await import('#core/engine/engine')
    const row = await engine.knex('work_order').where({ id: good.body.data.id }).first('meter_serial')
    expect(row.meter_serial).toBe('12345678') // …but the column and the value stay
  })
})
