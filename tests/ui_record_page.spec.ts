import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import type { Page } from 'playwright-core'

/**
 * The record page in a real browser: the SLA clock coloured by state, the request's timeline
 * (status changes, comments, calls, messages; new ones live), related lists with a prefilled
 * "add", and the widgets (address tree, phone, Kyiv time in another zone, duration, enum
 * buttons, geo point, upload).
 */
describe('record page: SLA clock, timeline, related lists and widgets', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `rp${Date.now().toString(36)}`
  let operator: Credentials
  let dispatcher: Credentials
  let api: ApiClient & { userId: string; login: string }
  let street: any
  let apartment: any
  let resident: string
  let water: string
  let normal: any
  let breached: any
  let paused: any

  const ticketPage = async (page: Page, ticket: any) => {
    await page.goto(`${url}/app/ticket/${ticket.id}`)
    await page.getByRole('heading', { name: new RegExp(ticket.number) }).waitFor()
  }

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    water = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `water_${tag}` })).body.data.id
    street = (await admin.post('/api/v1/records/object', { name: `вул. Віджетна ${tag}`, level: 'street' })).body.data
    const buildings: Record<string, any> = {}
    for (const name of ['7', '17', '9']) buildings[name] = (await admin.post('/api/v1/records/object', { name, level: 'building', parent: street.id })).body.data
    for (const name of ['кв. 12', 'кв. 3']) {
      const made = (await admin.post('/api/v1/records/object', { name, level: 'apartment', parent: buildings['7'].id })).body.data
      if (name === 'кв. 12') apartment = made
    }
    await admin.post('/api/v1/records/object_responsibility', { object: street.id, category: 'water', counterparty: water })
    resident = (await admin.post('/api/v1/records/contact', { full_name: `Марія Віджетна ${tag}`, phone: '0671112233' })).body.data.id
    api = await userClient(url, ['operator'])
    const ticket = async (description: string, priority: string) => {
      const res = await api.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: apartment.id, description: `${description} ${tag}`, priority, extra: { floor: 2 } })
      expect(res.status).withContext(res.text).toBe(201)
      return res.body.data
    }
    normal = await ticket('Немає води на кухні', 'normal')
    breached = await ticket('Тече труба у підвалі', 'emergency')
    paused = await ticket('Слабкий тиск', 'low')
    // ten days old: an emergency's four business hours are long gone
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString()
    await engine
      .knex('ticket')
      .where({ id: breached.id })
      .update({ created_at: old, state_history: JSON.stringify([{ state: 'new', at: old }]) })
    // waiting for the resident: the clock stops
    const assign = await api.post(`/api/v1/records/ticket/${paused.id}/transitions/assign`, { responsible: api.userId, version: paused.version })
    expect(assign.status).withContext(assign.text).toBe(200)
    const version = (await api.get(`/api/v1/records/ticket/${paused.id}`)).body.data.version
    const wait = await api.post(`/api/v1/records/ticket/${paused.id}/transitions/wait_resident`, { version })
    expect(wait.status).withContext(wait.text).toBe(200)
    // the normal request's story: assigned, a comment, a call and a message
    expect((await api.post(`/api/v1/records/ticket/${normal.id}/transitions/assign`, { responsible: api.userId, version: normal.version })).status).toBe(200)
    expect((await api.post('/api/v1/records/comment', { ticket: normal.id, body: `Мешканка уточнила: з 8 ранку ${tag}`, public: true })).status).toBe(201)
    expect(
      (
        await api.post('/api/v1/records/call', {
          ticket: normal.id,
          contact: resident,
          direction: 'inbound',
          caller: '+380671112233',
          disposition: 'answered',
          duration_seconds: 95,
          started_at: new Date().toISOString(),
        })
      ).status
    ).toBe(201)
    expect((await api.post('/api/v1/records/message', { ticket: normal.id, contact: resident, channel: 'viber', direction: 'outbound', body: `Бригада виїхала ${tag}` })).status).toBe(201)
    operator = await makeUser(['operator'], {}, 'Ольга Оператор')
    dispatcher = await makeUser(['test_dispatcher'], {}, 'Тарас Диспетчер')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('shows the SLA clock: on time, breached and paused, each in its colour and words', async () => {
    const page = await browser.signIn(operator)
    const clock = page.getByRole('region', { name: 'SLA' })
    const tone = async () => (await clock.getAttribute('class'))!.match(/tone-(\w+)/)![1]
    const colour = () => clock.evaluate((el) => (globalThis as any).getComputedStyle(el).borderLeftColor as string)

    await ticketPage(page, normal)
    await clock.getByText('У строк').waitFor()
    expect(await clock.getByRole('status').innerText()).toMatch(/^Залишилось \d/)
    expect(await clock.innerText()).toContain('Вирішення до')
    expect(await tone()).toBe('ok')
    const onTime = await colour()

    await ticketPage(page, breached)
    await clock.getByText('Порушено', { exact: true }).waitFor()
    expect(await clock.getByRole('status').innerText()).toMatch(/^Прострочено на \d/) // a real duration, not a placeholder
    expect(await tone()).toBe('breached')
    expect(await clock.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100')
    const late = await colour()
    expect(late).not.toBe(onTime)
    await page.screenshot({ path: `${SHOTS}record_sla.png` })
    expect(await seriousA11yViolations(page))
      .withContext('axe on a breached request')
      .toEqual([])

    await ticketPage(page, paused)
    await clock.getByText('Пауза', { exact: true }).waitFor()
    expect(await clock.getByRole('status').innerText()).toMatch(/^Призупинено · залишається /)
    expect(await colour()).not.toBe(onTime)
    expect(await colour()).not.toBe(late)
  })

  it("tells the request's story in its timeline, filters it and adds a new comment live", async () => {
    const page = await browser.signIn(operator)
    await ticketPage(page, normal)
    const timeline = page.getByRole('region', { name: 'Хронологія звернення' })
    const items = timeline.getByRole('listitem')
    await timeline.getByText(`Мешканка уточнила: з 8 ранку ${tag}`).waitFor()
    const text = await timeline.innerText()
    expect(text).toContain('Нове → Призначене')
    expect(text).toContain('Запис створено')
    expect(text).toContain('+380 67 111 2233')
    expect(text).toContain('1:35')
    expect(text).toContain(`Бригада виїхала ${tag}`)
    expect(text).toContain(`Test ${api.login}`)
    const all = await items.count()
    expect(all).toBeGreaterThanOrEqual(5)

    // one kind at a time, by a toggle button
    await timeline.getByRole('button', { name: 'Коментарі' }).click()
    expect(await timeline.getByRole('button', { name: 'Коментарі' }).getAttribute('aria-pressed')).toBe('true')
    await until(async () => (await items.count()) === 1)
    await timeline.getByRole('button', { name: /^Усі/ }).click()
    await until(async () => (await items.count()) === all)

    // someone else comments: it appears without a reload
    expect((await api.post('/api/v1/records/comment', { ticket: normal.id, body: `Сусіди теж без води ${tag}`, public: false })).status).toBe(201)
    await timeline.getByText(`Сусіди теж без води ${tag}`).waitFor()
    expect(await timeline.innerText()).toContain('Внутрішній коментар')
    await timeline.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}record_timeline.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the record page with its panels')
      .toEqual([])
  })

  it('lists related records and adds one prefilled with the reference, back on the request', async () => {
    const page = await browser.signIn(operator)
    await ticketPage(page, normal)
    const related = page.getByRole('region', { name: 'Повʼязані записи' })
    const comments = related.getByRole('region', { name: /^Коментар \d/ })
    const count = async () => Number(((await comments.getByRole('heading').textContent()) ?? '').replace(/\D+/g, ''))
    await comments.getByRole('link', { name: `Мешканка уточнила: з 8 ранку ${tag}` }).waitFor()
    const before = await count()
    expect(before).toBeGreaterThanOrEqual(1)
    // each list loads on its own: wait for its count
    await related.getByRole('region', { name: /^Дзвінок 1$/ }).waitFor()
    await related.getByRole('region', { name: /^Повідомлення 1$/ }).waitFor()
    await related
      .getByRole('region', { name: /^Звернення — Головне звернення 0$/ })
      .getByText('Немає')
      .waitFor()

    await comments.getByRole('link', { name: 'Додати: Коментар' }).click()
    await page.getByRole('heading', { name: 'Новий запис: Коментар' }).waitFor()
    const ticketPicker = page.getByRole('combobox', { name: 'Звернення' })
    await until(async () => ((await ticketPicker.getAttribute('placeholder')) ?? '').includes(normal.number))
    await page.getByLabel('Текст').fill(`Передано диспетчеру ${tag}`)
    await page.keyboard.press('Control+s')
    // saved, the page goes back to the request, whose list has the new comment
    await page.getByRole('heading', { name: new RegExp(normal.number) }).waitFor()
    await until(async () => (await count()) === before + 1)
    await comments.getByRole('link', { name: `Передано диспетчеру ${tag}` }).waitFor()
    await related.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}record_related.png`, fullPage: true })

    // a resident's page lists their requests and calls
    await page.goto(`${url}/app/contact/${resident}`)
    const theirs = page.getByRole('region', { name: /^Звернення — Заявник 3/ })
    await theirs.waitFor()
    expect(await theirs.getByRole('link', { name: normal.number }).count()).toBe(1)
    await page.getByRole('region', { name: /^Дзвінок 1$/ }).waitFor()
    // entities without a timeline of their own show their history
    await page.getByRole('region', { name: 'Історія змін' }).getByText('Запис створено').waitFor()
    expect(await seriousA11yViolations(page))
      .withContext('axe on a resident with related lists and history')
      .toEqual([])
  })

  it('walks the address tree street › building › apartment with the keyboard', async () => {
    const page = await browser.signIn(operator)
    await page.goto(`${url}/app/ticket/new`)
    await page.getByRole('heading', { name: 'Новий запис: Звернення' }).waitFor()
    await page.getByLabel('Тип звернення').selectOption({ label: 'Немає води (тест)' })
    await page.getByLabel('Поверх').fill('4')
    await page.getByLabel('Опис').fill(`Немає води, адреса з дерева ${tag}`)
    await page.getByRole('radio', { name: 'Високий' }).check()
    const street = page.getByRole('combobox', { name: 'Адреса / обʼєкт: Вулиця' })
    const building = page.getByRole('combobox', { name: 'Адреса / обʼєкт: Будинок' })
    const flat = page.getByRole('combobox', { name: 'Адреса / обʼєкт: Квартира' })
    expect(await building.isDisabled()).toBeTrue()
    await street.focus()
    await page.keyboard.type(tag)
    await page.getByRole('option', { name: `вул. Віджетна ${tag}` }).waitFor()
    await page.keyboard.press('Enter')
    // the focus moves on to the building; typing filters the street's buildings
    await until(async () => (await page.evaluate("document.activeElement?.getAttribute('aria-label')")) === 'Адреса / обʼєкт: Будинок')
    await page.keyboard.type('7')
    await until(async () => (await page.getByRole('listbox', { name: 'Адреса / обʼєкт: Будинок' }).getByRole('option').allInnerTexts()).join('|') === '7|17')
    await page.keyboard.press('Enter')
    await until(async () => (await page.evaluate("document.activeElement?.getAttribute('aria-label')")) === 'Адреса / обʼєкт: Квартира')
    await page.keyboard.type('12')
    await page.getByRole('option', { name: 'кв. 12' }).waitFor()
    await page.screenshot({ path: `${SHOTS}widgets_address.png`, fullPage: true })
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    expect(await flat.inputValue()).toBe('кв. 12')
    expect(await seriousA11yViolations(page))
      .withContext('axe on the new request with the address picker')
      .toEqual([])
    await page.keyboard.press('Control+s')
    await page
      .getByRole('heading', { name: /Звернення \S+/ })
      .and(page.locator('#record-title'))
      .waitFor()
    const id = page.url().split('/').pop()!
    const saved = (await api.get(`/api/v1/records/ticket/${id}`)).body.data
    expect(saved.object).toBe(apartment.id)
    expect(saved.priority).toBe('high')
    // opened again, the picker shows the address walked up from the apartment
    await until(async () => (await street.inputValue()) === `вул. Віджетна ${tag}`)
    expect(await building.inputValue()).toBe('7')
    expect(await flat.inputValue()).toBe('кв. 12')
  })

  it('enters phone, Kyiv time from another zone, duration, status buttons, a map point and a file', async () => {
    const context = await browser.browser.newContext({ locale: 'uk-UA', timezoneId: 'America/New_York', viewport: { width: 1366, height: 900 } })
    browser.contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (e) => browser.errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && browser.errors.push(m.text()))
    await page.goto(`${url}/`)
    await page.getByLabel('Логін').fill(dispatcher.login)
    await page.getByLabel('Пароль').fill(dispatcher.password)
    await page.getByRole('button', { name: 'Увійти' }).click()
    await page.getByRole('navigation', { name: 'Розділи' }).waitFor()
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York')

    await page.goto(`${url}/app/work_order/new`)
    await page.getByRole('heading', { name: /Новий запис/ }).waitFor()
    await page.getByLabel('Назва').fill(`Заміна лічильника ${tag}`)
    const contractor = page.getByRole('combobox', { name: 'Виконавець' })
    await contractor.fill(`Водоканал ${tag}`)
    await page.getByRole('option', { name: `Водоканал ${tag}` }).click()
    await page.getByRole('radio', { name: 'open' }).check()

    const phone = page.getByLabel('Телефон')
    await phone.fill('067 123 45 67')
    expect(await page.locator('#root_phone__phone').innerText()).toBe('+380671234567')
    await phone.press('Tab')
    expect(await phone.inputValue()).toBe('+380 67 123 4567')

    await page.getByLabel('Початок').fill('01.07.2026 12:00')
    const estimate = page.getByLabel('Оцінка часу')
    await estimate.fill('3 дні 4 год')
    expect(await page.locator('#root_estimate__duration').innerText()).toBe('P3DT4H')

    const lat = page.getByLabel('Широта')
    await lat.fill('95')
    await page.getByText('Широта — число від −90 до 90').waitFor()
    expect(await lat.getAttribute('aria-invalid')).toBe('true')
    await lat.fill('50.5851')
    await page.getByLabel('Довгота').fill('30.4879')
    const map = page.getByRole('link', { name: 'На мапі' })
    expect(await map.getAttribute('href')).toContain('mlat=50.5851&mlon=30.4879')

    // a slow uplink: the upload shows its progress bar and percentage until the server answers
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 200, downloadThroughput: -1, uploadThroughput: 128 * 1024 })
    await page.getByLabel('Завантажити файл: Фото').setInputFiles({ name: 'meter.png', mimeType: 'image/png', buffer: Buffer.alloc(256 * 1024, 7) })
    await page.getByRole('progressbar', { name: 'Завантаження…: Фото' }).waitFor()
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /^\d+%$/ })
        .count()
    ).toBe(1)
    await page.getByRole('link', { name: /meter\.png/ }).waitFor()
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    expect(await page.getByRole('progressbar', { name: 'Завантаження…: Фото' }).count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}widgets_fields.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the widgets')
      .toEqual([])

    await page.keyboard.press('Control+s')
    await page
      .locator('#record-title')
      .filter({ hasText: `Заміна лічильника ${tag}` })
      .waitFor()
    const id = page.url().split('/').pop()!
    const admin = await userClient(url, ['admin'])
    const saved = (await admin.get(`/api/v1/records/work_order/${id}`)).body.data
    expect(saved.phone).toBe('+380671234567')
    expect(new Date(saved.started_at).toISOString()).toBe('2026-07-01T09:00:00.000Z')
    expect(saved.estimate).toBe('P3DT4H')
    expect(saved.status).toBe('open')
    expect(saved.location).toEqual({ lat: 50.5851, lon: 30.4879 })
    expect(saved.photo).toMatch(/^[0-9a-f-]{36}$/)
    // read back in Kyiv time and in words, whatever the browser's zone
    expect(await page.getByLabel('Початок').inputValue()).toBe('01.07.2026 12:00')
    expect(await page.getByLabel('Оцінка часу').inputValue()).toBe('3 дні 4 год')
    expect(await page.getByLabel('Телефон').inputValue()).toBe('+380 67 123 4567')

    // a duration the server cannot read comes back at its field
    await page.getByLabel('Оцінка часу').fill('три дні')
    await page.keyboard.press('Control+s')
    await page.locator('#root_estimate__error').waitFor()
  })
})
