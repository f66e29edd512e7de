import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, waitForCount, type Credentials } from '#core/testing/browser'

/**
 * The list in a real browser: a supervisor saves, applies, renames and deletes a filter; selects
 * rows and sets a field, makes a transition asking its required field once (one record changed
 * meanwhile is refused with the reason), deletes; exports the visible columns as XLSX.
 */
describe('list: saved filters, bulk actions, export', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `ls${Date.now().toString(36)}`
  let operatorApi: ApiClient
  let supervisor: Credentials
  let operator: Credentials
  const tickets: any[] = []

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    operatorApi = await userClient(url, ['operator'])
    for (const [description, priority] of [
      ['Немає води', 'normal'],
      ['Слабкий тиск', 'low'],
      ['Прорив труби', 'emergency'],
    ]) {
      const r = await operatorApi.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `${description} ${tag}`, priority, extra: { floor: 2 } })
      expect(r.status).withContext(r.text).toBe(201)
      tickets.push(r.body.data)
    }
    supervisor = await makeUser(['supervisor'], {}, 'Світлана Супервізор')
    operator = await makeUser(['operator'], {}, 'Олег Оператор')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  const openList = async (who: Credentials, count = 3) => {
    const page = await browser.signIn(who)
    await page.goto(`${url}/app/ticket`)
    await page.getByRole('heading', { name: 'Звернення' }).waitFor()
    await page.getByRole('searchbox', { name: 'Пошук' }).fill(tag)
    const rows = page.locator('table.records tbody tr')
    await waitForCount(rows, count)
    return { page, rows }
  }

  it('saves the current filter under a name, applies, renames and deletes it', async () => {
    const { page, rows } = await openList(supervisor)
    await page.getByRole('button', { name: 'Додати умову' }).click()
    await page.getByLabel('Поле 1').selectOption({ label: 'Пріоритет' })
    await page.getByLabel('Значення 1').selectOption({ label: 'Аварійний' })
    await waitForCount(rows, 1)
    const saved = page.getByRole('region', { name: 'Збережені фільтри' })
    await saved.getByRole('button', { name: 'Зберегти як фільтр' }).click()
    await saved.getByLabel('Назва фільтра').fill(`Аварійні ${tag}`)
    await saved.getByRole('button', { name: 'Зберегти', exact: true }).click()
    const chip = saved.getByRole('button', { name: `Аварійні ${tag}`, exact: true })
    await chip.waitFor()
    expect(await chip.getAttribute('aria-pressed')).toBe('true')

    // a fresh page: the filter is the user's, kept on the server
    await page.reload()
    await page.getByRole('heading', { name: 'Звернення' }).waitFor()
    await chip.waitFor()
    expect(await chip.getAttribute('aria-pressed')).toBe('false')
    expect(await page.getByRole('searchbox', { name: 'Пошук' }).inputValue()).toBe('')
    await chip.click()
    await waitForCount(rows, 1)
    expect(await rows.first().innerText()).toContain(tickets[2].number)
    expect(await page.getByRole('searchbox', { name: 'Пошук' }).inputValue()).toBe(tag)
    expect(await page.getByLabel('Значення 1').inputValue()).toBe('emergency')

    await saved.getByRole('button', { name: `Перейменувати «Аварійні ${tag}»` }).click()
    const rename = saved.getByLabel(`Нова назва «Аварійні ${tag}»`)
    await rename.fill(`Прориви ${tag}`)
    await rename.press('Enter')
    await saved.getByRole('button', { name: `Прориви ${tag}`, exact: true }).waitFor()
    // a second one, then a bad name: the server's reason is shown
    await saved.getByRole('button', { name: 'Зберегти як фільтр' }).click()
    await saved.getByLabel('Назва фільтра').fill(`Прориви ${tag}`)
    await saved.getByRole('button', { name: 'Зберегти', exact: true }).click()
    await saved
      .getByRole('alert')
      .filter({ hasText: `Фільтр «Прориви ${tag}» вже збережено` })
      .waitFor()
    await saved.getByLabel('Назва фільтра').fill(`Усі мої ${tag}`)
    await saved.getByRole('button', { name: 'Зберегти', exact: true }).click()
    await saved.getByRole('button', { name: `Усі мої ${tag}`, exact: true }).waitFor()
    await page.screenshot({ path: `${SHOTS}list_saved_filters.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the list with saved filters')
      .toEqual([])

    await saved.getByRole('button', { name: `Видалити «Прориви ${tag}»` }).click()
    await until(async () => (await saved.getByRole('button', { name: `Прориви ${tag}`, exact: true }).count()) === 0)
    const left = await engine.knex('sys_saved_filters').where({ entity: 'ticket' }).whereLike('name', `%${tag}`).pluck('name')
    expect(left).toEqual([`Усі мої ${tag}`])
  })

  it('selects rows and sets a field, then makes a transition asking its required field once, with a result per row', async () => {
    const { page, rows } = await openList(supervisor)
    await page.getByRole('checkbox', { name: 'Вибрати всі на сторінці' }).check()
    const bar = page.getByRole('region', { name: 'Дії з вибраними' })
    await bar.getByText('Вибрано: 3').waitFor()
    await bar.getByLabel('Змінити поле').selectOption({ label: 'Пріоритет' })
    await bar.getByLabel('Нове значення').selectOption({ label: 'Високий' })
    await bar.getByRole('button', { name: 'Застосувати значення поля' }).click()
    const results = page.getByRole('region', { name: /Результат/ })
    await results.getByText('Результат: виконано 3, відмовлено 0').waitFor()
    expect(
      (
        await engine
          .knex('ticket')
          .whereIn(
            'id',
            tickets.map((t) => t.id)
          )
          .pluck('priority')
      ).sort()
    ).toEqual(['high', 'high', 'high'])
    await results.getByRole('button', { name: 'Закрити результат' }).click()
    // the rows refresh live (with their new versions) before they are selected again
    await until(async () => (await rows.filter({ hasText: 'Високий' }).count()) === 3)

    // all three again; the transitions common to them are offered
    await page.getByRole('checkbox', { name: 'Вибрати всі на сторінці' }).check()
    await bar.getByText('Вибрано: 3').waitFor()
    const transition = bar.getByLabel('Перехід', { exact: true })
    await until(async () => (await transition.locator('option', { hasText: 'Скасувати' }).count()) === 1)
    await transition.selectOption({ label: 'Скасувати' })
    await bar.getByRole('button', { name: 'Застосувати перехід' }).click()
    const dialog = page.getByRole('dialog', { name: /Скасувати/ })
    await dialog.getByRole('button', { name: 'Виконати' }).click()
    await dialog.locator('#transition_resolution__error').waitFor() // asked once, for all
    // meanwhile an operator cancels one of them
    const cancelled = await operatorApi.post(`/api/v1/records/ticket/${tickets[0].id}/transitions/cancel`, { resolution: 'Дубль' })
    expect(cancelled.status).withContext(cancelled.text).toBe(200)
    await until(async () => (await rows.filter({ hasText: 'Скасоване' }).count()) === 1)
    await dialog.getByLabel(/Рішення/).fill('Обʼєднано з іншим зверненням')
    await dialog.getByRole('button', { name: 'Виконати' }).click()
    await results.getByText('Результат: виконано 2, відмовлено 1').waitFor()
    const refused = results.locator('li.refused')
    expect(await refused.innerText()).toContain(tickets[0].number)
    expect(await refused.innerText()).toContain('неможливо зі стану «Скасоване»')
    // the refused one stays selected
    await bar.getByText('Вибрано: 1').waitFor()
    await page.screenshot({ path: `${SHOTS}list_bulk.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the list with the selection bar')
      .toEqual([])

    // delete the one left selected (the supervisor may): it leaves the list live
    page.once('dialog', (d) => void d.accept())
    await bar.getByRole('button', { name: 'Видалити' }).click()
    await results.getByText('Результат: виконано 1, відмовлено 0').waitFor()
    await waitForCount(rows, 2)
    expect(await page.getByRole('region', { name: 'Дії з вибраними' }).count()).toBe(0)
  })

  it('exports the visible columns of the current filter as XLSX with the labels as headers', async () => {
    const { page, rows } = await openList(supervisor, 2) // one was deleted above
    // hide a column: the export follows the table
    await page.locator('summary', { hasText: 'Стовпці' }).click()
    await page.getByRole('checkbox', { name: 'Створено' }).uncheck()
    await page.locator('summary', { hasText: 'Стовпці' }).click()
    const headers = (await page.locator('table.records thead th').allInnerTexts()).map((h) => h.replace(/[▲▼]|\(.*\)/g, '').trim()).filter(Boolean)
    expect(headers).not.toContain('Створено')
    await page.locator('summary', { hasText: 'Експорт' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel (XLSX)' }).click()])
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync((await download.path())!) as any)
    const sheet = book.worksheets[0]
    const values: unknown[][] = []
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)))
    expect(values[0]).toEqual(headers)
    expect(values.length).toBe(1 + (await rows.count()))
    expect(
      values
        .slice(1)
        .map((r) => r[0])
        .sort()
    ).toEqual(
      tickets
        .slice(1)
        .map((t) => t.number)
        .sort()
    )
  })

  it('pages by cursor ("show more") and selects all loaded rows for a bulk change', async () => {
    const admin = await userClient(url, ['admin'])
    const contractor = (await admin.post('/api/v1/records/counterparty', { name: `Підрядник ${tag}`, kind: 'contractor' })).body.data.id
    const dispatcherApi = await userClient(url, ['test_dispatcher'])
    for (let i = 1; i <= 53; i++) {
      const r = await dispatcherApi.post('/api/v1/records/work_order', { title: `Наряд ${i} ${tag}`, contractor, priority: 1 })
      expect(r.status).withContext(r.text).toBe(201)
    }
    const page = await browser.signIn(await makeUser(['test_dispatcher'], {}, 'Диспетчер нарядів'))
    await page.goto(`${url}/app/work_order`)
    await page.getByRole('searchbox', { name: 'Пошук' }).fill(tag)
    const rows = page.locator('table.records tbody tr')
    await waitForCount(rows, 50)
    await page.getByText('Показано 50 з 53').waitFor()
    await page.getByRole('button', { name: 'Показати ще' }).click()
    await waitForCount(rows, 53)
    expect(await page.getByRole('button', { name: 'Показати ще' }).count()).toBe(0)
    await page.getByRole('checkbox', { name: 'Вибрати всі на сторінці' }).check()
    const bar = page.getByRole('region', { name: 'Дії з вибраними' })
    await bar.getByText('Вибрано: 53').waitFor()
    await bar.getByLabel('Змінити поле').selectOption({ label: 'Пріоритет' })
    await bar.getByLabel('Нове значення').fill('4')
    await bar.getByRole('button', { name: 'Застосувати значення поля' }).click()
    await page.getByText('Результат: виконано 53, відмовлено 0').waitFor({ timeout: 60_000 })
    expect(await engine.knex('work_order').whereLike('title', `%${tag}`).where({ priority: 4 }).count({ n: '*' }).first()).toEqual({ n: 53 } as any)
  })

  it('offers an operator neither export nor delete', async () => {
    const { page } = await openList(operator, 2)
    expect(await page.locator('summary', { hasText: 'Експорт' }).count()).toBe(0)
    await page.getByRole('checkbox', { name: `Вибрати ${tickets[1].number}` }).check()
    const bar = page.getByRole('region', { name: 'Дії з вибраними' })
    await bar.getByText('Вибрано: 1').waitFor()
    expect(await bar.getByRole('button', { name: 'Видалити' }).count()).toBe(0)
    await bar.getByRole('button', { name: 'Зняти вибір' }).click()
    await until(async () => (await page.getByRole('region', { name: 'Дії з вибраними' }).count()) === 0)
  })
})
