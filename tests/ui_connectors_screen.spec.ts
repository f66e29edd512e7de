import { randomInt } from 'node:crypto'
import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { startConnectorHost } from '#core/connectors/host'
import { publishConnector } from '#core/testing/connector_helpers'
import { engine } from '#core/engine/engine'
import { AmiEmulator } from '../connectors/asterisk-ami/testing/ami_emulator.js'
import { loadTranscript } from '../connectors/asterisk-ami/testing/transcript.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The Connectors screen with the real connector host (issue 12's acceptance): the administrator
 * adds an asterisk-ami instance pointing at the AMI emulator, tests it (green), publishes it and
 * sees it come up live; a queue call the emulator plays then pops the card on the desk of the
 * operator whose extension the queue rang. The typed secret is never shown back; the log lists
 * the exchanges; disabling asks first and stops the instance.
 */
describe('Connectors screen in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `ct${Date.now().toString(36)}${randomInt(100)}`
  const key = `pbx_${tag}`
  const ext = String(randomInt(2000, 9999))
  const secret = `s3cret-${tag}`
  const caller = `+38067${randomInt(1_000_000, 9_999_999)}`
  const pbx = new AmiEmulator({ username: 'vikno', secret })
  let admin: Credentials
  let operator: Credentials

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    await pbx.start()
    await startConnectorHost()
    admin = await makeUser(['admin'], {}, 'Адміністратор Конекторів')
    operator = await makeUser(['operator'], { extension: ext }, `Оператор Лінії ${tag}`)
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    await browser.close()
    await publishConnector(await userClient(url, ['admin']), key, null).catch(() => {})
    await pbx.stop()
  })

  it('adds an Asterisk AMI connector, tests it green, publishes it, a queue call pops the card, and disabling stops it', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/admin/connectors`)
    await page.getByRole('heading', { name: 'Конектори', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Додати конектор' }).click()
    await page.getByRole('link', { name: 'Обрати: Asterisk (AMI)' }).click()
    await page.getByRole('heading', { name: /^Новий конектор: .*Asterisk/ }).waitFor()

    await page.getByLabel('Ключ', { exact: true }).fill(key)
    await page.getByLabel('Назва (укр.)').fill(`Міська АТС ${tag}`)
    await page.locator('#root_host').fill('127.0.0.1')
    await page.locator('#root_port').fill(String(pbx.port))
    await page.locator('#root_username').fill('vikno')
    await page.locator('#root_secret').fill(secret)
    await page.screenshot({ path: `${SHOTS}connectors_add_form.png`, fullPage: true })

    // a wrong secret first: red, the emulator refused the login
    const result = page.locator('.connector-test')
    await page.locator('#root_secret').fill(`${secret}-wrong`)
    await page.getByRole('button', { name: 'Перевірити зʼєднання' }).click()
    await result.waitFor()
    expect(await result.getAttribute('data-ok'))
      .withContext(await result.innerText())
      .toBe('false')
    await page.locator('#root_secret').fill(secret)
    const logins = pbx.logins
    await page.getByRole('button', { name: 'Перевірити зʼєднання' }).click()
    await page.locator('.connector-test[data-ok="true"]').waitFor()
    expect(pbx.logins).toBeGreaterThan(logins)
    await page.screenshot({ path: `${SHOTS}connectors_new_tested.png`, fullPage: true })
    expect(await seriousA11yViolations(page, '.connectors')).toEqual([])

    await page.getByRole('button', { name: 'Зберегти й опублікувати' }).click()
    await page.waitForURL(`**/app/admin/connectors/${key}`)
    // the badge turns green without a reload: the host's connector_health event
    const badge = page.locator('.connector-head .health')
    await until(async () => (await badge.getAttribute('data-status').catch(() => null)) === 'up', 20_000)
    expect(await badge.innerText()).toBe('Працює')

    // the secret went in clear once and is stored encrypted: never shown or sent back
    expect(await page.locator('#root_secret').inputValue()).toBe('')
    expect(await page.content()).not.toContain(secret)
    const api = await userClient(url, ['admin'])
    const doc = await api.get(`/api/v1/meta/documents/connector/${key}`)
    expect(doc.status).withContext(doc.text).toBe(200)
    expect(doc.text).not.toContain(secret)
    expect(doc.text).toContain('$encrypted')
    const instances = await api.get('/api/v1/actions/connectors.instances')
    expect(instances.text).not.toContain(secret)
    for (const path of ['/api/v1/meta', '/api/v1/meta/export']) expect((await api.get(path)).text).not.toContain(secret)

    // an edited setting is tested with the stored secret, not typed again
    await page.locator('#root_timeoutMs').fill('4000')
    await page.getByRole('button', { name: 'Перевірити зʼєднання' }).click()
    const retest = page.locator('.connector-test')
    await retest.waitFor()
    expect(await retest.getAttribute('data-ok'))
      .withContext(await retest.innerText())
      .toBe('true')

    // the acceptance: a queue call through the new instance pops the card on that operator's desk
    const desk = await browser.signIn(operator)
    await desk.getByText('Очікування дзвінка').waitFor()
    await sleep(1000) // the desk's socket connects
    const id = String(1_766_000_000 + randomInt(1_000_000))
    await pbx.play(loadTranscript('queue_answered', { id, agent: ext, caller }))
    const pop = desk.getByRole('article', { name: /Вхідний дзвінок/ })
    await pop.waitFor({ timeout: 15_000 })
    expect(await pop.innerText()).toContain(caller.slice(-7))
    await desk.screenshot({ path: `${SHOTS}connectors_call_pop.png`, fullPage: true })
    const callId = `${id}.41`
    await until(async () => (await engine.knex('call').where({ call_id: callId }).first())?.disposition === 'ended', 15_000)
    const operatorId = (await engine.knex('sys_users').where({ login: operator.login }).first('id')).id
    expect((await engine.knex('call').where({ call_id: callId }).first()).operator).toBe(operatorId)

    // the log lists the exchanges: the login and the call's events, with the call id
    await page.reload()
    const log = page.getByRole('region', { name: 'Журнал обміну' })
    await log.getByRole('cell', { name: 'Login' }).first().waitFor()
    await until(async () => (await log.getByRole('cell', { name: callId }).count()) > 0, 15_000).catch(async () => {
      await page.reload()
      await log.getByRole('cell', { name: callId }).first().waitFor()
    })
    expect(await log.innerText()).not.toContain(secret)
    await page.screenshot({ path: `${SHOTS}connectors_log.png`, fullPage: true })

    // the list shows it live; disabling asks, publishes, and the host stops it
    await page.goto(`${url}/app/admin/connectors`)
    const row = page.locator(`tr[data-connector="${key}"]`)
    await row.locator('.health[data-status="up"]').waitFor()
    await page.screenshot({ path: `${SHOTS}connectors_list.png`, fullPage: true })
    let asked = ''
    page.once('dialog', (d) => {
      asked = d.message()
      void d.accept()
    })
    await row.getByRole('button', { name: /^Вимкнути/ }).click()
    await row.locator('.health[data-status="stopped"]').waitFor({ timeout: 20_000 })
    expect(asked).toContain(`Міська АТС ${tag}`)
    await row.getByRole('button', { name: /^Увімкнути/ }).waitFor()
    await page.screenshot({ path: `${SHOTS}connectors_list_stopped.png`, fullPage: true })
  }, 240_000)
})
