import { recordingContext } from '#core/testing/connector_context'
import { randomInt } from 'node:crypto'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import fastAgi, { fastAgiIvr } from '../connectors/fastagi-ivr/index.js'
import { AgiCallerEmulator } from '../connectors/fastagi-ivr/testing/agi_emulator.js'

type Client = Awaited<ReturnType<typeof userClient>>

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
/** +380671234567 → 0671234567, as Asterisk's CALLERID(num) usually has it. */
const national = (e164: string) => `0${e164.slice(4)}`
/** ВШГ-2026-000123 → what a caller types: 2026000123. */
const typed = (number: string) => number.replace(/^.*?(\d{4})-(\d+)$/, '$1$2')

/** A connector context as the host gives one, kept in memory. */
function context(config: Record<string, unknown>) {
  const ctx = recordingContext(config, { key: 'spec_agi' })
  return { ctx, logs: ctx.logs, health: ctx.health, abort: ctx.abort }
}

/**
 * The IVR end to end: Asterisk (a local AGI caller emulator speaking the wire protocol) calls
 * the fastagi-ivr connector, which walks the city's menu (seeds/vyshhorod/ivrs/city_line) through
 * the telephony module; and a cloud PBX takes the same steps through POST /api/v1/telephony/ivr.
 */
describe('ivr: FastAGI and the cloud PBX endpoint', () => {
  const tag = Date.now().toString(36) + randomInt(1000).toString(36)
  const residentPhone = mobile()
  const strangerPhone = mobile()
  let url: string
  let admin: Client
  let pbx: ApiClient
  let mine: any
  let master: any
  const agi = fastAgiIvr()
  let harness: ReturnType<typeof context>
  let port: number

  const call = (caller: string, keys: string[], script = 'city_line') =>
    new AgiCallerEmulator(
      {
        agi_network: 'yes',
        agi_network_script: script,
        agi_request: `agi://127.0.0.1:${port}/${script}`,
        agi_channel: `PJSIP/trunk-${randomInt(1e6)}`,
        agi_language: 'uk',
        agi_type: 'PJSIP',
        agi_uniqueid: `${Date.now() / 1000}.${randomInt(1000)}`,
        agi_version: '20.5.0',
        agi_callerid: caller,
        agi_calleridname: 'unknown',
        agi_dnid: '1555',
        agi_context: 'from-trunk',
        agi_extension: '1555',
        agi_priority: '1',
        agi_enhanced: '0.0',
        agi_accountcode: '',
        agi_threadid: '140000000000',
      },
      keys
    ).call(port)

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    const integration = await userClient(url, ['integration'])
    const token = await integration.post('/api/v1/auth/tokens', { name: 'cloud pbx' })
    expect(token.status).withContext(token.text).toBe(201)
    pbx = new ApiClient(url)
    pbx.token = token.body.token

    const street = (await admin.post('/api/v1/records/object', { name: `вул. Голосова ${tag}`, level: 'street' })).body.data.id
    const building = (await admin.post('/api/v1/records/object', { name: '7', level: 'building', parent: street })).body.data.id
    const apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 3', level: 'apartment', parent: building })).body.data.id
    const resident = (await admin.post('/api/v1/records/contact', { full_name: `Олена Меню ${tag}`, phone: residentPhone, addresses: [apartment] })).body.data.id
    const ticket = (values: Record<string, unknown>) => admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: 'Немає води', extra: { floor: 3 }, ...values })
    const created = await ticket({ resident, object: apartment })
    expect(created.status).withContext(created.text).toBe(201)
    const started = await admin.post(`/api/v1/records/ticket/${created.body.data.id}/transitions/start`, {})
    expect(started.status).withContext(started.text).toBe(200)
    mine = started.body.data
    expect(mine.status).toBe('in_progress')
    master = (await ticket({ object: building, description: 'Аварія на вводі' })).body.data
    const child = (await ticket({ object: building, description: 'Немає води, сусід' })).body.data
    expect((await admin.patch(`/api/v1/records/ticket/${child.id}`, { parent: master.id })).status).toBe(200)

    harness = context({ port: 0, host: '127.0.0.1', ivr: 'city_line' })
    await agi.start(harness.ctx)
    port = agi.address()!.port
  })

  afterAll(async () => {
    await agi.stop()
  })

  it('is a connector type with the ivr capability, healthy while it listens', async () => {
    expect(fastAgi.manifest).toEqual(jasmine.objectContaining({ key: 'fastagi-ivr', capabilities: ['ivr'], singleton: false }))
    expect(agi.health().status).toBe('up')
    expect(harness.health.at(-1)?.detail).toContain(`127.0.0.1:${port}`)
    expect((await agi.test!()).ok).toBeTrue()
  })

  it("tells a caller their request's state by its number (AGI replies checked)", async () => {
    const c = await call(national(residentPhone), ['2', `${typed(mine.number)}#`])
    expect(c.commands[0]).toBe('ANSWER')
    expect(c.said[0]).toContain('Щоб дізнатися стан свого звернення, натисніть 2')
    expect(c.commands).toContain('GET DATA silence/1 5000 1')
    expect(c.said[1]).toContain('Введіть номер звернення')
    expect(c.commands).toContain('GET DATA silence/1 10000 12')
    const answer = c.said[2]
    expect(answer).toMatch(new RegExp(`^Звернення номер ${typed(mine.number).slice(0, 4)}-\\d{6,}: в роботі, термін виконання \\d{1,2} [а-яіїєґʼ']+ до \\d{2}:\\d{2}\\.$`))
    expect(c.commands).toContain(`VERBOSE "${answer}" 3`)
    // then the main menu again, and the caller hangs up
    expect(c.said[3]).toBe(c.said[0])
    expect(c.hungUp).toBeTrue()
    expect(harness.logs.at(-1)).toEqual(jasmine.objectContaining({ operation: 'agi:call', status: 'ok' }))
  })

  it("tells nobody else: another caller hears 'not found' for the same number", async () => {
    const c = await call(national(strangerPhone), ['2', `${typed(mine.number)}#`])
    expect(c.said[2]).toBe('Звернення з таким номером не знайдено.')
    const hidden = await call('anonymous', ['2', `${typed(mine.number)}#`])
    expect(hidden.said[2]).toBe('Звернення з таким номером не знайдено.')
    expect([...c.said, ...hidden.said].join(' ')).not.toContain('в роботі')
  })

  it('reads the caller’s open requests when they press # alone', async () => {
    const c = await call(residentPhone, ['2', '#'])
    expect(c.said[2]).toMatch(/^Звернення номер \d{4}-\d{6,}: в роботі/)
  })

  it('tells the caller about an outage at their address', async () => {
    const c = await call(national(residentPhone), ['3'])
    expect(c.said[1]).toMatch(/^За вашою адресою: Немає води \(тест\), (нове|призначене)(, орієнтовний термін усунення .+)?\.$/)
    const stranger = await call(national(strangerPhone), ['3'])
    expect(stranger.said[1]).toBe('Ваш номер телефону не знайдено серед мешканців. Оператор допоможе вам.')
  })

  it('routes water calls to their queue, and an invalid digit repeats the menu', async () => {
    const c = await call(national(residentPhone), ['7', '1', '1'])
    expect(c.said[1]).toBe('Такого пункту немає.')
    expect(c.said[2]).toBe(c.said[0])
    expect(c.variables).toEqual(jasmine.objectContaining({ VIKNO_QUEUE: 'water', VIKNO_CATEGORY: 'water' }))
    expect(c.commands).not.toContain('HANGUP')
    expect(c.hungUp).toBeFalse()
  })

  it('marks a call it cannot serve, for the dialplan to send to the operators', async () => {
    const c = await call(national(residentPhone), ['1'], 'no_such_menu')
    expect(c.commands[0]).toBe('ANSWER')
    expect(c.variables.VIKNO_FAILED).toBe('1')
    expect(c.said).toEqual([])
    expect(harness.logs.at(-1)).toEqual(jasmine.objectContaining({ operation: 'agi:call', status: 'error' }))
  })

  it('takes the same steps as JSON for a cloud PBX, the state in a signed token', async () => {
    const step = (body: Record<string, unknown>) => pbx.post('/api/v1/telephony/ivr', body)
    const session = `cloud-${tag}`
    const first = await step({ session, caller: residentPhone })
    expect(first.status).withContext(first.text).toBe(200)
    expect(first.body.data.ivr).toBe('city_line')
    expect(first.body.data.say[0].text).toContain('натисніть 2')
    expect(first.body.data.then).toEqual({ gather: { maxDigits: 1, timeoutSeconds: 5 } })
    const second = await step({ session, caller: residentPhone, digits: '2', token: first.body.data.token })
    expect(second.body.data.then).toEqual({ gather: { maxDigits: 12, timeoutSeconds: 10, terminator: '#' } })
    const third = await step({ session, caller: residentPhone, digits: typed(mine.number), token: second.body.data.token })
    expect(third.status).withContext(third.text).toBe(200)
    expect(third.body.data.say[0].text).toMatch(/: в роботі, термін виконання /)
    expect(third.body.data.say[0].en).toMatch(/: in progress, due /)

    // the token is the call's: another caller, session or a forged one starts at the menu again
    const replayed = await step({ session, caller: strangerPhone, digits: typed(mine.number), token: second.body.data.token })
    expect(replayed.body.data.say.map((s: any) => s.text).join(' ')).not.toContain('в роботі')
    expect(replayed.body.data.say[0].text).toBe(first.body.data.say[0].text)
    const [body] = second.body.data.token.split('.')
    const forged = await step({ session, caller: residentPhone, digits: typed(mine.number), token: `${body}.AAAA` })
    expect(forged.body.data.say[0].text).toBe(first.body.data.say[0].text)
  })

  it('serves only integrations, and refuses bad input with pointers', async () => {
    const operator = await userClient(url, ['operator'])
    expect((await operator.post('/api/v1/telephony/ivr', { session: 's', caller: residentPhone })).status).toBe(403)
    const bad = await pbx.post('/api/v1/telephony/ivr', { session: '', digits: 'abc', ivr: 'Nope', extra: 1 })
    expect(bad.status).toBe(422)
    const pointers = bad.body.errors.map((e: any) => e.pointer)
    for (const p of ['/session', '/caller', '/digits', '/ivr', '/extra']) expect(pointers).withContext(p).toContain(p)
    const unknown = await pbx.post('/api/v1/telephony/ivr', { session: 's', caller: residentPhone, ivr: 'no_such_menu' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.errors[0].pointer).toBe('/ivr')
  })

  it('releases its port and sockets on stop', async () => {
    const other = fastAgiIvr()
    const h = context({ port: 0, host: '127.0.0.1' })
    await other.start(h.ctx)
    const p = other.address()!.port
    await other.stop()
    expect(other.health().status).toBe('stopped')
    const { createConnection } = await import('node:net')
    const refused = await new Promise<boolean>((resolve) => {
      const s = createConnection(p, '127.0.0.1')
      s.on('connect', () => (s.destroy(), resolve(false)))
      s.on('error', () => resolve(true))
    })
    expect(refused).toBeTrue()
  })
})
