import { randomInt } from 'node:crypto'
import type { Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`

/**
 * No lost work: an operator types a request on its page when their extension rings; the call
 * card pops beside the page (no navigation, no focus taken), two requests registered from the
 * card both stay linked to the call, a knowledge-base link opens beside the card without
 * dropping it, and the half-typed request survives a reload as a draft and is saved.
 */
describe('no lost work in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `nl${Date.now().toString(36)}${randomInt(100)}`
  const ext = `6${randomInt(10_000, 99_999)}`
  const phone = mobile()
  let pbx: ApiClient
  let operator: Credentials
  let resident: string
  let apartment: string
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    const integration = await userClient(url, ['integration'])
    const token = await integration.post('/api/v1/auth/tokens', { name: 'pbx' })
    expect(token.status).withContext(token.text).toBe(201)
    pbx = new ApiClient(url)
    pbx.token = token.body.token
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Чернеткова ${tag}`, level: 'street' })).body.data.id
    const building = (await admin.post('/api/v1/records/object', { name: '3', level: 'building', parent: street })).body.data.id
    apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 7', level: 'apartment', parent: building })).body.data.id
    const contact = await admin.post('/api/v1/records/contact', { full_name: `Олена Чернеткова ${tag}`, phone, addresses: [apartment] })
    expect(contact.status).withContext(contact.text).toBe(201)
    resident = contact.body.data.id
    const article = await admin.post('/api/v1/records/kb_article', {
      title: `Гаряча вода: графік ${tag}`,
      body: '<p>Перевірте графік ремонтів.</p>',
      audience: 'operators',
      request_types: ['no_hot_water'],
    })
    expect(article.status).withContext(article.text).toBe(201)
    operator = await makeUser(['operator'], { extension: ext }, `Оператор Чернетка ${tag}`)
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('pops the card beside a half-typed request, registers two requests from the call, and saves the first one after a reload', async () => {
    page = await browser.signIn(operator)
    await page.goto(`${url}/app/ticket/new?request_type=no_hot_water&resident=${resident}&object=${apartment}`)
    const description = page.locator('main #root_description')
    await description.waitFor()
    await description.click()
    await page.keyboard.type(`Перше звернення ${tag}`)
    await page.waitForTimeout(1000) // the socket connects (as the single-window spec)

    const ringing = await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId: `nl1-${tag}`, caller: phone, dialed: '1551', extension: ext, queue: 'main' })
    expect(ringing.status).withContext(ringing.text).toBe(200)
    const panel = page.getByRole('complementary', { name: 'Картка дзвінка' })
    await panel.getByRole('heading', { name: new RegExp(`Олена Чернеткова ${tag}`) }).waitFor()
    // the page stayed, with what was typed, and the focus stayed in it
    expect(page.url()).toContain('/app/ticket/new')
    expect(await description.inputValue()).toBe(`Перше звернення ${tag}`)
    expect(await page.evaluate("document.activeElement?.closest('main') !== null")).toBe(true)
    await page.screenshot({ path: `${SHOTS}call_over_form.png`, fullPage: true })

    // two requests from the card, both linked to the call
    for (const [words, option, text] of [
      ['гаряч', /Відсутнє гаряче водопостачання/, `Гаряча з дзвінка ${tag}`],
      ['холодн', /холодн/i, `Холодна з дзвінка ${tag}`],
    ] as const) {
      const search = panel.getByRole('combobox', { name: /Тип звернення/ })
      await search.fill(words)
      await panel.getByRole('option', { name: option }).first().click()
      await panel.locator('#desk_description').fill(text)
      await panel.getByLabel('Кого стосується').selectOption({ label: 'Квартира' })
      await panel.getByRole('button', { name: 'Створити', exact: true }).click()
      await panel
        .getByRole('status')
        .filter({ hasText: /зареєстровано/ })
        .waitFor()
      await panel.getByRole('button', { name: 'Зареєструвати звернення' }).click()
    }
    const call = await engine
      .knex('call')
      .where({ call_id: `nl1-${tag}` })
      .first()
    const fromCall = await engine.knex('ticket').whereLike('description', `%з дзвінка ${tag}`)
    expect(fromCall.length).toBe(2)
    expect(fromCall.map((t: any) => t.call)).toEqual([call.id, call.id])
    expect(fromCall.map((t: any) => t.id)).toContain(call.ticket)

    // a knowledge-base link opens beside the card; the call stays
    await panel.getByRole('combobox', { name: /Тип звернення/ }).fill('гаряч')
    await panel
      .getByRole('option', { name: /Відсутнє гаряче водопостачання/ })
      .first()
      .click()
    await panel
      .getByRole('region', { name: 'База знань' })
      .getByRole('link', { name: `Гаряча вода: графік ${tag}` })
      .click()
    await until(async () => page.url().includes('/app/kb_article/'))
    await panel.getByRole('heading', { name: new RegExp(`Олена Чернеткова ${tag}`) }).waitFor()

    // the half-typed request: a reload restores it as a draft, Ctrl+S saves it, the draft goes
    await page.goto(`${url}/app/ticket/new?request_type=no_hot_water&resident=${resident}&object=${apartment}`)
    await page.getByText('Відновлено незбережену чернетку.').waitFor()
    await until(async () => (await description.inputValue()) === `Перше звернення ${tag}`)
    // the type's own fields first (they arrive with the type), then the text goes on
    await page.locator('main').getByLabel('Кого стосується').selectOption({ label: 'Весь будинок' })
    await description.click()
    await page.keyboard.press('End')
    await page.keyboard.type(' — дописано')
    await until(async () => (await description.inputValue()) === `Перше звернення ${tag} — дописано`)
    // the call survived the reload beside the page; Ctrl+S saves the form holding the focus
    await page
      .getByRole('complementary', { name: 'Картка дзвінка' })
      .getByRole('heading', { name: new RegExp(`Олена Чернеткова ${tag}`) })
      .waitFor()
    await page.keyboard.press('Control+s')
    await until(async () => page.url().match(/\/app\/ticket\/[0-9a-f-]{36}$/) !== null)
    const saved = await engine
      .knex('ticket')
      .where({ description: `Перше звернення ${tag} — дописано` })
      .first()
    expect(saved).withContext('the page request saved').toBeDefined()
    expect(saved.resident).toBe(resident)
    await page.goto(`${url}/app/ticket/new`)
    await description.waitFor()
    expect(await page.getByText('Відновлено незбережену чернетку.').count()).toBe(0)
    expect(await description.inputValue()).toBe('')
  }, 240_000)
})
