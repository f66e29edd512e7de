import { randomInt } from 'node:crypto'
import { testApp } from '#core/testing/app'
import { runAllDueJobs } from '#core/testing/jobs'
import { ApiClient, userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { startConnectorHost, runningInstance } from '#core/connectors/host'
import { runDueJobsOnce } from '#core/jobs/index'
import { engine } from '#core/engine/engine'
import { BotApiServer } from '../connectors/telegram/testing/bot_api_server.js'
import { callbackUpdate, textUpdate } from '../connectors/telegram/testing/updates.js'

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
const INSTANCE = 'city_telegram' // a connector the city's chatbot (seeds/vyshhorod/bots/city_bot.bot.json) answers on

/**
 * Chats in the single window (issue 13's acceptance) through a real Telegram channel: the
 * resident writes to the city bot on the Bot API emulator and asks for an operator from its
 * menu; the chat pops on the available operator's desk; the operator takes it and answers; the
 * emulator receives the answer in sendMessage to that chat; a request registered for the
 * resident joins the chat, and its page shows the conversation with a reply box.
 */
describe('chats in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const telegram = new BotApiServer()
  const tag = `ch${Date.now().toString(36)}${randomInt(100)}`
  const chatId = randomInt(100_000_000, 900_000_000)
  const name = `Олена Чатова ${tag}`
  let admin: ApiClient
  let operator: Credentials
  let resident: string

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    await telegram.start()
    process.env.CHATS_SPEC_TG_TOKEN = telegram.token
    process.env.CHATS_SPEC_TG_SECRET = `chats-secret_${tag}`
    await startConnectorHost()
    await publishConnector(admin, INSTANCE, {
      type: 'telegram',
      config: { token: { $env: 'CHATS_SPEC_TG_TOKEN' }, mode: 'webhook', publicUrl: url, webhookSecret: { $env: 'CHATS_SPEC_TG_SECRET' }, apiRoot: telegram.apiRoot },
    })
    await waitFor(() => !!runningInstance(INSTANCE) && !!telegram.webhook?.url, 20_000)
    const contact = await admin.post('/api/v1/records/contact', { full_name: name, phone: mobile(), consent: true, messengers: { telegram: String(chatId) }, preferred_channel: 'telegram' })
    expect(contact.status).withContext(contact.text).toBe(201)
    resident = contact.body.data.id
    operator = await makeUser(['operator'], {}, `Оператор Чатів ${tag}`)
    await browser.start()
  }, 360_000)

  // chats other specs of this run left open would pop first and fill the list
  const closeOthersChats = () => engine.knex('chat_session').whereIn('status', ['waiting', 'active']).update({ status: 'closed' })
  beforeEach(async () => {
    browser.errors = []
    await closeOthersChats()
  })
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    await browser.close()
    await publishConnector(admin, INSTANCE, null).catch(() => {})
    await telegram.stop()
  })

  /** The outbound messages go out through the send job: run the due ones until the emulator has the text. */
  const sentTo = (chat: number, check: (m: (typeof telegram.sent)[number]) => boolean) =>
    until(async () => {
      await runDueJobsOnce(engine.knex, 'ui-chats-spec', { onError: () => {} })
      return telegram.sent.some((m) => m.chat.id === chat && check(m))
    }, 20_000)
  const delivered = (text: string) => sentTo(chatId, (m) => m.text === text)
  const TYPE = 'basement_issue'

  it('pops a chat asking for an operator, the operator takes it and answers through Telegram, and the request shows the conversation', async () => {
    const desk = await browser.signIn(operator)
    await desk.goto(`${url}/app/desk`)
    await desk.getByRole('heading', { name: 'Чати' }).waitFor()
    await desk.getByRole('group', { name: 'Мій статус' }).getByRole('button', { name: 'Вільний' }).click()
    const operatorId = (await engine.knex('sys_users').where({ login: operator.login }).first('id')).id
    await until(async () => (await engine.knex('operator_presence').where({ user: operatorId }).first())?.state === 'available').catch(async (e) => {
      throw new Error(`presence: ${JSON.stringify(await engine.knex('operator_presence').where({ user: operatorId }).first())} ${e}`)
    })

    // the resident writes, gets the bot's menu, and presses "Оператор"
    expect((await telegram.postToWebhook(textUpdate(chatId, '/start'))).status).toBe(200)
    await sentTo(chatId, (m) => !!m.reply_markup)
    expect((await telegram.postToWebhook(textUpdate(chatId, 'Добрий день, у підʼїзді не світить лампа'))).status).toBe(200)
    expect((await telegram.postToWebhook(callbackUpdate(chatId, 'm:operator'))).status).toBe(200)

    // the pop on the desk, the waiting time ticking
    const pop = desk.locator('.chat-pop')
    await pop.waitFor({ timeout: 15_000 })
    expect(await pop.innerText()).toContain(name)
    expect(await pop.getAttribute('role')).toBe('alert')
    // the button she pressed is recorded by its label, not its code
    expect(
      await engine
        .knex('message')
        .where({ address: String(chatId), direction: 'inbound', body: '▶ Оператор' })
        .first()
    ).toBeDefined()
    await desk.screenshot({ path: `${SHOTS}chats_desk_pop.png`, fullPage: true })
    await pop.getByRole('button', { name: `Взяти: ${name}` }).click()

    // the taken chat: the conversation so far, the resident's card, the reply box
    const view = desk.getByRole('article', { name: `Чат: ${name}` })
    await view.waitFor()
    await view.getByText('у підʼїзді не світить лампа').waitFor()
    await view.getByRole('region', { name: 'Мешканець' }).getByRole('link', { name }).waitFor()
    const chat = await engine
      .knex('chat_session')
      .where({ connector: INSTANCE, address: String(chatId) })
      .orderBy('created_at', 'desc')
      .first()
    expect(chat).toEqual(jasmine.objectContaining({ status: 'active', operator: operatorId, contact: resident }))

    // an empty answer is refused at the field; then the answer goes out to the resident's chat
    await view.getByRole('button', { name: 'Надіслати' }).click()
    await view.getByRole('alert').filter({ hasText: 'Напишіть текст відповіді' }).waitFor()
    const answer = `Дякуємо, ${tag}: передаємо електрикам.`
    await view.getByLabel('Текст відповіді').fill(answer)
    await view.getByLabel('Текст відповіді').press('Control+Enter')
    await delivered(answer)
    await view.locator('.msg-out').filter({ hasText: answer }).waitFor({ timeout: 15_000 })
    expect(await view.locator('.msg-out').filter({ hasText: answer }).innerText()).toContain(`Оператор Чатів ${tag}`)
    expect(await view.getByRole('link', { name: 'Зареєструвати звернення' }).getAttribute('href')).toContain(`resident=${resident}`)
    expect(await seriousA11yViolations(desk, '.desk-chats')).toEqual([])
    await desk.screenshot({ path: `${SHOTS}chats_desk_taken.png`, fullPage: true })

    // the operator registers a request for the resident: it joins the chat and its messages
    const api = await new ApiClient(url).login(operator.login, operator.password)
    const created = await api.post('/api/v1/records/ticket', { request_type: TYPE, extra: { problem: 'rubbish' }, description: 'Не світить лампа в підʼїзді', resident, channel: 'telegram' })
    expect(created.status).withContext(created.text).toBe(201)
    const ticket = created.body.data
    // the chat joins the request through a job queued in the create's own statement
    await until(async () => {
      await runAllDueJobs(engine.knex, 'spec') // the test app runs no job worker
      return (await engine.knex('chat_session').where({ id: chat.id }).first()).ticket === ticket.id
    }, 15_000)

    // the resident writes again: it joins the request too
    expect((await telegram.postToWebhook(textUpdate(chatId, 'Дякую!'))).status).toBe(200)
    await until(async () => !!(await engine.knex('message').where({ ticket: ticket.id, body: 'Дякую!' }).first()), 15_000)

    // the request's page: the conversation panel with both sides, and the reply box on Telegram
    await desk.goto(`${url}/app/ticket/${ticket.id}`)
    const panel = desk.getByRole('region', { name: 'Листування з мешканцем' })
    await panel.waitFor()
    await panel.locator('.msg-in').filter({ hasText: 'у підʼїзді не світить лампа' }).waitFor()
    await panel.locator('.msg-out').filter({ hasText: answer }).waitFor()
    await panel.locator('.msg-in').filter({ hasText: 'Дякую!' }).waitFor()
    expect(await panel.getByLabel('Канал').locator('option').allInnerTexts()).toEqual(['Telegram (бажаний)'])
    const second = `Заявку ${ticket.number} передано.`
    await panel.getByLabel('Текст відповіді').fill(second)
    await panel.getByRole('button', { name: 'Надіслати' }).click()
    await delivered(second)
    await panel.locator('.msg-out').filter({ hasText: second }).waitFor({ timeout: 15_000 })
    expect(await seriousA11yViolations(desk, '.conversation')).toEqual([])
    await desk.screenshot({ path: `${SHOTS}chats_request_panel.png`, fullPage: true })

    // back on the desk, "Завершити" gives the resident back to the bot
    await desk.goto(`${url}/app/desk`)
    await desk
      .getByRole('article', { name: `Чат: ${name}` })
      .getByRole('button', { name: 'Завершити' })
      .click()
    await until(async () => (await engine.knex('chat_session').where({ id: chat.id }).first()).status === 'closed')
    await desk.getByText('Ніхто не чекає в чаті.').waitFor()
  })

  it('answers 409 words when another operator took the chat first, and says why a resident without channels cannot be written to', async () => {
    const other = await userClient(url, ['operator'])
    const lonely = await admin.post('/api/v1/records/contact', { full_name: `Без каналів ${tag}`, consent: true })
    const req = await admin.post('/api/v1/records/ticket', { request_type: TYPE, extra: { problem: 'rubbish' }, description: 'Без каналів', resident: lonely.body.data.id })
    expect(req.status).withContext(req.text).toBe(201)
    const page = await browser.signIn(operator)
    await page.goto(`${url}/app/ticket/${req.body.data.id}`)
    const panel = page.getByRole('region', { name: 'Листування з мешканцем' })
    await panel.getByText('Повідомлень ще немає.').waitFor()
    await panel.getByText('Мешканцю нема куди написати').waitFor()
    expect(await panel.getByLabel('Текст відповіді').count()).toBe(0)

    // a chat waits; another operator takes it before this one presses "Взяти"
    const chatB = randomInt(100_000_000, 900_000_000)
    await page.goto(`${url}/app/desk`)
    await page.getByRole('heading', { name: 'Чати' }).waitFor()
    await page.getByRole('group', { name: 'Мій статус' }).getByRole('button', { name: 'Вільний' }).click()
    await new Promise((r) => setTimeout(r, 500))
    await telegram.postToWebhook(textUpdate(chatB, '/start'))
    await telegram.postToWebhook(callbackUpdate(chatB, 'm:operator'))
    const pop = page.locator('.chat-pop')
    await pop.waitFor({ timeout: 15_000 })
    const waiting = await engine
      .knex('chat_session')
      .where({ connector: INSTANCE, address: String(chatB), status: 'waiting' })
      .first()
    expect((await other.post('/api/v1/actions/messaging.take', { chat: waiting.id })).status).toBe(200)
    // the pop is withdrawn live ("taken" to the others) unless it raced; either way the words say who has it
    const pressed = await pop
      .getByRole('button', { name: /^Взяти/ })
      .click({ timeout: 2000 })
      .then(
        () => true,
        () => false // withdrawn meanwhile
      )
    if (pressed) await page.getByText('Цей чат уже взяв інший оператор.').waitFor()
    else await page.locator(`[data-chat="${waiting.id}"]`).filter({ hasText: 'у роботі' }).waitFor()
  })
})
