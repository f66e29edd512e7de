import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishDocuments, type DraftChange } from '#core/testing/metadata'
import { engine } from '#core/engine/engine'
import type { DashboardDoc } from '#core/shared/reports'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'

/**
 * Dashboards in the browser: an administrator opens a dashboard of reports published through
 * the metadata API, sees its charts and their tables, a new request changes an open panel
 * live, the period lives in the URL, a phone stacks the panels; the mayor starts on the
 * city's Mayor's report. The reports count only this spec's requests (their descriptions carry a tag).
 */
describe('dashboards in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `dash${Date.now().toString(36)}`
  const key = (name: string) => `${tag}_${name}`
  let admin: Credentials
  let mayor: Credentials
  let api: ApiClient
  let water: string
  let burst: any
  const onlyMine = { description: { contains: tag } }
  const period = { key: 'period', type: 'period', field: 'created_at', label: { uk: 'Період', en: 'Period' } }
  const company = { key: 'company', type: 'reference', field: 'contractor', to: 'counterparty', label: { uk: 'Виконавець', en: 'Company' } }
  const prio = { key: 'prio', type: 'enum', field: 'priority', label: { uk: 'Пріоритет', en: 'Priority' } }
  const report = (name: string, body: Record<string, unknown>) => ({
    $schema: '../../../modules/reports/schemas/report.schema.json',
    kind: 'report',
    key: key(name),
    entity: 'ticket',
    filter: onlyMine,
    parameters: [period, company, prio],
    ...body,
  })
  const reports = [
    report('kpi', {
      label: { uk: 'Звернень за період', en: 'Requests in the period' },
      measures: [{ key: 'requests', fn: 'count', label: { uk: 'Звернень', en: 'Requests' } }],
      presentation: { type: 'kpi', compare: 'previous_period', better: 'lower' },
    }),
    report('priority', {
      label: { uk: 'Звернення за пріоритетом', en: 'Requests by priority' },
      dimensions: [{ key: 'priority', field: 'priority', label: { uk: 'Пріоритет', en: 'Priority' } }],
      measures: [{ key: 'requests', fn: 'count', label: { uk: 'Звернень', en: 'Requests' } }],
      presentation: { type: 'bar', horizontal: true },
    }),
    report('days', {
      label: { uk: 'Звернення за днями', en: 'Requests by day' },
      dimensions: [{ key: 'day', field: 'created_at', bucket: 'day', label: { uk: 'День', en: 'Day' } }],
      measures: [{ key: 'requests', fn: 'count', label: { uk: 'Звернень', en: 'Requests' } }],
      presentation: { type: 'line' },
    }),
    report('heat', {
      label: { uk: 'Навантаження за годинами', en: 'Load by hour' },
      dimensions: [
        { key: 'hour', field: 'created_at', bucket: 'hour_of_day', label: { uk: 'Година', en: 'Hour' } },
        { key: 'weekday', field: 'created_at', bucket: 'weekday', label: { uk: 'День тижня', en: 'Weekday' } },
      ],
      measures: [{ key: 'requests', fn: 'count', label: { uk: 'Звернень', en: 'Requests' } }],
      presentation: { type: 'heatmap' },
    }),
  ]
  const dashboard = (dashboardKey: string, label: { uk: string; en: string }, extra: Record<string, unknown> = {}) => ({
    $schema: '../../../modules/reports/schemas/dashboard.schema.json',
    kind: 'dashboard',
    key: dashboardKey,
    label,
    parameters: [{ ...period, default: 'this_month' }, company, prio],
    refreshDebounceMs: 500,
    panels: [
      { report: key('kpi'), x: 0, y: 0, w: 4, h: 2 },
      { report: key('priority'), x: 4, y: 0, w: 8, h: 4, title: { uk: 'За пріоритетом', en: 'By priority' } },
      { report: key('days'), x: 0, y: 2, w: 4, h: 3, presentation: { type: 'area' } },
      { report: key('heat'), x: 0, y: 5, w: 12, h: 4 },
    ],
    ...extra,
  })

  const publish = (admin: ApiClient, docs: Array<Record<string, any>>) => publishDocuments(admin, docs as DraftChange[])

  const ticket = (description: string, priority: string) => api.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `${description} ${tag}`, priority, extra: { floor: 2 } })

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    const adminApi = await userClient(url, ['admin'])
    await publish(adminApi, [...reports, dashboard(key('board'), { uk: `Огляд звернень ${tag}`, en: `Requests overview ${tag}` })])
    api = await userClient(url, ['operator'])
    for (const [d, p] of [
      ['Немає води', 'normal'],
      ['Слабкий тиск', 'low'],
      ['Прорив труби', 'emergency'],
    ]) {
      const res = await ticket(d!, p!)
      expect(res.status).withContext(res.text).toBe(201)
      burst = res.body.data
    }
    // the burst pipe is the water company's
    water = (await adminApi.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `w_${tag}` })).body.data.id
    await engine.knex('ticket').where({ id: burst.id }).update({ contractor: water })
    // and it happened at a building with a point: a hot spot on the Mayor's map
    const building = await adminApi.post('/api/v1/records/object', { name: `Будинок ${tag}`, level: 'building', location: { lat: 50.5912, lon: 30.4871 } })
    expect(building.status).withContext(building.text).toBe(201)
    await engine.knex('ticket').where({ id: burst.id }).update({ object: building.body.data.id })
    admin = await makeUser(['admin'], {}, 'Адміністратор Звітів')
    mayor = await makeUser(['mayor'], {}, 'Мер Міста')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  const panel = (page: Page, title: string) => page.locator('section.report-panel', { has: page.getByRole('heading', { name: title, level: 2 }) })
  const kpiValue = (page: Page) => panel(page, 'Звернень за період').locator('.kpi-value')

  it('opens a dashboard from "Звіти": charts, a KPI, and the same figures as a table', async () => {
    const page = await browser.signIn(admin)
    await page.getByRole('navigation', { name: 'Розділи' }).getByRole('link', { name: 'Звіти' }).click()
    await page.getByRole('link', { name: `Огляд звернень ${tag}` }).click()
    await page.getByRole('heading', { name: `Огляд звернень ${tag}`, level: 1 }).waitFor()
    await until(async () => (await kpiValue(page).textContent()) === '3')
    // the period comes from the dashboard's default and shows in the picker
    expect(await page.getByLabel('Період', { exact: true }).inputValue()).toBe('this_month')
    // charts are SVG, named by their titles
    const bars = panel(page, 'За пріоритетом')
    await bars.locator('figure[aria-label="За пріоритетом"] [role="img"] svg').waitFor()
    await panel(page, 'Звернення за днями').locator('[role="img"] svg').waitFor()
    await panel(page, 'Навантаження за годинами').locator('[role="img"] svg').waitFor()
    expect(await bars.locator('[role="img"]').getAttribute('aria-label')).toContain('За пріоритетом')
    expect(await bars.locator('.report-computed').innerText()).toMatch(/^Обчислено \d{2}\.\d{2}\.\d{4}/)
    // the export menu downloads the panel's figures with the dashboard's parameters
    await bars.locator('summary', { hasText: 'Експорт' }).click()
    const [csv] = await Promise.all([page.waitForEvent('download'), bars.getByRole('button', { name: 'CSV' }).click()])
    expect(csv.suggestedFilename()).toMatch(/\.csv$/)
    const text = readFileSync((await csv.path())!, 'utf8')
    expect(text).toContain('Аварійний')
    await bars.locator('summary', { hasText: 'Експорт' }).click()
    await page.screenshot({ path: `${SHOTS}dashboard.png`, fullPage: true })

    await bars.getByRole('button', { name: 'Таблиця' }).click()
    expect(await bars.getByRole('button', { name: 'Таблиця' }).getAttribute('aria-pressed')).toBe('true')
    const table = bars.locator('table')
    expect(await table.locator('caption').innerText()).toBe('За пріоритетом')
    expect(await table.locator('th[scope="col"]').allInnerTexts()).toEqual(['Пріоритет', 'Звернень'])
    const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim())
    expect(rows).toContain('Аварійний 1')
    expect(await table.locator('tbody th[scope="row"]').count()).toBe(3)
    await page.screenshot({ path: `${SHOTS}dashboard_table.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the dashboard')
      .toEqual([])
  })

  it('updates an open panel live when a request is created', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/dashboards/${key('board')}`)
    await until(async () => (await kpiValue(page).textContent()) === '3')
    const res = await ticket('Вода тече зі стелі', 'emergency')
    expect(res.status).withContext(res.text).toBe(201)
    // the server's debounce, then the dashboard's, then the refetch
    await until(async () => (await kpiValue(page).textContent()) === '4', 20_000)
  })

  it('keeps the period in the URL: a link reproduces the view', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/dashboards/${key('board')}`)
    await until(async () => (await kpiValue(page).textContent()) !== null && (await kpiValue(page).textContent()) !== '—')
    await page.getByLabel('Період', { exact: true }).selectOption({ label: 'Вчора' })
    await until(async () => page.url().includes('period=yesterday'))
    await until(async () => (await kpiValue(page).textContent()) === '0')
    const again = await browser.signIn(admin)
    await again.goto(page.url())
    await until(async () => (await kpiValue(again).textContent()) === '0')
    expect(await again.getByLabel('Період', { exact: true }).inputValue()).toBe('yesterday')
    // explicit dates
    await again.getByLabel('Період', { exact: true }).selectOption({ label: 'Свої дати…' })
    await until(async () => /period=\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}/.test(again.url()))
  })

  it('narrows every panel by an enum and a reference picked above the grid', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/dashboards/${key('board')}?period=this_month`)
    await until(async () => (await kpiValue(page).textContent()) === '4')
    await page.getByLabel('Пріоритет', { exact: true }).selectOption({ label: 'Аварійний' })
    await until(async () => page.url().includes('prio=emergency'))
    // the burst pipe and the live one
    await until(async () => (await kpiValue(page).textContent()) === '2')
    const picker = page.getByRole('combobox', { name: 'Виконавець' })
    await picker.fill(`Водоканал ${tag}`)
    await page.getByRole('option', { name: `Водоканал ${tag}` }).click()
    await until(async () => page.url().includes(`company=${water}`))
    await until(async () => (await kpiValue(page).textContent()) === '1')
    const bars = panel(page, 'За пріоритетом')
    await bars.getByRole('button', { name: 'Таблиця' }).click()
    expect((await bars.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['Аварійний 1'])
    await page.screenshot({ path: `${SHOTS}dashboard_filtered.png`, fullPage: true })
  })

  it('stacks the panels in one column on a phone', async () => {
    const page = await browser.signIn(admin, { width: 390, height: 844 })
    await page.goto(`${url}/app/dashboards/${key('board')}`)
    await until(async () => (await kpiValue(page).textContent()) !== null)
    await until(async () => (await page.locator('.echart svg').count()) === 3)
    const boxes = await Promise.all((await page.locator('section.report-panel').all()).map((p) => p.boundingBox()))
    expect(boxes.length).toBe(4)
    for (const [i, b] of boxes.entries()) {
      expect(b!.width).withContext(`panel ${i} width`).toBeGreaterThan(300)
      expect(b!.x + b!.width)
        .withContext(`panel ${i} fits`)
        .toBeLessThanOrEqual(390)
      if (i)
        expect(b!.y)
          .withContext(`panel ${i} below the one before`)
          .toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.height)
    }
    await page.screenshot({ path: `${SHOTS}dashboard_phone.png`, fullPage: true })
  })

  it("starts the mayor on the city's Mayor's report, large and live, with its PDF", async () => {
    // the city pack's dashboard `mayor` (seeds), left as it is for other specs
    const doc = engine.set.get<DashboardDoc>('dashboard', 'mayor')!
    expect(doc.home).toContain('mayor')
    const page = await browser.signIn(mayor, { width: 1920, height: 1080 })
    await until(async () => page.url().endsWith('/app/mayor'))
    await page.getByRole('heading', { name: doc.label.uk, level: 1 }).waitFor()
    const kpis = page.locator('section.report-panel .kpi-value')
    await until(async () => (await kpis.count()) > 0 && /^\d/.test((await kpis.first().textContent()) ?? ''))
    await until(async () => (await page.locator('section.report-panel[aria-busy="true"]').count()) === 0)
    expect(await page.locator('section.report-panel').count()).toBeGreaterThan(3)
    // the hot spots panel is the service desk's map, with the burst pipe as a heat spot
    const hot = panel(page, 'Гарячі точки')
    await hot.locator('.leaflet-container').waitFor()
    await hot.locator('canvas.leaflet-heatmap-layer').waitFor({ state: 'attached' })
    const size = await kpis.first().evaluate((el) => parseFloat((globalThis as any).getComputedStyle(el).fontSize as string))
    expect(size).toBeGreaterThanOrEqual(40)
    expect(await page.getByRole('navigation', { name: 'Розділи' }).getByRole('link', { name: 'Звіт мера' }).count()).toBe(1)
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()])
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString()
    ).toBe('%PDF-')
    await page.screenshot({ path: `${SHOTS}mayor_wall.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext("axe on the Mayor's report")
      .toEqual([])
    const phone = await browser.signIn(mayor, { width: 390, height: 844 })
    await until(async () => (await phone.locator('section.report-panel .kpi-value').count()) > 0)
    await until(async () => (await phone.locator('section.report-panel[aria-busy="true"]').count()) === 0)
    const boxes = await Promise.all((await phone.locator('section.report-panel').all()).map((p) => p.boundingBox()))
    for (const b of boxes) expect(b!.x + b!.width).toBeLessThanOrEqual(390)
    await phone.screenshot({ path: `${SHOTS}mayor_phone.png`, fullPage: true })
  })
})
