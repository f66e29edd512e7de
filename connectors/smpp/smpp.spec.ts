/**
 * The smpp connector against local SMSC emulators (real SMPP 3.4 over TCP): encodings and
 * concatenation as the SMSC decodes them, receipts → message_status, failover between
 * gateways, a refused bind, inbound SMS (concatenated and resent) → message_in.
 */
import { waitFor } from '#core/testing/connector_helpers'
import { recordingContext, type RecordingContext } from '#core/testing/connector_context'
import type { SendMessageResult } from '#core/connectors/messaging'
import { SmppConnector } from './connector.js'
import { SmscEmulator } from './testing/smsc.js'

const PASSWORD = 'pw-Q7x2'
const CYRILLIC_120 = 'Шановний мешканцю! Вашу заявку про витік води на вул. Хрещатик 2 прийнято. Бригада прибуде протягом двох годин. Дякуємо!'

function config(gateways: Array<{ key: string; smsc: SmscEmulator; password?: string }>) {
  return {
    gateways: gateways.map((g) => ({ key: g.key, host: '127.0.0.1', port: g.smsc.port, systemId: 'vikno', password: g.password ?? PASSWORD, sourceAddr: 'Vikno', ratePerSecond: 50, windowSize: 10 })),
    enquireLinkSeconds: 1,
  }
}

describe('smpp connector', () => {
  const a = new SmscEmulator({ systemId: 'vikno', password: PASSWORD })
  const b = new SmscEmulator({ systemId: 'vikno', password: PASSWORD })
  let connector: SmppConnector
  let ctx: RecordingContext
  let n = 0
  const send = (text: string, to = '+380501234567') => connector.perform('send_message', { to, text, idempotencyKey: `msg-${++n}` }) as Promise<SendMessageResult>

  beforeAll(async () => {
    await a.start()
    await b.start()
  })
  afterAll(async () => {
    await a.stop()
    await b.stop()
  })

  async function startWith(gateways: Parameters<typeof config>[0], status = 'up') {
    ctx = recordingContext(config(gateways), { key: 'city_sms' })
    connector = new SmppConnector()
    await connector.start(ctx)
    await waitFor(() => connector.health().status === status)
  }

  afterEach(async () => {
    await connector?.stop()
    a.submits.length = b.submits.length = 0
    a.throttling = b.throttling = false
    a.refuse.clear()
  })

  it('sends 120 Cyrillic characters as two concatenated UCS-2 parts and reports them delivered when both are', async () => {
    await startWith([{ key: 'gsm1', smsc: a }])
    expect(CYRILLIC_120.length).toBe(120)
    const result = await send(CYRILLIC_120)
    expect(result.parts).toBe(Math.ceil(CYRILLIC_120.length / 67))
    expect(result.parts).toBe(2)
    expect(a.submits.length).toBe(2)
    const [p1, p2] = a.submits
    for (const p of a.submits) {
      expect(p.dataCoding).toBe(8)
      expect(p.esmClass & 0x40).toBe(0x40)
      expect(p.registeredDelivery).toBe(1)
      expect(p.destination).toBe('380501234567')
    }
    expect(p1.udh).toEqual({ ref: p2.udh!.ref, total: 2, seq: 1 })
    expect(p2.udh).toEqual(jasmine.objectContaining({ total: 2, seq: 2 }))
    expect(p1.text + p2.text).toBe(CYRILLIC_120)
    expect(result.externalId).toBe(p1.messageId)

    expect(await a.receipt(p1.messageId)).toBe(0)
    expect(ctx.delivered.length).withContext('one part delivered is not the message').toBe(0)
    expect(await a.receipt(p2.messageId, 'DELIVRD', { textOnly: true })).toBe(0)
    expect(ctx.delivered.map((e) => [e.type, e.idempotencyKey, e.payload.externalId, e.payload.status])).toEqual([['message_status', `dlr:gsm1:${p2.messageId}`, p1.messageId, 'delivered']])
    // a receipt repeated later (any part) is the same event, which the host skips
    await a.receipt(p1.messageId)
    expect(ctx.delivered.length).toBe(1)
    expect(ctx.repeats).toEqual([`dlr:gsm1:${p2.messageId}`])
  })

  it('sends Latin text as GSM 7-bit: one part up to 160 characters, parts of 153 beyond', async () => {
    await startWith([{ key: 'gsm1', smsc: a }])
    expect((await send('Your request 1042 is registered. Vikno')).parts).toBe(1)
    expect(a.submits[0]).toEqual(jasmine.objectContaining({ dataCoding: 0, esmClass: 0, udh: undefined, text: 'Your request 1042 is registered. Vikno' }))
    const long = 'x'.repeat(200)
    expect((await send(long)).parts).toBe(2)
    expect(a.submits.slice(1).map((s) => [s.dataCoding, s.text.length, s.udh?.seq])).toEqual([
      [0, 153, 1],
      [0, 47, 2],
    ])
  })

  it('reports a message failed when any part fails', async () => {
    await startWith([{ key: 'gsm1', smsc: a }])
    const result = await send(CYRILLIC_120)
    await a.receipt(a.submits[1].messageId, 'UNDELIV', { err: '001' })
    expect(ctx.delivered.map((e) => [e.payload.externalId, e.payload.status, e.payload.error])).toEqual([[result.externalId, 'failed', 'UNDELIV err:001']])
  })

  it('answers the first result for a repeated idempotency key without submitting again', async () => {
    await startWith([{ key: 'gsm1', smsc: a }])
    const input = { to: '+380501234567', text: 'Привіт', idempotencyKey: 'same-key' }
    const [first, second] = await Promise.all([connector.perform('send_message', input), connector.perform('send_message', input)])
    const third = await connector.perform('send_message', input)
    expect(second).toEqual(first)
    expect(third).toEqual(first)
    expect(a.submits.length).toBe(1)
  })

  it('fails over to the second gateway when the first throttles, and when it is down', async () => {
    await startWith([
      { key: 'gsm1', smsc: a },
      { key: 'gsm2', smsc: b },
    ])
    a.throttling = true
    for (let i = 0; i < 3; i++) expect((await send(CYRILLIC_120)).parts).toBe(2)
    expect(a.submits.length).toBe(0)
    expect(b.submits.length).toBe(6)
    expect(new Set(b.submits.map((s) => s.udh!.ref)).size)
      .withContext('a reference per message')
      .toBe(3)

    a.throttling = false
    await a.stop()
    await waitFor(() => connector.health().status === 'degraded')
    expect(connector.health().detail).toMatch(/gsm1: 127\.0\.0\.1:\d+: connection lost; gsm2: bound/)
    await send('after the drop')
    expect(b.submits.at(-1)!.text).toBe('after the drop')
    await a.start()
    await waitFor(() => connector.health().status === 'up', 15_000)
  })

  it('fails a permanent refusal with a clear error and does not try another gateway', async () => {
    await startWith([
      { key: 'gsm1', smsc: a },
      { key: 'gsm2', smsc: b },
    ])
    a.refuse.set('380000000000', 0x0b)
    b.refuse.set('380000000000', 0x0b)
    await expectAsync(send('hello', '+380000000000')).toBeRejectedWithError(/ESME_RINVDSTADR \(0x0B\) invalid destination address/)
    expect(a.submits.length + b.submits.length).toBe(0)
    b.refuse.clear()
  })

  it('reports a refused bind as down with a clear detail and no secret', async () => {
    await startWith([{ key: 'gsm1', smsc: a, password: 'wrong-pw' }], 'down')
    await waitFor(() => /bind refused/.test(connector.health().detail ?? ''))
    expect(connector.health().detail).toContain('gsm1: bind refused by 127.0.0.1')
    expect(connector.health().detail).toContain('ESME_RBINDFAIL (0x0D)')
    const everything = JSON.stringify([ctx.health, ctx.logs, connector.health()])
    expect(everything).not.toContain('wrong-pw')
    expect(a.refusedBinds).toBeGreaterThan(0)
    await expectAsync(send('hello')).toBeRejectedWithError(/no SMPP gateway took the message: gsm1: bind refused/)
  })

  it('reassembles a concatenated inbound SMS and delivers a resent one once', async () => {
    await startWith([{ key: 'gsm1', smsc: a }])
    expect(await a.mo({ from: '+380671112233', text: CYRILLIC_120, parts: 2, ref: 77 })).toBe(0)
    expect(ctx.delivered.length).toBe(1)
    const [event] = ctx.delivered
    expect(event.type).toBe('message_in')
    expect(event.payload).toEqual(jasmine.objectContaining({ channel: 'sms', kind: 'message', from: '+380671112233', phone: '+380671112233', text: CYRILLIC_120 }))
    expect(event.idempotencyKey).toMatch(/^mo:gsm1:\+380671112233:77\.2:[0-9a-f]{16}:\d+$/)

    // national number form, GSM text; then the SMSC resends it on a new session
    await a.mo({ from: '0501234567', ton: 0, text: 'Dyakuyu!' })
    a.drop()
    await waitFor(() => a.boundSessions > 0 && connector.health().status === 'up', 15_000)
    await a.mo({ from: '0501234567', ton: 0, text: 'Dyakuyu!' })
    expect(ctx.delivered.slice(1).map((e) => [e.payload.from, e.payload.text])).toEqual([['+380501234567', 'Dyakuyu!']])
    expect(ctx.repeats.length).toBe(1)
  })
})
