import { randomInt } from 'node:crypto'
import type { Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'

/**
 * The city pack's screens as its users meet them: the dispatcher's default list (open requests,
 * due coloured by SLA), navigation by role (technical entities grouped for administrators,
 * `/app/admin`), a knowledge-base article's reading view, the supervisor's board at 1440 px
 * with a drill-down, and every screen in Ukrainian and English without raw keys or options.
 */
describe('city screens in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `cs${Date.now().toString(36)}${randomInt(100)}`
  let admin: Credentials
  let dispatcher: Credentials
  let operator: Credentials
  let supervisor: Credentials
  let water: string
  let open: any
  let closed: any
  let article: any

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    const api = await userClient(url, ['admin'])
    water = (await api.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `cs_${tag}` })).body.data.id
    const street = (await api.post('/api/v1/records/object', { name: `вул. Міська ${tag}`, level: 'street' })).body.data.id
    expect((await api.post('/api/v1/records/object_responsibility', { object: street, category: 'water', counterparty: water })).status).toBe(201)
    const make = async (description: string) => {
      const res = await api.post('/api/v1/records/ticket', { request_type: 'no_cold_water', object: street, description: `${description} ${tag}`, extra: { scope: 'street' } })
      expect(res.status).withContext(res.text).toBe(201)
      return res.body.data
    }
    open = await make('Немає води')
    closed = await make('Вже є вода')
    expect(open.contractor).toBe(water)
    await engine.knex('ticket').where({ id: closed.id }).update({ status: 'closed', closed_at: new Date() })
    // an overdue one: its due time shows red in the list
    await engine.knex('ticket').where({ id: open.id }).update({ resolution_breached: true })
    const created = await api.post('/api/v1/records/kb_article', {
      title: `Графік подачі води ${tag}`,
      summary: `Коли дають воду ${tag}`,
      body: '<p>Вода подається <strong>з 6:00 до 23:00</strong>.</p><script>alert(1)</script>',
      audience: 'operators',
      request_types: ['no_cold_water'],
      valid_to: '2099-12-31',
    })
    expect(created.status).withContext(created.text).toBe(201)
    article = created.body.data
    admin = await makeUser(['admin'], {}, 'Адміністратор Міста')
    dispatcher = await makeUser(['contractor_dispatcher'], { counterparty: water }, 'Диспетчер Водоканалу')
    operator = await makeUser(['operator'], {}, 'Оператор Міста')
    supervisor = await makeUser(['supervisor'], {}, 'Супервізор Міста')
    const other = (await api.post('/api/v1/records/counterparty', { name: `Тепломережа ${tag}`, code: `ct_${tag}` })).body.data.id
    await makeUser(['contractor_worker'], { counterparty: water }, `Петро Свій ${tag}`)
    await makeUser(['contractor_worker'], { counterparty: other }, `Іван Чужий ${tag}`)
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('gives a dispatcher open requests by default, due coloured by SLA, with a switch to all', async () => {
    const page = await browser.signIn(dispatcher)
    const nav = page.getByRole('navigation', { name: 'Розділи' })
    // "Звіти" shows once the list of the reports they may open has loaded (the city's reports have some for them)
    await nav.getByRole('link', { name: 'Звіти' }).waitFor()
    expect((await nav.getByRole('link').allInnerTexts()).map((s) => s.trim())).toEqual(['Карта', 'Звіти', 'Звернення', 'Користувач', 'Доручення', 'Стаття бази знань'])
    await nav.getByRole('link', { name: 'Звернення' }).click()
    await page.getByRole('heading', { name: 'Звернення до виконання', level: 1 }).waitFor()
    // (the sorted column carries its arrow)
    const headers = (await page.locator('table.records thead th').allInnerTexts()).map((s) => s.split('\n')[0]!.replace('▲', '').trim()).filter(Boolean)
    expect(headers.slice(0, 6)).toEqual(['Номер', 'Тип звернення', 'Адреса / обʼєкт', 'Вирішити до', 'Відповідальний', 'Стан'])
    await page.getByRole('searchbox', { name: 'Пошук' }).fill(tag)
    const rows = page.locator('table.records tbody tr')
    await until(async () => (await rows.count()) === 1)
    expect(await rows.first().innerText()).toContain(open.number)
    expect(await rows.first().locator('td.sla-breached').count()).toBe(1)
    const states = page.locator('label.state-filter select')
    expect(await states.locator('option:checked').innerText()).toBe('Будь-який відкритий')
    await page.screenshot({ path: `${SHOTS}dispatcher_list.png`, fullPage: true })
    await states.selectOption({ label: 'Усі' })
    await until(async () => (await rows.count()) === 2)
  })

  it("offers only the company's own workers when a dispatcher assigns a request", async () => {
    const page = await browser.signIn(dispatcher)
    await page.goto(`${url}/app/ticket/${open.id}`)
    await page.getByRole('region', { name: 'Дії' }).getByRole('button', { name: 'Призначити виконавця' }).click()
    const dialog = page.getByRole('dialog', { name: /Призначити виконавця/ })
    const picker = dialog.getByRole('combobox', { name: /Відповідальний/ })
    await picker.fill(tag)
    await dialog.getByRole('option', { name: `Петро Свій ${tag}` }).waitFor()
    expect(await dialog.getByRole('option', { name: `Іван Чужий ${tag}` }).count()).toBe(0)
    await picker.fill('Іван')
    await until(async () => (await dialog.getByRole('option', { name: `Іван Чужий ${tag}` }).count()) === 0 && (await dialog.getByRole('option', { name: `Петро Свій ${tag}` }).count()) === 0)
    await picker.fill('Петро')
    await dialog.getByRole('option', { name: `Петро Свій ${tag}` }).click()
    await page.screenshot({ path: `${SHOTS}assign_own_workers.png` })
    await dialog.getByRole('button', { name: 'Виконати' }).click()
    await page.getByText('Виконано: Призначити виконавця').waitFor()
    const row = await engine.knex('ticket').where({ id: open.id }).first('responsible')
    expect(row.responsible).toBe(
      (
        await engine
          .knex('sys_users')
          .where({ name: `Петро Свій ${tag}` })
          .first('id')
      ).id
    )
  })

  it("shows every error of a form at once, the type's own fields with the others", async () => {
    const page = await browser.signIn(operator)
    await page.goto(`${url}/app/ticket/new?request_type=no_hot_water`)
    await page.getByRole('button', { name: 'Створити', exact: true }).click()
    await page.locator('#root_description__error').waitFor()
    expect(await page.locator('#root_extra_scope__error').innerText()).toContain('Обовʼязкове поле')
    // one form date as Ukrainians write it, whatever the browser
    expect(await page.locator('#root_extra_since').getAttribute('placeholder')).toBe('дд.мм.рррр гг:хх')
  })

  it('shows technical entities to administrators only, grouped, and opens the builder at /app/admin', async () => {
    const page = await browser.signIn(admin)
    const nav = page.getByRole('navigation', { name: 'Розділи' })
    const group = nav.locator('details.nav-group')
    expect(await group.locator('summary').innerText()).toBe('Службові дані')
    expect(await group.textContent()).toContain('Присутність оператора')
    await page.goto(`${url}/app/admin`)
    await until(async () => page.url().endsWith('/app/admin/publish'))
    const desk = await browser.signIn(operator)
    await desk.getByRole('navigation', { name: 'Розділи' }).getByRole('link', { name: 'Звіти' }).waitFor()
    const theirs = (await desk.getByRole('navigation', { name: 'Розділи' }).getByRole('link').allInnerTexts()).map((s) => s.trim())
    expect(theirs).toEqual(['Єдине вікно', 'Карта', 'Звіти', 'Звернення', 'Мешканець', 'Передзвонити', 'Стаття бази знань'])
  })

  it('opens a knowledge-base article in a reading view; editing is a separate action for editors', async () => {
    const page = await browser.signIn(operator)
    await page.goto(`${url}/app/kb_article`)
    const row = page.locator('table.records tbody tr').filter({ hasText: `Графік подачі води ${tag}` })
    await row.waitFor()
    expect(await row.innerText()).toContain(`Коли дають воду ${tag}`)
    expect(await page.locator('table.records').innerText()).not.toContain('<p>')
    await row.getByRole('link').first().click()
    const reading = page.getByRole('region', { name: 'Стаття', exact: true })
    await reading.waitFor()
    expect(await reading.locator('strong').innerText()).toBe('з 6:00 до 23:00')
    expect(await reading.innerText()).toContain('Відсутнє холодне водопостачання')
    expect(await reading.innerText()).toContain('до 31.12.2099')
    expect(await reading.locator('script').count()).toBe(0)
    expect(await page.locator('.record-form').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Редагувати' }).count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}kb_reading.png`, fullPage: true })

    const editor = await browser.signIn(admin)
    await editor.goto(`${url}/app/kb_article/${article.id}`)
    await editor.getByRole('region', { name: 'Стаття', exact: true }).waitFor()
    await editor.getByRole('button', { name: 'Редагувати' }).click()
    await editor.locator('.record-form #root_title').waitFor()
  })

  it("fits the supervisor's board in 1440 px and drills down from a cell to the requests behind it", async () => {
    // (assigning it recomputed its SLA flags: overdue again)
    await engine.knex('ticket').where({ id: open.id }).update({ resolution_breached: true })
    const page = await browser.signIn(supervisor, { width: 1440, height: 900 })
    await page.goto(`${url}/app/board`)
    const requests = page.getByRole('region', { name: /Відкриті звернення/ })
    const row = requests.locator('tbody tr').filter({ hasText: `Водоканал ${tag}` })
    await row.waitFor()
    // no panel scrolls sideways: every column is in view
    const clipped = await page.$$eval('.board .desk-panel', (panels) => panels.filter((p) => p.scrollWidth > p.clientWidth + 1).map((p) => p.querySelector('h2')?.textContent))
    expect(clipped).toEqual([])
    await page.screenshot({ path: `${SHOTS}board_1440.png`, fullPage: true })
    await row.locator('td.sla-breached a').click()
    await until(async () => page.url().includes('/app/ticket?'))
    await page.getByRole('searchbox', { name: 'Пошук' }).fill(tag)
    const rows = page.locator('table.records tbody tr')
    await until(async () => (await rows.count()) === 1)
    expect(await rows.first().innerText()).toContain(open.number)
  })

  /** Raw i18n keys (`desk.title`) and option values shown as such (`inbound`) on the page. */
  async function untranslated(page: Page): Promise<string[]> {
    return page.evaluate(`(() => {
      const bad = []
      const skip = (el) => !!el && !!el.closest('code, pre, kbd, textarea, .diff, [data-raw]')
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent || '').trim()
        if (/^[a-z][a-zA-Z0-9_]*([.][a-zA-Z0-9_]+)+$/.test(text) && !skip(n.parentElement)) bad.push('key: ' + text)
      }
      for (const el of document.querySelectorAll('option, label, .tag, th, button')) {
        const text = (el.textContent || '').trim()
        if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^(inbound|outbound|internal|ringing|answered|missed|ended|failed|consent|contract|uk|en|sms|viber|telegram|email|phone|portal|other|utility|contractor)$/.test(text) && !skip(el)) bad.push('raw: ' + text)
      }
      return [...new Set(bad)]
    })()`)
  }

  for (const lang of ['uk', 'en'] as const) {
    it(`walks every screen in ${lang === 'uk' ? 'Ukrainian' : 'English'} without raw keys or options without a label`, async () => {
      const screens = [
        '/ticket',
        '/ticket/new',
        `/ticket/${open.id}`,
        '/contact/new',
        '/counterparty/new',
        '/object/new',
        '/assignment/new',
        '/call/new',
        '/message',
        '/kb_article/new',
        `/kb_article/${article.id}`,
        '/operator_presence',
        '/profile',
        // the builder
        '/admin',
        '/admin/entities',
        '/admin/entities/ticket',
        '/admin/forms',
        '/admin/forms/ticket_main',
        '/admin/views',
        '/admin/request-types',
        '/admin/request-types/no_cold_water',
        '/admin/sla',
        '/admin/sla/standard',
        '/admin/workflows',
        '/admin/workflows/ticket_standard',
        '/admin/roles',
        '/admin/roles/operator',
        '/admin/publish',
      ]
      const page = await browser.signIn(admin)
      if (lang === 'en') await page.getByRole('button', { name: 'ENG' }).click()
      const found: Record<string, string[]> = {}
      for (const path of screens) {
        await page.goto(`${url}/app${path}`)
        await page.locator('main h1').first().waitFor()
        await page.waitForLoadState('networkidle')
        const bad = await untranslated(page)
        if (bad.length) found[path] = bad
      }
      const sup = await browser.signIn(supervisor)
      if (lang === 'en') await sup.getByRole('button', { name: 'ENG' }).click()
      for (const path of ['/desk', '/board', '/callback', '/kb_article']) {
        await sup.goto(`${url}/app${path}`)
        await sup.locator('main h1').first().waitFor()
        await sup.waitForLoadState('networkidle')
        const bad = await untranslated(sup)
        if (bad.length) found[path] = bad
      }
      expect(found).toEqual({})
    }, 300_000)
  }
})
