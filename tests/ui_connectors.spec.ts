import { randomInt } from 'node:crypto'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'
import { startConnectorHost } from '#core/connectors/host'
import { instanceHealth } from '#core/connectors/health'
import { publishConnector } from '#core/testing/connector_helpers'
import { AmiEmulator } from '../connectors/asterisk-ami/testing/ami_emulator.js'

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
 * resident's and a company's card, the callback list, the pop's resident) runs the real
 * telephony.dial through an asterisk-ami instance on the AMI emulator, which must receive
 * `Originate` ringing the operator's extension first, then the number; the call record is
 * linked to the record. A call's recording plays from the request's timeline and the pop's
 * history through the Range route, the listen audited.
 */
describe('click-to-call and recordings in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `cc${Date.now().toString(36)}${randomInt(100)}`
  const ext = `8${randomInt(10_000, 99_999)}`
  const residentPhone = mobile()
  const companyPhone = mobile()
  let pbx: ApiClient
  const ami = new AmiEmulator({ username: 'vikno', secret: `ami-${tag}` })
  const connector = `pbx_${tag}`
  let admin: ApiClient
  let operator: Credentials
  let resident: string
  let company: string
  let ticket: string
  let call: string
  let desk: Page

  /** The Originate actions the emulator received for `number`. */
  const originates = (number: string) => ami.actions.filter((a) => a.Action === 'Originate' && a.Exten === number)
  /** The last Originate for `number`: the operator's extension rung first, then the number; and the call record it made. */
  async function originated(number: string, before: number) {
    await until(async () => originates(number).length > before)
    const sent = originates(number).at(-1)!
    expect(sent).toEqual(jasmine.objectContaining({ Channel: `PJSIP/${ext}`, Exten: number, Async: 'true' }))
    return engine.knex('call').where({ call_id: sent.ChannelId }).first()
  }

  beforeAll(async () => {
    ensureUiBuilt()
    const root = await mkdtemp(join(tmpdir(), 'vikno-ui-rec-'))
    process.env.VIKNO_RECORDINGS_DIR = root
    await mkdir(join(root, '2026'), { recursive: true })
    await writeFile(join(root, '2026', `${tag}.wav`), silence())
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
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
    // the city's Asterisk: the emulator, and an asterisk-ami instance published as metadata
    await ami.start()
    process.env.SPEC_UI_AMI_SECRET = `ami-${tag}`
    await startConnectorHost()
    await publishConnector(admin, connector, { type: 'asterisk-ami', config: { host: '127.0.0.1', port: ami.port, username: 'vikno', secret: { $env: 'SPEC_UI_AMI_SECRET' }, settleMs: 50 } })
    await until(async () => instanceHealth(connector)?.status === 'up', 20_000)
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    delete process.env.VIKNO_RECORDINGS_DIR
    await browser.close()
    await publishConnector(admin, connector, null).catch(() => {})
    await ami.stop()
  })

  it("dials a resident's and a company's number from their cards, linked to the record", async () => {
    const page = await browser.signIn(operator)
    await page.goto(`${url}/app/contact/${resident}`)
    const button = page.getByRole('button', { name: /^Подзвонити на / }).first()
    await button.waitFor()
    const before = originates(residentPhone).length
    await button.click()
    await page.getByRole('status').filter({ hasText: 'Дзвонимо…' }).waitFor()
    const dialled = await originated(residentPhone, before)
    expect(dialled).toEqual(jasmine.objectContaining({ direction: 'outbound', contact: resident, caller: ext }))
    await page.screenshot({ path: `${SHOTS}click_to_call_resident.png`, fullPage: true })
    expect(await seriousA11yViolations(page, 'form'))
      .withContext('axe on the form with call buttons')
      .toEqual([])

    // a company's dispatchers: dialled too (a call has no company to link to)
    await page.goto(`${url}/app/counterparty/${company}`)
    const companyButton = page.getByRole('button', { name: /^Подзвонити на / }).first()
    await companyButton.waitFor()
    const beforeCompany = originates(companyPhone).length
    await companyButton.click()
    await page.getByRole('status').filter({ hasText: 'Дзвонимо…' }).waitFor()
    expect(await originated(companyPhone, beforeCompany)).toEqual(jasmine.objectContaining({ direction: 'outbound', caller: ext }))

    // the PBX down: the operator is told, nothing is dialled
    await ami.stop()
    await until(async () => instanceHealth(connector)?.status === 'down', 20_000)
    const sent = ami.actions.length
    await page.getByRole('status').filter({ hasText: 'Дзвонимо…' }).waitFor({ state: 'detached' })
    await companyButton.click()
    const alert = page.getByRole('alert').filter({ hasText: 'Не вдалося подзвонити' })
    await alert.waitFor()
    expect(await alert.innerText()).toContain('АТС зараз недоступна')
    expect(ami.actions.length).toBe(sent)
    await page.screenshot({ path: `${SHOTS}click_to_call_company_failed.png`, fullPage: true })
    await ami.start()
    await until(async () => instanceHealth(connector)?.status === 'up', 30_000)
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
    const beforeCallback = originates(stranger).length
    await item.getByRole('button', { name: /^Подзвонити на / }).click()
    await item.getByRole('status').filter({ hasText: 'Дзвонимо…' }).waitFor()
    expect(await originated(stranger, beforeCallback)).toEqual(jasmine.objectContaining({ direction: 'outbound', caller: ext }))
    await desk.screenshot({ path: `${SHOTS}click_to_call_callbacks.png`, fullPage: true })

    const ringing = await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId: `cc2-${tag}`, caller: residentPhone, extension: ext })
    expect(ringing.status).withContext(ringing.text).toBe(200)
    const pop = desk.getByRole('article', { name: /Вхідний дзвінок/ })
    await pop.getByRole('heading', { name: new RegExp(`Олена Дзвінкова ${tag}`) }).waitFor()
    const beforePop = originates(residentPhone).length
    await pop
      .locator('.resident-phones')
      .getByRole('button', { name: /^Подзвонити на / })
      .click()
    expect(await originated(residentPhone, beforePop)).toEqual(jasmine.objectContaining({ direction: 'outbound', contact: resident }))
    const player = pop.locator('.interactions audio.recording')
    await player.waitFor()
    expect(await player.getAttribute('src')).toBe(`/api/v1/telephony/calls/${call}/recording`)
    await desk.screenshot({ path: `${SHOTS}click_to_call_pop.png`, fullPage: true })
  }, 120_000)
})
