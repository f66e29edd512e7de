import type { Locator, Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'
import type { ReportDoc } from '#core/shared/reports'

/**
 * The report designer (modules/reports/ui/designer): an administrator builds "requests by
 * street this month" by dragging a street (the building's parent) into the dimensions, adds
 * the period parameter and the bar presentation, previews it on real data as herself and as a
 * contractor's dispatcher (who sees only her company's requests), publishes it, puts it on a
 * new dashboard and publishes that too; the dashboard serves the report's figures.
 */
describe('Report designer in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = Date.now().toString(36)
  const reportName = 'Звернення за вулицями цього місяця'
  const dashboardKey = `city_${tag}`
  let admin: Credentials
  let api: ApiClient
  const streets = { mine: `вул. Звітна ${tag}`, other: `вул. Чужа ${tag}` }

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    api = await userClient(url, ['admin'])
    const company = async (name: string) => (await api.post('/api/v1/records/counterparty', { name })).body.data.id as string
    const mine = await company(`КП Звітне ${tag}`)
    const other = await company(`КП Інше ${tag}`)
    const building = async (street: string) => {
      const s = (await api.post('/api/v1/records/object', { name: street, level: 'street' })).body.data
      return (await api.post('/api/v1/records/object', { name: '1', level: 'building', parent: s.id })).body.data.id as string
    }
    const b1 = await building(streets.mine)
    const b2 = await building(streets.other)
    const ticket = async (object: string, contractor: string) => {
      const res = await api.post('/api/v1/records/ticket', { request_type: 'yard_cleaning', object, contractor, description: `Звіт ${tag}` })
      expect(res.status).withContext(JSON.stringify(res.body)).toBe(201)
    }
    for (let i = 0; i < 3; i++) await ticket(b1, mine)
    for (let i = 0; i < 2; i++) await ticket(b2, other)
    admin = await makeUser(['admin'], {}, 'Адміністратор Звітів')
    await makeUser(['contractor_dispatcher'], { counterparty: mine }, `Диспетчер Звітна ${tag}`)
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  /** The preview's rows as `street → count`, read from the chart's table (its "Таблиця" toggle). */
  async function previewRows(page: Page): Promise<Record<string, string>> {
    const result = page.locator('.rd-result')
    await result.waitFor()
    const toggle = result.getByRole('button', { name: 'Таблиця' })
    if ((await toggle.count()) && (await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click()
    const out: Record<string, string> = {}
    for (const row of await result.locator('table tbody tr').all()) out[await row.locator('th').innerText()] = await row.locator('td').first().innerText()
    return out
  }

  async function dragInto(page: Page, chip: Locator, zone: Locator) {
    await chip.scrollIntoViewIfNeeded()
    await chip.hover()
    await page.mouse.down()
    const box = (await zone.boundingBox())!
    await page.mouse.move(box.x + 10, box.y + 10, { steps: 6 })
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 })
    await page.mouse.up()
  }

  it('builds requests by street by dragging, previews as a dispatcher, publishes, and puts it on a dashboard', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/admin/reports`)
    await page.getByRole('heading', { name: 'Звіти', level: 1 }).waitFor()
    await page.getByLabel('Назва', { exact: true }).fill(reportName)
    expect(await page.getByLabel('Ключ', { exact: true }).inputValue()).toBe('zvernennia_za_vulytsiamy_tsoho_misiatsia')
    await page.getByRole('button', { name: 'Створити звіт' }).click()
    await page.getByRole('heading', { name: reportName, level: 2 }).waitFor()
    expect(page.url()).toContain('/admin/reports/zvernennia_za_vulytsiamy_tsoho_misiatsia')

    // the street of a building: the request's address → its parent, dragged into the dimensions
    await page.locator('.rd-palette-group[data-via="object"] > details > summary').click()
    await dragInto(page, page.getByRole('button', { name: 'Перетягнути: Адреса / обʼєкт → Входить до' }), page.locator('[data-zone="dimensions"]'))
    await page.locator('[data-dimension="object_parent"]').waitFor()
    expect(await page.locator('[data-measure]').count()).toBe(1) // the count of requests, there from the start

    // the period parameter, this month by default
    await page.getByLabel('Готовий параметр').selectOption({ label: 'Період' })
    await page.getByRole('button', { name: '+ Додати параметр' }).click()
    const period = page.locator('[data-parameter="period"]')
    await period.waitFor()
    expect(await period.getByLabel('Типово').inputValue()).toBe('this_month')

    // bars, a ranking: horizontal, by count descending
    await page.getByRole('radio', { name: 'Стовпці' }).check()
    await page.getByLabel('Горизонтальні стовпці').check()
    await page.getByRole('button', { name: '+ Додати сортування' }).click()
    await page.getByLabel('Сортувати за', { exact: true }).selectOption('count')
    await page.screenshot({ path: `${SHOTS}report_designer_built.png`, fullPage: true })
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByText('Збережено в чернетку').waitFor()

    // the admin sees both streets
    await page.getByRole('button', { name: 'Переглянути', exact: true }).click()
    await page.locator('.rd-result figure.chart-bar .echart svg').waitFor()
    await page.locator('.rd-preview').screenshot({ path: `${SHOTS}report_designer_preview_chart.png` })
    const all = await previewRows(page)
    expect(Object.entries(all).find(([k]) => k.includes(streets.mine))?.[1]).toBe('3')
    expect(Object.entries(all).find(([k]) => k.includes(streets.other))?.[1]).toBe('2')
    await page.screenshot({ path: `${SHOTS}report_designer_preview_admin.png`, fullPage: true })

    // the dispatcher of the first company: only its requests
    await page.getByLabel('Роль', { exact: true }).selectOption({ label: 'Диспетчер виконавця' })
    const option = page.getByLabel('Користувач', { exact: true }).locator('option', { hasText: `Диспетчер Звітна ${tag}` })
    await until(async () => (await option.count()) === 1)
    await page.getByLabel('Користувач', { exact: true }).selectOption((await option.getAttribute('value'))!)
    await page.getByRole('button', { name: 'Переглянути', exact: true }).click()
    await page.getByText(`Як бачить: Диспетчер Звітна ${tag}`).waitFor()
    const theirs = await previewRows(page)
    expect(Object.entries(theirs).find(([k]) => k.includes(streets.mine))?.[1]).toBe('3')
    expect(Object.keys(theirs).some((k) => k.includes(streets.other))).toBeFalse()
    expect(theirs).not.toEqual(all)
    await page.screenshot({ path: `${SHOTS}report_designer_preview_dispatcher.png`, fullPage: true })
    expect(await seriousA11yViolations(page, '.admin')).toEqual([])

    // another period for the preview only: last month had none of these requests
    await page.locator('.rd-preview').getByLabel('Період', { exact: true }).selectOption('last_month')
    await page.getByRole('button', { name: 'Переглянути', exact: true }).click()
    await until(async () => !(await page.locator('.rd-result').innerText()).includes(streets.mine))
    expect(await page.locator('.rd-result').innerText()).toContain('Період: ')
    await page.locator('.rd-preview').getByLabel('Період', { exact: true }).selectOption('')

    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await page.getByText(/Опубліковано/).waitFor()
    const reportKey = 'zvernennia_za_vulytsiamy_tsoho_misiatsia'
    expect(engine.set.get('report', reportKey)).toEqual(jasmine.objectContaining({ entity: 'ticket', dimensions: [{ key: 'object_parent', field: 'object.parent' }] }))

    // onto a new dashboard, published with the next draft
    await page.getByLabel('Назва панелі').fill(`Панель міста ${tag}`)
    await page.getByLabel('Ключ панелі').fill(dashboardKey)
    await page.getByRole('button', { name: 'Додати на панель' }).click()
    await page.getByText(`Звіт додано на панель «Панель міста ${tag}»`).waitFor()
    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await until(async () => !!engine.set.get('dashboard', dashboardKey))
    expect(engine.set.get('dashboard', dashboardKey)).toEqual(jasmine.objectContaining({ panels: [{ report: reportKey, x: 0, y: 0, w: 6, h: 4 }] }))
    await page.screenshot({ path: `${SHOTS}report_designer_published.png`, fullPage: true })

    const dash = await api.get(`/api/v1/actions/reports.dashboard?key=${dashboardKey}`)
    expect(dash.status).withContext(JSON.stringify(dash.body)).toBe(200)
    expect(JSON.stringify(dash.body)).toContain(reportKey)

    // the dashboard screen draws the new panel with this month's figures
    await page.goto(`${url}/app/dashboards/${dashboardKey}`)
    await page.getByRole('heading', { name: `Панель міста ${tag}`, level: 1 }).waitFor()
    await page.getByRole('heading', { name: reportName, level: 2 }).waitFor()
    await page.locator('.echart svg').first().waitFor()
    await page.screenshot({ path: `${SHOTS}report_designer_dashboard.png`, fullPage: true })
  }, 240_000)

  it('shows the preview’s problems next to the inputs', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/admin/reports`)
    await page.getByLabel('Назва', { exact: true }).fill(`Поганий звіт ${tag}`)
    await page.getByRole('button', { name: 'Створити звіт' }).click()
    await page.locator('[data-measure="count"]').waitFor()
    // without a pointer: the dimensions' own list and "Add"
    await page.getByLabel('Поле для виміру…').selectOption('priority')
    await page.locator('[data-zone="dimensions"]').getByRole('button', { name: '+ Додати' }).click()
    await page.locator('[data-dimension="priority"]').waitFor()
    await page.locator('[data-measure="count"]').getByLabel('Ключ колонки').fill('Bad Key')
    await page.getByRole('button', { name: 'Переглянути', exact: true }).click()
    await page.getByText('Звіт має помилки — вони показані біля полів.').waitFor()
    await page.locator('[data-measure] .field-error[data-pointer="/measures/0/key"]').waitFor()
  }, 120_000)

  it('shows a shipped report as it is: module measures, a KPI compared with the previous period, a filter beyond the builder as JSON', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/admin/reports/feedback`)
    const shipped = engine.set.get<ReportDoc>('report', 'feedback')!
    await page.getByRole('heading', { name: shipped.label.uk, level: 2 }).waitFor()
    const csat = page.locator('[data-measure="csat"]')
    expect(await csat.getByLabel('Функція').inputValue()).toBe('servicedesk.csat')
    expect(await page.locator('[data-measure="rating"]').getByLabel('Поле', { exact: true }).inputValue()).toBe('feedback_rating')
    expect(await page.getByRole('radio', { name: 'Число (KPI)' }).isChecked()).toBeTrue()
    expect(await page.getByLabel('Порівняти з попереднім періодом').isChecked()).toBeTrue()
    expect(await page.getByLabel('Диспетчер виконавця', { exact: true }).isChecked()).toBe((shipped.roles ?? []).includes('contractor_dispatcher'))
    expect(await page.getByRole('button', { name: 'Зберегти в чернетку' }).isDisabled()).toBeTrue()
    await page.screenshot({ path: `${SHOTS}report_designer_kpi.png`, fullPage: true })

    await page.goto(`${url}/app/admin/reports/resolution_time_trend`)
    await page.locator('[data-dimension="week"]').waitFor()
    expect(await page.locator('[data-dimension="week"]').getByLabel('Групувати за').inputValue()).toBe('week')
    expect(JSON.parse(await page.getByLabel('Фільтр (JSON)').inputValue())).toEqual({ resolved_at: { isNull: false } })
    expect(await seriousA11yViolations(page, '.admin')).toEqual([])
  }, 120_000)
})
