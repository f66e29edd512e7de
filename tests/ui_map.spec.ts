import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'

/**
 * The map screen in a real browser: a contractor's dispatcher sees its company's open requests
 * as clustered markers coloured by SLA state, opens one from its popup, and a new request
 * appears without a reload; no serious accessibility violations.
 */
describe('map screen', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `um${Date.now().toString(36)}`
  let operator: ApiClient
  let dispatcher: Credentials
  let near: any
  let far: any
  const tickets: any[] = []

  const ticket = async (object: string, description: string) => {
    const res = await operator.post('/api/v1/records/ticket', { request_type: 'spec_no_water', object, description: `${description} ${tag}`, priority: 'normal', extra: { floor: 3 } })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data
  }

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    const company = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал карти ${tag}`, code: `mapw_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Картографічна ${tag}`, level: 'street', location: { lat: 50.5862, lon: 30.4904 }, location_approximate: true })).body.data
    near = (await admin.post('/api/v1/records/object', { name: '5', level: 'building', parent: street.id, location: { lat: 50.5858, lon: 30.49 } })).body.data
    far = (await admin.post('/api/v1/records/object', { name: '40', level: 'building', parent: street.id, location: { lat: 50.5885, lon: 30.4935 } })).body.data
    const flat = (await admin.post('/api/v1/records/object', { name: 'кв. 9', level: 'apartment', parent: near.id })).body.data
    expect(flat.location).toEqual(near.location)
    await admin.post('/api/v1/records/object_responsibility', { object: street.id, category: 'water', counterparty: company })
    operator = await userClient(url, ['operator'])
    tickets.push(await ticket(flat.id, 'Немає холодної води'))
    tickets.push(await ticket(near.id, 'Тече стояк'))
    tickets.push(await ticket(near.id, 'Слабкий тиск'))
    tickets.push(await ticket(far.id, 'Прорив на вулиці'))
    await engine.knex('ticket').where({ id: tickets[1].id }).update({ resolution_breached: true })
    await engine.knex('ticket').where({ id: tickets[2].id }).update({ sla_warning: true })
    dispatcher = await makeUser(['contractor_dispatcher'], { counterparty: company }, 'Богдана Диспетчерка')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('shows the company’s requests clustered and coloured, opens one from its popup, and takes a new one live', async () => {
    const page = await browser.signIn(dispatcher)
    await page.getByRole('navigation', { name: 'Розділи' }).getByRole('link', { name: 'Карта' }).click()
    await page.getByRole('heading', { name: 'Карта звернень і доручень' }).waitFor()
    const map = page.getByRole('region', { name: 'Карта звернень' })
    await map.waitFor()
    await page.getByRole('status').filter({ hasText: 'На карті 4 точки' }).waitFor()
    // three requests of one building in a cluster ringed red (its worst is breached), the fourth alone, green
    const cluster = map.locator('.map-cluster')
    const lone = map.locator('.map-pin')
    // the view fits the points (an animated zoom): then the far request stands alone
    await lone.first().waitFor()
    await until(async () => (await cluster.count()) === 1) // the clusters of the first view fade out
    await page.screenshot({ path: `${SHOTS}map.png` })
    expect(await cluster.getAttribute('class')).toContain('map-breached')
    expect(await cluster.locator('[aria-hidden="true"]').innerText()).toBe('3')
    expect(await lone.count()).toBe(1)
    expect(await lone.getAttribute('class')).toContain('map-on_time')
    expect(await lone.getAttribute('title')).toBe(`${tickets[3].number} · Немає води (тест) — У строк`)
    await page.getByRole('list', { name: 'Умовні позначення' }).getByText('Прострочено').waitFor()
    expect(await seriousA11yViolations(page))
      .withContext('axe on the map')
      .toEqual([])

    // live: a new request at the clustered building joins its cluster
    await ticket(near.id, 'Немає гарячої води')
    await page.getByRole('status').filter({ hasText: 'На карті 5 точок' }).waitFor()
    await until(async () => (await cluster.locator('[aria-hidden="true"]').innerText()) === '4')

    // the SLA states shown are a filter too
    await page
      .getByRole('group', { name: 'Стан SLA' })
      .getByRole('checkbox', { name: /Прострочено/ })
      .uncheck()
    await page.getByRole('status').filter({ hasText: 'На карті 4 точки' }).waitFor()
    await until(async () => (await cluster.locator('[aria-hidden="true"]').innerText()) === '3')

    // the lone marker's popup tells the request and leads to its record
    await map.locator(`.map-pin[title^="${tickets[3].number} "]`).click()
    const popup = map.locator('.leaflet-popup')
    await popup.getByText('вул. Картографічна', { exact: false }).waitFor()
    expect(await popup.innerText()).toContain('Водоканал карти')
    expect(await popup.innerText()).toContain('У строк')
    await page.screenshot({ path: `${SHOTS}map_popup.png` })
    await popup.getByRole('link', { name: new RegExp(tickets[3].number) }).click()
    await page.getByRole('heading', { name: new RegExp(tickets[3].number) }).waitFor()
    expect(page.url()).toBe(`${url}/app/ticket/${tickets[3].id}`)
  })
})
