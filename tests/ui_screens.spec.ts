import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, waitForCount, type Credentials } from '#core/testing/browser'

/**
 * The generated screens in a real browser against the in-process app: an operator logs in,
 * filters the requests list, opens a request, sees the server's validation message at the
 * field and a new request appear live; another company's dispatcher gets "not found" by URL.
 */
describe('generated screens in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `ui${Date.now().toString(36)}`
  let operator: Credentials
  let otherDispatcher: Credentials
  let api: ApiClient
  let urgent: any
  const signIn = (who: Credentials) => browser.signIn(who)

  beforeAll(async () => {
    // the app must be built; a current build is reused (core/ui/ensure_build.mjs compares times)
    ensureUiBuilt()
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    const water = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `water_${tag}` })).body.data.id
    const other = (await admin.post('/api/v1/records/counterparty', { name: `Благоустрій ${tag}`, code: `green_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Екранна ${tag}`, level: 'street' })).body.data
    const building = (await admin.post('/api/v1/records/object', { name: '7', level: 'building', parent: street.id })).body.data
    const apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 12', level: 'apartment', parent: building.id })).body.data.id
    await admin.post('/api/v1/records/object_responsibility', { object: street.id, category: 'water', counterparty: water })
    const resident = (await admin.post('/api/v1/records/contact', { full_name: 'Олена Петренко', phone: '0671234567' })).body.data.id
    api = await userClient(url, ['operator'])
    const ticket = (description: string, priority: string) =>
      api.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: apartment, description: `${description} ${tag}`, priority, extra: { floor: 3 } })
    await ticket('Немає холодної води з ранку', 'normal')
    await ticket('Слабкий тиск води на пʼятому поверсі', 'low')
    const created = await ticket('Прорив труби в підвалі, вода заливає', 'emergency')
    expect(created.status).withContext(created.text).toBe(201)
    urgent = created.body.data
    expect(urgent.contractor).toBe(water)
    operator = await makeUser(['operator'], {}, 'Оксана Оператор')
    otherDispatcher = await makeUser(['contractor_dispatcher'], { counterparty: other }, 'Диспетчер Благоустрою')
    // the request goes to the water company: only its staff may be made responsible
    await makeUser(['contractor_worker'], { counterparty: water }, 'Оксана Водяна')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('logs an operator in, filters the requests list and sees a new request appear live', async () => {
    const page = await signIn(operator)
    await page.getByRole('link', { name: 'Звернення' }).click()
    await page.getByRole('heading', { name: 'Звернення' }).waitFor()
    await page.getByRole('searchbox', { name: 'Пошук' }).fill(tag)
    const rows = page.locator('table.records tbody tr')
    await expectAsync(waitForCount(rows, 3)).toBeResolved()
    // sort by a header: ascending, then descending
    await page.getByRole('button', { name: 'Номер' }).click()
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Номер' }).waitFor()
    await page.getByRole('button', { name: /Номер/ }).click()
    await page.locator('th[aria-sort="descending"]', { hasText: 'Номер' }).waitFor()
    await until(async () => (await rows.first().innerText()).includes(urgent.number))
    await page.getByRole('button', { name: 'Додати умову' }).click()
    await page.getByLabel('Поле 1').selectOption({ label: 'Пріоритет' })
    await page.getByLabel('Значення 1').selectOption({ label: 'Аварійний' })
    await expectAsync(waitForCount(rows, 1)).toBeResolved()
    expect(await rows.first().innerText()).toContain(urgent.number)
    await page.getByRole('status').filter({ hasText: 'Знайдено: 1' }).waitFor()
    await page.screenshot({ path: `${SHOTS}requests_list.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the list')
      .toEqual([])

    // live: a new emergency request matching the filter appears without a reload
    const live = await api.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `Вода у підʼїзді ${tag}`, priority: 'emergency', extra: { floor: 1 } })
    expect(live.status).withContext(live.text).toBe(201)
    await expectAsync(waitForCount(rows, 2)).toBeResolved()
    expect(await rows.first().innerText()).toContain(live.body.data.number)

    // keyboard: "/" focuses the search, Alt+N opens a new request
    await page.locator('table.records').click()
    await page.keyboard.press('/')
    expect(await page.evaluate("document.activeElement?.getAttribute('data-shortcut')")).toBe('search')
    await page.keyboard.press('Escape')
    await page.locator('h1').click()
    await page.keyboard.press('Alt+N')
    await page.getByRole('heading', { name: 'Новий запис: Звернення' }).waitFor()
    await page.getByLabel('Тип звернення').selectOption({ label: 'Немає води (тест)' })
    await page.getByLabel('Поверх').waitFor()
    await page.screenshot({ path: `${SHOTS}request_new.png`, fullPage: true })

    // English at a click: the app's words and the metadata's labels
    await page.getByRole('button', { name: 'ENG' }).click()
    await page.getByRole('heading', { name: 'New record: Request' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Sections' }).innerText()).toContain('Resident')
    await page.getByRole('button', { name: 'УКР' }).click()
    await page.getByRole('heading', { name: 'Новий запис: Звернення' }).waitFor()
  })

  it("opens a request and shows the server's message at the field of an invalid value", async () => {
    const page = await signIn(operator)
    await page.goto(`${url}/app/ticket?view=ticket_default`)
    await page.getByRole('searchbox', { name: 'Пошук' }).fill(urgent.number)
    await page.getByRole('link', { name: urgent.number }).click()
    await page.getByRole('heading', { name: new RegExp(urgent.number) }).waitFor()
    expect(await page.getByLabel('Опис').inputValue()).toContain('Прорив труби')
    await page.screenshot({ path: `${SHOTS}request_record.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the record page')
      .toEqual([])

    // Ctrl+S saves; the request type's floor is at most 30: the server says so at the field
    const floor = page.getByLabel('Поверх')
    await floor.fill('99')
    await page.keyboard.press('Control+s')
    const message = page.locator('#root_extra_floor__error')
    await message.waitFor()
    expect(await message.innerText()).toBe('Не більше 30')
    expect(await page.getByRole('status').filter({ hasText: 'Дані не пройшли перевірку' }).count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}request_invalid_field.png`, fullPage: true })

    // someone else saves meanwhile: the page says so live, and a save explains the conflict
    expect((await api.patch(`/api/v1/records/ticket/${urgent.id}`, { description: `Прорив труби, уточнено ${tag}` })).status).toBe(200)
    await page.getByText('Запис щойно змінено іншим користувачем.').waitFor()
    await floor.fill('4')
    await page.getByRole('button', { name: 'Зберегти' }).click()
    await page.getByText(/Запис змінив інший користувач/).waitFor()
    await page.screenshot({ path: `${SHOTS}request_conflict.png`, fullPage: false })
    await page.getByRole('alert').filter({ hasText: 'Запис змінив' }).getByRole('button', { name: 'Перезавантажити' }).click()
    await until(async () => (await page.locator('#root_description').inputValue()).includes('уточнено'))

    // a transition with a required field asks for it; the picker searches the company's staff as one types
    await page.getByRole('region', { name: 'Дії' }).getByRole('button', { name: 'Призначити виконавця' }).click()
    const dialog = page.getByRole('dialog', { name: /Призначити виконавця/ })
    await dialog.getByRole('button', { name: 'Виконати' }).click()
    await dialog.locator('#transition_responsible__error').waitFor()
    await dialog.getByRole('combobox', { name: /Відповідальний/ }).fill('Оксана')
    await dialog.getByRole('option', { name: 'Оксана Водяна' }).waitFor()
    expect(await dialog.getByRole('option', { name: 'Оксана Оператор' }).count()).toBe(0)
    await dialog.getByRole('option', { name: 'Оксана Водяна' }).click()
    await page.screenshot({ path: `${SHOTS}request_transition.png` })
    await dialog.getByRole('button', { name: 'Виконати' }).click()
    await page.getByText('Виконано: Призначити виконавця').waitFor()
    await page.locator('.record-head .state').filter({ hasText: 'Призначене' }).waitFor()
  })

  it('shows "not found" to another company\'s dispatcher opening the request by URL', async () => {
    const page = await signIn(otherDispatcher)
    await page.goto(`${url}/app/ticket/${urgent.id}`)
    await page.getByRole('heading', { name: 'Запис не знайдено' }).waitFor()
    expect(await page.locator('body').innerText()).not.toContain('Прорив труби')
    await page.screenshot({ path: `${SHOTS}contractor_not_found.png`, fullPage: true })
    await page.getByRole('button', { name: 'Вийти' }).click()
    await page.getByRole('button', { name: 'Увійти' }).waitFor()
    await page.goto(`${url}/app/ticket`)
    await page.getByRole('heading', { name: /Вхід до робочого місця/ }).waitFor()
  })
})
