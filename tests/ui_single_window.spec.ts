import { randomInt } from 'node:crypto'
import type { Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, waitForCount, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The single window in a real browser: a PBX ringing pops the operator's card with the resident
 * and their open request; a "no hot water" request is registered from the pop with the keyboard
 * and appears live in the water company dispatcher's list; a second one is attached to it as a
 * child; a missed call lands on the callback list; the supervisor's board follows presence live.
 */
describe('single window in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `sw${Date.now().toString(36)}${randomInt(100)}`
  const ext = `7${randomInt(10_000, 99_999)}`
  const residentPhone = mobile()
  const neighbourPhone = mobile()
  let pbx: ApiClient
  let admin: Awaited<ReturnType<typeof userClient>>
  let operator: Credentials
  let supervisor: Credentials
  let dispatcher: Credentials
  let operatorId: string
  let resident: string
  let apartment: string
  let openTicket: any
  let desk: Page
  let firstHotWater: any

  const ring = (callId: string, caller: string, event = 'ringing') => pbx.post('/api/v1/telephony/events', { event, callId, caller, dialed: '1551', extension: ext, queue: 'main' })

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    const integration = await userClient(url, ['integration'])
    const token = await integration.post('/api/v1/auth/tokens', { name: 'pbx' })
    expect(token.status).withContext(token.text).toBe(201)
    pbx = new ApiClient(url)
    pbx.token = token.body.token

    const water = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `w_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Вікнова ${tag}`, level: 'street' })).body.data.id
    const building = (await admin.post('/api/v1/records/object', { name: '9', level: 'building', parent: street })).body.data.id
    apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 4', level: 'apartment', parent: building })).body.data.id
    const neighbourFlat = (await admin.post('/api/v1/records/object', { name: 'кв. 5', level: 'apartment', parent: building })).body.data.id
    // here the water company serves both cold and hot water (the hot water type routes by "heating")
    for (const category of ['water', 'heating']) {
      expect((await admin.post('/api/v1/records/object_responsibility', { object: street, category, counterparty: water })).status).toBe(201)
    }
    const contact = await admin.post('/api/v1/records/contact', { full_name: `Марія Вікнова ${tag}`, phone: residentPhone, addresses: [apartment] })
    expect(contact.status).withContext(contact.text).toBe(201)
    resident = contact.body.data.id
    await admin.post('/api/v1/records/contact', { full_name: `Петро Сусід ${tag}`, phone: neighbourPhone, addresses: [neighbourFlat] })
    expect((await admin.post('/api/v1/records/personal_account', { number: `SW${randomInt(100_000, 999_999)}`, apartment, holder: resident })).status).toBe(201)
    const created = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: apartment, description: `Слабкий тиск ${tag}`, extra: { floor: 2 } })
    expect(created.status).withContext(created.text).toBe(201)
    openTicket = created.body.data
    const article = await admin.post('/api/v1/records/kb_article', {
      title: `Гаряча вода: планові відключення ${tag}`,
      body: '<p>Уточніть графік міжопалювальних ремонтів.</p>',
      audience: 'operators',
      request_types: ['no_hot_water'],
    })
    expect(article.status).withContext(article.text).toBe(201)

    operator = await makeUser(['operator'], { extension: ext }, `Ольга Оператор ${tag}`)
    supervisor = await makeUser(['supervisor'], {}, 'Сергій Супервізор')
    dispatcher = await makeUser(['contractor_dispatcher'], { counterparty: water }, 'Диспетчер Водоканалу')
    operatorId = (await engine.knex('sys_users').where({ login: operator.login }).first('id')).id
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('pops the card on ringing and registers a "no hot water" request that the dispatcher sees live', async () => {
    desk = await browser.signIn(operator)
    // the single window is the operator's home
    await desk.getByRole('heading', { name: 'Єдине вікно', level: 1 }).waitFor()
    expect(desk.url()).toContain('/app/desk')
    await desk.getByText('Очікування дзвінка').waitFor()

    const list = await browser.signIn(dispatcher)
    await list.goto(`${url}/app/ticket`)
    await list.getByRole('searchbox', { name: 'Пошук' }).fill(tag)
    const rows = list.locator('table.records tbody tr')
    await expectAsync(waitForCount(rows, 1)).toBeResolved() // the resident's open water request

    await sleep(1000) // the desk's socket connects
    const ringing = await ring(`sw1-${tag}`, residentPhone)
    expect(ringing.status).withContext(ringing.text).toBe(200)
    const pop = desk.getByRole('article', { name: /Вхідний дзвінок/ })
    await pop.waitFor()
    // without a reload or a click: the socket's `call` event (its latency: bench/pop_latency.ts)
    await pop.getByRole('heading', { name: new RegExp(`Марія Вікнова ${tag}`) }).waitFor()
    await pop.getByRole('link', { name: openTicket.number }).waitFor()
    expect(await pop.getByRole('region', { name: 'Квартири й особові рахунки' }).innerText()).toContain('кв. 4')
    expect(await pop.getByRole('region', { name: 'Останні взаємодії' }).innerText()).toContain('Дзвінок: вхідний, дзвонить')
    await desk.screenshot({ path: `${SHOTS}desk_pop.png`, fullPage: true })
    expect(await seriousA11yViolations(desk))
      .withContext('axe on the desk with the card')
      .toEqual([])

    // keyboard-first: the type search has the focus; words, Enter; the form; Ctrl+S
    const typeSearch = desk.getByRole('combobox', { name: /Тип звернення/ })
    await until(async () => (await desk.evaluate("document.activeElement?.getAttribute('role')")) === 'combobox')
    await desk.keyboard.type('гаряч вод')
    await desk.getByRole('option', { name: /Відсутнє гаряче водопостачання/ }).waitFor()
    await until(async () => (await desk.getByRole('option').count()) >= 1 && (await desk.getByRole('option', { selected: true }).innerText()).includes('гаряче'))
    await typeSearch.press('Enter')
    await desk.getByText('Інструкція оператору').waitFor()
    // the knowledge base is searched for the chosen type
    await desk
      .getByRole('region', { name: 'База знань' })
      .getByRole('link', { name: `Гаряча вода: планові відключення ${tag}` })
      .waitFor()
    await until(async () => (await desk.evaluate('document.activeElement?.id')) === 'desk_description')
    await desk.keyboard.type(`Немає гарячої води з ранку ${tag}`)
    await desk.getByLabel('Кого стосується').selectOption({ label: 'Квартира' })
    await desk.keyboard.press('Control+s')
    const done = desk.getByRole('status').filter({ hasText: /зареєстровано/ })
    await done.waitFor()
    await desk.screenshot({ path: `${SHOTS}desk_register.png`, fullPage: true })

    firstHotWater = await engine.knex('ticket').where({ request_type: 'no_hot_water' }).whereLike('description', `%${tag}%`).first()
    expect(firstHotWater).toBeDefined()
    expect(firstHotWater.resident).toBe(resident)
    expect(firstHotWater.object).toBe(apartment)
    expect(firstHotWater.channel).toBe('phone')
    expect(
      (
        await engine
          .knex('call')
          .where({ call_id: `sw1-${tag}` })
          .first()
      ).ticket
    ).toBe(firstHotWater.id)
    expect(await done.innerText()).toContain(firstHotWater.number)

    // the water company's dispatcher sees it without a reload
    await expectAsync(waitForCount(rows, 2)).toBeResolved()
    expect(await rows.first().innerText()).toContain(firstHotWater.number)

    // Esc closes the card
    await desk.locator('h1').click()
    await desk.keyboard.press('Escape')
    await desk.getByText('Очікування дзвінка').waitFor()
  }, 180_000)

  it('suggests attaching a request about the same outage to the open one as a child', async () => {
    await ring(`sw2-${tag}`, neighbourPhone)
    const pop = desk.getByRole('article', { name: /Вхідний дзвінок/ })
    await pop.getByRole('heading', { name: new RegExp(`Петро Сусід ${tag}`) }).waitFor()
    // a type with a redirect says where to send the caller (gas: 104)
    await desk.getByRole('combobox', { name: /Тип звернення/ }).fill('запах газу')
    await desk.getByRole('option', { name: /Запах газу/ }).click()
    expect(await desk.getByRole('alert').filter({ hasText: 'Переадресація: 104' }).innerText()).toContain('104')
    await desk.getByRole('button', { name: 'Змінити тип' }).click()
    await desk.getByRole('combobox', { name: /Тип звернення/ }).fill('гаряч')
    await desk.getByRole('option', { name: /Відсутнє гаряче водопостачання/ }).click()
    const suggestion = desk.getByRole('alert').filter({ hasText: firstHotWater.number })
    await suggestion.waitFor()
    await desk.screenshot({ path: `${SHOTS}desk_duplicate.png`, fullPage: true })
    await suggestion.getByRole('button', { name: 'Приєднати як дочірнє' }).click()
    await desk
      .getByRole('status')
      .filter({ hasText: `дочірнім до ${firstHotWater.number}` })
      .waitFor()
    await desk.locator('#desk_description').fill(`Теж немає гарячої ${tag}`)
    await desk.getByLabel('Кого стосується').selectOption({ label: 'Весь будинок' })
    await desk.getByRole('button', { name: 'Створити', exact: true }).click()
    await desk
      .getByRole('status')
      .filter({ hasText: /зареєстровано/ })
      .waitFor()
    const child = await engine.knex('ticket').whereLike('description', `Теж немає гарячої ${tag}`).first()
    expect(child.parent).toBe(firstHotWater.id)
    // the outage is now a mass incident: the next caller from the building sees it on the card
    await desk.keyboard.press('Escape')
    await ring(`sw2b-${tag}`, neighbourPhone)
    await desk.getByRole('region', { name: 'Масові аварії поруч' }).getByRole('link', { name: firstHotWater.number }).waitFor()
    await desk.locator('h1').click()
    await desk.keyboard.press('Escape')
  }, 120_000)

  it('puts a missed call on the callback list live; calling back opens the card and creates the unknown resident', async () => {
    const stranger = mobile()
    await desk.getByText('Очікування дзвінка').waitFor()
    await ring(`sw3-${tag}`, stranger)
    await ring(`sw3-${tag}`, stranger, 'missed')
    const callbacks = desk.getByRole('region', { name: /Передзвонити/ })
    const item = callbacks.getByRole('listitem').filter({ hasText: stranger })
    await item.waitFor()
    expect(await item.innerText()).toMatch(/до \d/)
    await desk.screenshot({ path: `${SHOTS}callbacks.png`, fullPage: true })
    await item.getByRole('button', { name: `Передзвонити ${stranger}` }).click()
    await desk.getByRole('heading', { name: 'Номер невідомий: мешканця не знайдено.' }).waitFor()
    await desk.getByLabel('ПІБ').fill(`Новий Мешканець ${tag}`)
    await desk.getByRole('button', { name: 'Створити', exact: true }).first().click()
    await desk.getByRole('heading', { name: new RegExp(`Новий Мешканець ${tag}`) }).waitFor()
    expect(await engine.knex('contact').where({ phone: stranger }).first()).toBeDefined()
    await item.getByRole('button', { name: `Виконано: ${stranger}` }).click()
    await item.waitFor({ state: 'detached' })
    expect((await engine.knex('callback').where({ phone: stranger }).first()).status).toBe('done')
    expect(await seriousA11yViolations(desk))
      .withContext('axe on the desk with callbacks')
      .toEqual([])
  }, 120_000)

  it("shows the supervisor every operator's presence live on the board", async () => {
    const board = await browser.signIn(supervisor)
    await board.goto(`${url}/app/board`)
    await board.getByRole('heading', { name: 'Дошка супервізора' }).waitFor()
    const row = board.locator(`tr[data-user="${operatorId}"]`)
    await row.waitFor()
    await desk.getByRole('group', { name: 'Мій статус' }).getByRole('button', { name: 'Перерва' }).click()
    await until(async () => (await row.innerText()).includes('Перерва'))
    await desk.getByRole('group', { name: 'Мій статус' }).getByRole('button', { name: 'Вільний' }).click()
    await until(async () => (await row.innerText()).includes('Вільний'))
    expect(await board.getByRole('region', { name: /Відкриті звернення/ }).innerText()).toContain(`Водоканал ${tag}`)
    await board.screenshot({ path: `${SHOTS}board.png`, fullPage: true })
    expect(await seriousA11yViolations(board))
      .withContext('axe on the board')
      .toEqual([])
  }, 120_000)

  it('lets the operator choose among several residents on one number', async () => {
    const shared = mobile()
    for (const body of [
      { full_name: `Ірина Спільна ${tag}`, phone: shared, addresses: [apartment] },
      { full_name: `Іван Спільний ${tag}`, phone: shared },
    ]) {
      expect((await admin.post('/api/v1/records/contact', body)).status).toBe(201)
    }
    // elsewhere in the app: the card pops beside the page, which stays
    await desk.getByRole('navigation', { name: 'Розділи' }).getByRole('link', { name: 'Звернення' }).click()
    await desk.getByRole('heading', { name: 'Звернення', level: 1 }).waitFor()
    await ring(`sw4-${tag}`, shared)
    await desk.getByRole('article', { name: /Вхідний дзвінок/ }).waitFor()
    expect(desk.url()).toContain('/app/ticket')
    await desk.getByRole('heading', { name: 'Звернення', level: 1 }).waitFor()
    // the card itself, whether or not the "incoming" mark is still on while it reloads
    const pop = desk.locator('article.pop')
    await pop.getByRole('heading', { name: 'На цей номер знайдено мешканців: 2. Оберіть, хто телефонує.' }).waitFor()
    await pop.getByRole('button', { name: `Ірина Спільна ${tag}` }).click()
    await pop.getByRole('heading', { name: new RegExp(`Дзвінок з .* · Ірина Спільна ${tag}`) }).waitFor()
    expect(await pop.getByRole('region', { name: 'Квартири й особові рахунки' }).innerText()).toContain('кв. 4')
    await pop.getByRole('button', { name: `Іван Спільний ${tag}` }).click()
    await pop.getByRole('heading', { name: new RegExp(`Дзвінок з .* · Іван Спільний ${tag}`) }).waitFor()
    await pop.getByText('Адрес немає').waitFor()
  }, 120_000)

  it("lets an operator alone work the desk, and nobody set another operator's presence", async () => {
    const op = await userClient(url, ['operator'])
    const other = await userClient(url, ['operator'])
    const sup = await userClient(url, ['supervisor'])
    expect((await op.post('/api/v1/actions/telephony.presence', { state: 'available' })).status).toBe(200)
    const mine = (await other.post('/api/v1/actions/telephony.presence', { state: 'break' })).body.data
    expect((await op.get('/api/v1/records/callback')).status).toBe(200)
    expect((await op.get('/api/v1/records/operator_presence')).body.data.map((p: any) => p.user)).toEqual([op.userId])
    expect([403, 404]).toContain((await op.patch(`/api/v1/records/operator_presence/${mine.id}`, { state: 'available' })).status)
    expect([403, 404, 422]).toContain((await op.post('/api/v1/records/operator_presence', { user: sup.userId, state: 'available', since: new Date().toISOString() })).status)
    // supervisors read everyone's presence and change only their own
    const all = (await sup.get('/api/v1/records/operator_presence?limit=500')).body.data.map((p: any) => p.user)
    expect(all).toContain(other.userId)
    expect([403, 404]).toContain((await sup.patch(`/api/v1/records/operator_presence/${mine.id}`, { state: 'available' })).status)
    expect((await engine.knex('operator_presence').where({ id: mine.id }).first()).state).toBe('break')
  })
})
