import { randomInt } from 'node:crypto'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One second of 8 kHz 16-bit mono silence: a real WAV the browser decodes. */
function silence(): Buffer {
  const rate = 8000
  const data = rate * 2
  const b = Buffer.alloc(44 + data)
  b.write('RIFF', 0)
  b.writeUInt32LE(36 + data, 4)
  b.write('WAVEfmt ', 8)
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20)
  b.writeUInt16LE(1, 22)
  b.writeUInt32LE(rate, 24)
  b.writeUInt32LE(rate * 2, 28)
  b.writeUInt16LE(2, 32)
  b.writeUInt16LE(16, 34)
  b.write('data', 36)
  b.writeUInt32LE(data, 40)
  return b
}

/**
 * Click-to-call and recordings in the browser: a call button beside every phone number (a
 * resident's and a company's card, the callback list, the pop's resident), posting
 * telephony.dial with the number and the record; a call's recording played from the request's
 * timeline and the pop's history through the Range route, the listen audited.
 *
 * telephony.dial is another branch's action (issue 12): until the merge, the browser's request
 * to it is answered here (page.route) and its body checked; the lead replaces that with the real
 * action and the AMI emulator's Originate.
 */
describe('click-to-call and recordings in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `cc${Date.now().toString(36)}${randomInt(100)}`
  const ext = `8${randomInt(10_000, 99_999)}`
  const residentPhone = mobile()
  const companyPhone = mobile()
  let pbx: ApiClient
  let operator: Credentials
  let resident: string
  let company: string
  let ticket: string
  let call: string
  let desk: Page
  const dials: any[] = []

  /** Answers the browser's telephony.dial (see above): 202 like an accepted originate, or a problem. */
  async function answerDials(page: Page, fail = false) {
    await page.route('**/api/v1/actions/telephony.dial', (route) => {
      dials.push(route.request().postDataJSON())
      return fail
        ? route.fulfill({ status: 502, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/bad-gateway', title: 'Помилка АТС', status: 502, detail: 'АТС недоступна' }) })
        : route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { callId: `dial-${dials.length}` } }) })
    })
  }

  beforeAll(async () => {
    ensureUiBuilt()
    const root = await mkdtemp(join(tmpdir(), 'vikno-ui-rec-'))
    process.env.VIKNO_RECORDINGS_DIR = root
    await mkdir(join(root, '2026'), { recursive: true })
    await writeFile(join(root, '2026', `${tag}.wav`), silence())
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    const integration = await userClient(url, ['integration'])
    pbx = new ApiClient(url)
    pbx.token = (await integration.post('/api/v1/auth/tokens', { name: 'pbx' })).body.token

    company = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `cc_${tag}`, phone: companyPhone })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Дзвінкова ${tag}`, level: 'street' })).body.data.id
    const building = (await admin.post('/api/v1/records/object', { name: '3', level: 'building', parent: street })).body.data.id
    const apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 7', level: 'apartment', parent: building })).body.data.id
    await admin.post('/api/v1/records/object_responsibility', { object: street, category: 'water', counterparty: company })
    const contact = await admin.post('/api/v1/records/contact', { full_name: `Олена Дзвінкова ${tag}`, phone: residentPhone, addresses: [apartment] })
    expect(contact.status).withContext(contact.text).toBe(201)
    resident = contact.body.data.id
    const created = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: apartment, description: `Немає води ${tag}`, extra: { floor: 1 } })
    expect(created.status).withContext(created.text).toBe(201)
    ticket = created.body.data.id
    const started = new Date(Date.now() - 3_600_000)
    const c = await admin.post('/api/v1/records/call', {
      direction: 'inbound',
      caller: residentPhone,
      contact: resident,
      ticket,
      disposition: 'ended',
      started_at: started.toISOString(),
      ended_at: new Date(started.getTime() + 95_000).toISOString(),
      duration_seconds: 95,
      recording: `2026/${tag}.wav`,
    })
    expect(c.status).withContext(c.text).toBe(201)
    call = c.body.data.id
    operator = await makeUser(['operator'], { extension: ext }, `Ірина Оператор ${tag}`)
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    delete process.env.VIKNO_RECORDINGS_DIR
    await browser.close()
  })

  it("dials a resident's and a company's number from their cards, linked to the record", async () => {
    const page = await browser.signIn(operator)
    await answerDials(page)
    await page.goto(`${url}/app/contact/${resident}`)
    const button = page.getByRole('button', { name: /^Подзвонити на / }).first()
    await button.waitFor()
    await button.click()
    await page.getByRole('status').filter({ hasText: 'Дзвонимо…' }).waitFor()
    expect(dials.at(-1)).toEqual({ number: residentPhone, record: { entity: 'contact', id: resident } })
    await page.screenshot({ path: `${SHOTS}click_to_call_resident.png`, fullPage: true })
    expect(await seriousA11yViolations(page, 'form'))
      .withContext('axe on the form with call buttons')
      .toEqual([])

    await page.unroute('**/api/v1/actions/telephony.dial')
    await answerDials(page, true)
    await page.goto(`${url}/app/counterparty/${company}`)
    await page
      .getByRole('button', { name: /^Подзвонити на / })
      .first()
      .click()
    const alert = page.getByRole('alert').filter({ hasText: 'Не вдалося подзвонити' })
    await alert.waitFor()
    expect(await alert.innerText()).toContain('АТС недоступна')
    expect(dials.at(-1)).toEqual({ number: companyPhone, record: { entity: 'counterparty', id: company } })
    await page.screenshot({ path: `${SHOTS}click_to_call_company_failed.png`, fullPage: true })
  }, 120_000)

  it("plays the call's recording in the request's timeline, through the Range route, audited", async () => {
    const page = await browser.signIn(operator)
    await page.goto(`${url}/app/ticket/${ticket}`)
    const audio = page.locator('.ticket-timeline audio.recording')
    await audio.waitFor()
    expect(await audio.getAttribute('src')).toBe(`/api/v1/telephony/calls/${call}/recording`)
    const duration = await audio.evaluate(
      (a: any) =>
        new Promise<number>((resolve, reject) => {
          a.addEventListener('loadedmetadata', () => resolve(a.duration), { once: true })
          a.addEventListener('error', () => reject(new Error(`audio error ${a.error?.code}`)), { once: true })
          a.preload = 'metadata'
          a.load()
        })
    )
    expect(Math.round(duration)).toBe(1)
    const ranged = await page.evaluate(async (src) => {
      const r = await fetch(src, { headers: { range: 'bytes=0-43' } })
      return { status: r.status, range: r.headers.get('content-range'), size: (await r.arrayBuffer()).byteLength }
    }, `/api/v1/telephony/calls/${call}/recording`)
    expect(ranged).toEqual({ status: 206, range: 'bytes 0-43/16044', size: 44 })
    const operatorId = (await engine.knex('sys_users').where({ login: operator.login }).first('id')).id
    await until(async () => !!(await engine.knex('sys_audit').where({ entity: 'call', record_id: call, action: 'call.recording_listened', actor_id: operatorId }).first()))
    await audio.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}recording_in_timeline.png`, fullPage: true })
    // the call's own history names the listen
    await page.goto(`${url}/app/call/${call}`)
    await page.getByText('Прослухано запис розмови').first().waitFor()
    expect(await page.locator('.call-recording audio.recording').getAttribute('src')).toBe(`/api/v1/telephony/calls/${call}/recording`)
    await page.screenshot({ path: `${SHOTS}recording_listened_history.png`, fullPage: true })
  }, 120_000)

  it("puts a call button on the callback list and beside the pop's resident, and the recording in their history", async () => {
    desk = await browser.signIn(operator)
    await answerDials(desk)
    await desk.getByText('Очікування дзвінка').waitFor()
    await sleep(1000) // the desk's socket connects
    const stranger = mobile()
    await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId: `cc1-${tag}`, caller: stranger, extension: ext })
    await pbx.post('/api/v1/telephony/events', { event: 'missed', callId: `cc1-${tag}`, caller: stranger, extension: ext })
    const item = desk
      .getByRole('region', { name: /Передзвонити/ })
      .getByRole('listitem')
      .filter({ hasText: stranger })
    await item.waitFor()
    await item.getByRole('button', { name: /^Подзвонити на / }).click()
    await item.getByRole('status').filter({ hasText: 'Дзвонимо…' }).waitFor()
    const callback = await engine.knex('callback').where({ phone: stranger }).first('id')
    expect(dials.at(-1)).toEqual({ number: stranger, record: { entity: 'callback', id: callback.id } })
    await desk.screenshot({ path: `${SHOTS}click_to_call_callbacks.png`, fullPage: true })

    const ringing = await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId: `cc2-${tag}`, caller: residentPhone, extension: ext })
    expect(ringing.status).withContext(ringing.text).toBe(200)
    const pop = desk.getByRole('article', { name: /Вхідний дзвінок/ })
    await pop.getByRole('heading', { name: new RegExp(`Олена Дзвінкова ${tag}`) }).waitFor()
    await pop
      .locator('.resident-phones')
      .getByRole('button', { name: /^Подзвонити на / })
      .click()
    await until(async () => dials.at(-1)?.record?.entity === 'contact')
    expect(dials.at(-1)).toEqual({ number: residentPhone, record: { entity: 'contact', id: resident } })
    const player = pop.locator('.interactions audio.recording')
    await player.waitFor()
    expect(await player.getAttribute('src')).toBe(`/api/v1/telephony/calls/${call}/recording`)
    await desk.screenshot({ path: `${SHOTS}click_to_call_pop.png`, fullPage: true })
  }, 120_000)
})
