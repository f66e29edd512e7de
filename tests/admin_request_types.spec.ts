import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'
import type { Page } from 'playwright-core'

/**
 * The admin builder's request types, SLAs and calendars, and workflows, in a real browser:
 * (A) an administrator adds a required, pattern-checked field to one request type and
 * publishes; an operator's open form gains it, the API requires it for that type only, and a
 * rollback takes it away while stored values stay; (B) the resolution target of one type goes
 * from 3 working days to 1: the calculator shows it over the draft, new requests use it,
 * existing ones keep theirs unless recomputed (explicitly, or at publish).
 */
describe('admin builder: request types, SLAs, workflows', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `art${Date.now().toString(36)}`
  let adminUser: Credentials
  let operatorUser: Credentials
  let admin: ApiClient
  let operator: ApiClient
  let before: number

  const adminPage = async (path: string) => {
    const page = await browser.signIn(adminUser)
    await page.goto(`${url}/app${path}`)
    return page
  }
  /** Waits for the publish to finish; a problem shown instead fails with its text. */
  const awaitPublished = async (page: Page, text: RegExp = /Опубліковано: редакція \d+/) => {
    const done = page.getByRole('status').filter({ hasText: text })
    const problem = page.locator('.publish-bar [role=alert]')
    await until(async () => (await done.count()) > 0 || (await problem.count()) > 0, 15_000)
    if (await problem.count()) throw new Error(`publish failed: ${await problem.innerText()}`)
  }
  const ticket = (request_type: string, extra: Record<string, unknown> = {}, client = operator) => client.post('/api/v1/records/ticket', { request_type, description: `Звернення ${tag}`, extra })
  const preview = async (request_type: string, at: string) => {
    const r = await admin.post('/api/v1/actions/servicedesk.sla_preview', { request_type, at })
    expect(r.status).withContext(r.text).toBe(200)
    return r.body.data
  }

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    adminUser = await makeUser(['admin'], {}, 'Адміністратор Конструктора')
    operatorUser = await makeUser(['operator'], {}, 'Олена Операторка')
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

  it('shows the whole directory in one table with search, category, company, SLA and state', async () => {
    const page = await adminPage('/admin/request-types')
    await page.getByRole('heading', { name: 'Типи звернень', level: 1 }).waitFor()
    const rows = page.locator('table.rt-table tbody tr')
    await until(async () => (await rows.count()) >= 40)
    await page.getByLabel('Пошук типу').fill('no_cold_water')
    await until(async () => (await rows.count()) === 1)
    const row = rows.first()
    expect(await row.innerText()).toContain('Відсутнє холодне водопостачання')
    expect(await row.innerText()).toContain('responsible:water → vodokanal')
    expect(await row.innerText()).toContain('Аварійні служби: цілодобово')
    await page.getByLabel('Пошук типу').fill('')
    await page.getByLabel('Категорія').selectOption('water')
    await until(async () => (await rows.count()) >= 4)
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Водопостачання') // the category's label, not its key
    await page.screenshot({ path: `${SHOTS}admin_request_types.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the request types')
      .toEqual([])
    // non-administrators get nothing from the designers' endpoints
    expect((await operator.post('/api/v1/actions/servicedesk.sla_preview', { request_type: 'pothole' })).status).toBe(403)
    expect((await operator.post('/api/v1/actions/servicedesk.sla_recompute', { request_type: 'pothole' })).status).toBe(403)
    expect((await operator.get('/api/v1/actions/servicedesk.calendar_month?calendar=kyiv_office&month=2026-12')).status).toBe(403)
    const op = await browser.signIn(operatorUser)
    await op.goto(`${url}/app/admin/request-types`)
    await op.getByRole('alert').filter({ hasText: 'Доступ заборонено' }).waitFor()
    expect(await op.locator('table.rt-table').count()).toBe(0)
  }, 120_000)

  it('A: a required meter number for one type reaches an open form, the API requires it for that type only, rollback removes it', async () => {
    // the operator's registration form is open, the type chosen
    const form = await browser.signIn(operatorUser)
    await form.goto(`${url}/app/ticket/new`)
    await form.getByLabel('Тип звернення').selectOption({ label: 'Відсутнє холодне водопостачання' })
    await form.getByLabel('Кого стосується').waitFor()
    await form.getByLabel('Опис').fill(`Немає води з ранку ${tag}`)
    expect(await form.getByLabel('Номер лічильника').count()).toBe(0)

    const page = await adminPage('/admin/request-types/no_cold_water')
    await page.getByRole('heading', { name: 'Додаткові поля' }).waitFor()
    await page.getByRole('button', { name: 'Додати поле' }).click()
    const field = page.locator('fieldset.extra-field').last()
    await field.getByLabel('Ключ поля').fill('meter_number')
    await field.getByLabel('Назва українською').fill('Номер лічильника')
    await field.getByLabel('Назва англійською').fill('Meter number')
    await field.getByLabel('Шаблон (регулярний вираз)').fill('^[0-9]{6,10}$')
    await field.getByLabel('Обовʼязкове для цього типу').check()
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Чернетка: 1 зміна' }).waitFor()
    expect(await page.locator('.rt-editor [role=alert]').count())
      .withContext('no problems in the draft')
      .toBe(0)
    await page.screenshot({ path: `${SHOTS}admin_request_type_edit.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the request type editor')
      .toEqual([])

    const published = (await admin.get('/api/v1/meta/revisions')).body.current
    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await awaitPublished(page)

    // the open form gains the field without a reload, keeping what was typed
    await form.getByLabel('Номер лічильника').waitFor({ timeout: 5_000 })
    expect(await form.getByLabel('Опис').inputValue()).toContain('Немає води з ранку')

    // the API requires it for this type, at its pointer, and checks the pattern
    const missing = await ticket('no_cold_water', { scope: 'apartment' })
    expect(missing.status).toBe(422)
    expect(missing.body.errors.map((e: any) => e.pointer)).toContain('/extra/meter_number')
    const wrong = await ticket('no_cold_water', { scope: 'apartment', meter_number: '12ab' })
    expect(wrong.status).toBe(422)
    expect(wrong.body.errors.map((e: any) => e.pointer)).toContain('/extra/meter_number')
    const good = await ticket('no_cold_water', { scope: 'apartment', meter_number: '12345678' })
    expect(good.status).withContext(good.text).toBe(201)
    // other types do not need it
    const other = await ticket('general_info')
    expect(other.status).withContext(other.text).toBe(201)

    // the operator's form submits with it
    await form.getByLabel('Кого стосується').selectOption({ label: 'Квартира' })
    await form.getByLabel('Номер лічильника').fill('87654321')
    await form.getByRole('button', { name: 'Створити' }).click()
    await form.waitForURL(/\/app\/ticket\/[0-9a-f-]{36}/)
    const saved = await engine.knex('ticket').where('description', 'like', `%Немає води з ранку ${tag}%`).first('extra')
    expect(saved?.extra?.meter_number).toBe('87654321')

    // rollback: the field leaves the open form, the stored values stay
    await form.goto(`${url}/app/ticket/new`)
    await form.getByLabel('Тип звернення').selectOption({ label: 'Відсутнє холодне водопостачання' })
    await form.getByLabel('Номер лічильника').waitFor()
    const back = await admin.post(`/api/v1/meta/revisions/${published}/rollback`, {})
    expect(back.status).withContext(back.text).toBe(200)
    await until(async () => (await form.getByLabel('Номер лічильника').count()) === 0, 5_000)
    const stored = await engine.knex('ticket').where({ id: good.body.data.id }).first('extra')
    expect(stored.extra.meter_number).toBe('12345678')
    const again = await ticket('no_cold_water', { scope: 'apartment' })
    expect(again.status).withContext(again.text).toBe(201)
  }, 120_000)

  it('B: the resolution target of one type goes from 3 working days to 1; calculator, new and existing requests', async () => {
    const first = await ticket('pothole', { place: 'road' })
    expect(first.status).withContext(first.text).toBe(201)
    const existing = first.body.data
    const { resolution_due: keptDue } = await engine.knex('ticket').where({ id: existing.id }).first('resolution_due')
    const createdAt = (await engine.knex('ticket').where({ id: existing.id }).first('created_at')).created_at.toISOString()
    expect(new Date(keptDue).toISOString()).toBe((await preview('pothole', createdAt)).resolutionDue)
    // another type on the same SLA keeps 3 days throughout
    expect((await preview('container_overflow', '2026-12-07T08:00:00Z')).target.resolution).toBe('P3D')

    const page = await adminPage('/admin/request-types/pothole')
    const own = page.getByLabel('Власний строк вирішення, Звичайний')
    await own.fill('1 робочий день')
    await own.press('Enter')
    await page.getByText('ISO P1D').waitFor()
    expect(await page.getByRole('button', { name: 'Розрахувати' }).isDisabled())
      .withContext('calculating needs the change saved')
      .toBeTrue()
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Чернетка: 1 зміна' }).waitFor()

    // the calculator works over the draft: Monday 7 December 2026, 10:00 in Kyiv
    await page.getByLabel('Звернення надійшло').fill('2026-12-07T10:00')
    await page.getByRole('button', { name: 'Розрахувати' }).click()
    const due = page.locator('output.resolution-due')
    await due.waitFor()
    expect(await due.getAttribute('data-due')).toBe('2026-12-08T08:00:00.000Z') // Tue 10:00 Kyiv
    expect(await due.innerText()).toContain('08.12.2026')
    expect(await page.locator('dd.published-due').innerText()).toContain('10.12.2026') // published: Thu
    expect(await seriousA11yViolations(page))
      .withContext('axe on the SLA part of the editor')
      .toEqual([])

    // publish without recomputing: new requests get 1 day, the existing one keeps its date
    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await awaitPublished(page)
    const fresh = (await ticket('pothole', { place: 'road' })).body.data
    const freshRow = await engine.knex('ticket').where({ id: fresh.id }).first('created_at', 'resolution_due')
    const expected = await preview('pothole', freshRow.created_at.toISOString())
    expect(expected.target.resolution).toBe('P1D')
    expect(freshRow.resolution_due.toISOString()).toBe(expected.resolutionDue)
    expect((await engine.knex('ticket').where({ id: existing.id }).first('resolution_due')).resolution_due.toISOString()).toBe(new Date(keptDue).toISOString())
    expect((await preview('container_overflow', '2026-12-07T08:00:00Z')).target.resolution).toBe('P3D')

    // recompute explicitly: the existing request now runs on 1 day
    await page.getByRole('button', { name: 'Перерахувати строки відкритих звернень цього типу' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /Відкритих звернень: \d+, строки змінено у \d+/ })
      .waitFor()
    const recomputed = (await engine.knex('ticket').where({ id: existing.id }).first('resolution_due')).resolution_due.toISOString()
    expect(recomputed).toBe((await preview('pothole', createdAt)).resolutionDue)
    expect(recomputed).not.toBe(new Date(keptDue).toISOString())

    // back to 3 days, recomputing at publish: the existing request follows
    const page2 = await adminPage('/admin/request-types/pothole')
    const own2 = page2.getByLabel('Власний строк вирішення, Звичайний')
    await page2.getByText('ISO P1D').waitFor()
    await own2.fill('')
    await own2.press('Enter')
    await page2.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page2.getByRole('status').filter({ hasText: 'Чернетка: 1 зміна' }).waitFor()
    await page2.getByLabel('Перерахувати строки відкритих звернень цього типу').check()
    await page2.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await awaitPublished(page2, /Строки перераховано у \d+ відкритих зверненнях/)
    expect((await engine.knex('ticket').where({ id: existing.id }).first('resolution_due')).resolution_due.toISOString()).toBe(new Date(keptDue).toISOString())
  }, 120_000)

  it('clones a type and retires it without breaking its old requests', async () => {
    const key = `general_${tag}`
    const page = await adminPage('/admin/request-types/general_info')
    await page.getByLabel('Ключ нового типу').fill(key)
    await page.getByRole('button', { name: 'Клонувати' }).click()
    await page.waitForURL(new RegExp(`/admin/request-types/${key}$`))
    const copyName = page.getByRole('group', { name: 'Назва' }).getByLabel('Українською')
    expect(await copyName.inputValue()).toContain('(копія)')
    await copyName.fill(`Довідка ${tag}`)
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await awaitPublished(page)
    const old = await ticket(key)
    expect(old.status).withContext(old.text).toBe(201)
    expect((await operator.get(`/api/v1/actions/servicedesk.request_types?q=${encodeURIComponent(tag)}`)).body.data.map((t: any) => t.key)).toEqual([key])

    // retire it
    const page2 = await adminPage(`/admin/request-types/${key}`)
    await page2.getByLabel(/Активний: пропонується для нових звернень/).uncheck()
    await page2.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page2.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await awaitPublished(page2)
    expect((await operator.get(`/api/v1/actions/servicedesk.request_types?q=${encodeURIComponent(tag)}`)).body.data).toEqual([])
    const refused = await ticket(key)
    expect(refused.status).toBe(422)
    expect(refused.body.errors).toEqual([jasmine.objectContaining({ pointer: '/request_type', code: 'retired_request_type' })])
    // the old request still shows its type and can still be worked on
    const patched = await operator.patch(`/api/v1/records/ticket/${old.body.data.id}`, { description: `Уточнено ${tag}`, version: old.body.data.version })
    expect(patched.status).withContext(patched.text).toBe(200)
    const form = await browser.signIn(operatorUser)
    await form.goto(`${url}/app/ticket/${old.body.data.id}`)
    await form.getByRole('heading', { name: new RegExp(old.body.data.number) }).waitFor()
    const chosen = form.getByLabel('Тип звернення').locator('option:checked')
    await until(async () => (await chosen.count()) === 1 && (await chosen.innerText()) === `Довідка ${tag}`)
    await form.goto(`${url}/app/ticket/new`)
    const options = form.getByLabel('Тип звернення').locator('option')
    await until(async () => (await options.count()) > 40)
    const offered = await options.allInnerTexts()
    expect(offered).not.toContain(`Довідка ${tag}`)
    expect(offered).toContain('Яма на дорозі')
  }, 120_000)

  it('edits SLAs in human durations and previews a calendar month over the draft', async () => {
    const page = await adminPage('/admin/sla/standard')
    await page.getByRole('heading', { name: 'Рівень обслуговування (SLA)', level: 1 }).waitFor()
    expect(await page.getByLabel('Строк вирішення, Звичайний').inputValue()).toBe('3 робочі дні')
    expect(await page.getByLabel('Строк реакції, Звичайний').inputValue()).toBe('4 год')
    await page.getByLabel('Строк реакції, Звичайний').fill('щось')
    await page.getByLabel('Строк реакції, Звичайний').press('Enter')
    await page.getByText(/Не розпізнано/).waitFor()
    await page.getByLabel('Строк реакції, Звичайний').fill('2 год 30 хв')
    await page.getByLabel('Строк реакції, Звичайний').press('Enter')
    await page.getByText('ISO PT2H30M').waitFor()
    expect(await page.getByRole('group', { name: 'Крок 3' }).getByLabel('Коли').inputValue()).toBe('150 %')
    expect(await seriousA11yViolations(page))
      .withContext('axe on the SLA designer')
      .toEqual([])

    const cal = await adminPage('/admin/calendars/kyiv_office')
    await cal.getByLabel('Місяць').fill('2026-12')
    const days = cal.locator('table.month td[data-date]')
    await until(async () => (await days.count()) === 31)
    await cal.getByRole('status').filter({ hasText: '23 робочі дні' }).waitFor()
    expect(await cal.locator('td[data-date="2026-12-25"]').getAttribute('class')).toBe('working') // martial law: Christmas is a working day
    expect(await cal.locator('td[data-date="2026-12-26"]').getAttribute('class')).toBe('off')
    // martial law ends on 30 November: Christmas becomes a day off again
    await cal.getByLabel('Діє по').fill('2026-11-30')
    await cal.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await cal.getByRole('status').filter({ hasText: '22 робочі дні' }).waitFor()
    expect(await cal.locator('td[data-date="2026-12-25"]').getAttribute('class')).toBe('off holiday')
    expect(await cal.locator('td[data-date="2026-12-25"]').innerText()).toContain('Різдво')
    await cal.getByRole('button', { name: 'Додати дату' }).click()
    await cal.getByLabel('Дата', { exact: true }).fill('2026-12-31')
    await cal.getByLabel('Примітка').fill('Короткий день перед Новим роком')
    await cal.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await cal.getByRole('status').filter({ hasText: '21 робочий день' }).waitFor()
    expect(await cal.locator('td[data-date="2026-12-31"]').getAttribute('class')).toBe('off')
    await cal.screenshot({ path: `${SHOTS}admin_sla_calendar.png`, fullPage: true })
    expect(await seriousA11yViolations(cal))
      .withContext('axe on the calendar designer')
      .toEqual([])
    // the published calendar is unchanged
    const published = await admin.get('/api/v1/actions/servicedesk.calendar_month?calendar=kyiv_office&month=2026-12')
    expect(published.body.data.days.filter((d: any) => d.working).length).toBe(23)
    const bad = await admin.get('/api/v1/actions/servicedesk.calendar_month?calendar=kyiv_office&month=2026-13')
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0].pointer).toBe('/month')
  }, 120_000)

  it('draws a workflow and refuses to publish one with an unreachable state', async () => {
    const page = await adminPage('/admin/workflows/ticket_standard')
    await until(async () => (await page.locator('.react-flow__node').count()) === 7)
    await until(async () => (await page.locator('.react-flow__edge').count()) >= 9)
    await page.screenshot({ path: `${SHOTS}admin_workflow.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the workflow designer')
      .toEqual([])

    await page.getByRole('button', { name: 'Додати стан' }).click()
    await page.getByLabel('Назва стану state_8 українською').fill('Перевірка якості')
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    const problems = page.locator('.wf-editor > [role=alert]')
    await problems.filter({ hasText: '/states/state_8' }).waitFor()
    expect(await page.locator('.react-flow__node.unreachable').count()).toBe(1)
    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await page.locator('.publish-bar [role=alert]').filter({ hasText: '/workflow/ticket_standard/states/state_8' }).waitFor()

    // a transition into it makes it reachable
    await page.getByRole('button', { name: 'Додати перехід' }).click()
    await page.getByRole('group', { name: 'Звідки (стани)' }).getByLabel('Вирішене').check()
    await page.getByRole('group', { name: 'Звідки (стани)' }).getByLabel('Нове', { exact: true }).uncheck()
    await page.getByLabel('Куди').selectOption({ label: 'Перевірка якості' })
    await page.getByRole('group', { name: 'Ролі, яким дозволено (жодної — усім, хто може змінювати запис)' }).getByLabel('Адміністратор').check()
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await until(async () => (await page.locator('.react-flow__node.unreachable').count()) === 0)
    await until(async () => (await problems.count()) === 0)
  }, 120_000)
})
