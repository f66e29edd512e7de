import { engine } from '#core/engine/engine'
import { performCapability, startConnectorHost } from '#core/connectors/host'
import { instanceHealth } from '#core/connectors/health'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { postReport, TurboSmsServer } from './testing/turbosms_server.js'

/**
 * The HTTP SMS type on the running application, configured from examples/turbosms.json
 * against the TurboSMS emulator: what the messaging module sends through
 * `performCapability('send_message', …)`, and delivery reports POSTed to the host's webhook
 * route, read back from `sys_connector_inbox`.
 */
const API_TOKEN = 'turbo-spec-t0ken'
const REPORT_TOKEN = 'report-spec-t0ken'
const INSTANCE = 'spec_sms'
const example = (await import('./examples/turbosms.json', { with: { type: 'json' } })).default

describe('http-sms connector (TurboSMS) on the running application', () => {
  const turbo = new TurboSmsServer(API_TOKEN)
  let admin: ApiClient
  let hook: string
  let n = 0
  const send = (input: Record<string, unknown>) => performCapability('send_message', 'send_message', input, { instance: INSTANCE }) as Promise<any>
  const key = () => `sms-${Date.now()}-${++n}`
  const inbox = () => engine.knex('sys_connector_inbox').where({ instance: INSTANCE }).orderBy('id')
  const config = (extra: Record<string, unknown> = {}) => ({
    ...example.config,
    url: turbo.url,
    auth: { mode: 'bearer', token: API_TOKEN },
    reports: {
      token: REPORT_TOKEN,
      list: '/reports',
      id: 'message_id',
      status: 'status',
      statusMap: { DELIVERED: 'delivered', UNDELIVERED: 'failed', EXPIRED: 'failed', ENROUTE: null },
      error: 'error',
      at: 'done_at',
    },
    timeoutMs: 2000,
    ...extra,
  })

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    hook = `${url}/api/v1/connectors/${INSTANCE}/webhook`
    await startConnectorHost()
    await turbo.start()
    await publishConnector(admin, INSTANCE, { type: 'http-sms', config: config() })
    await waitFor(() => instanceHealth(INSTANCE)?.status === 'up', 10_000)
  }, 60_000)

  afterAll(async () => {
    await publishConnector(admin, INSTANCE, null).catch(() => {})
    await turbo.stop()
  })

  it('sends through the template and answers the provider message id', async () => {
    const result = await send({ to: '067 111 22 33', text: 'Вашу заявку №42 виконано', idempotencyKey: key() })
    const sent = turbo.sent.at(-1)!
    expect(sent).toEqual({ phone: '380671112233', sender: 'MISTO', text: 'Вашу заявку №42 виконано', messageId: jasmine.any(String) })
    expect(result).toEqual({ externalId: sent.messageId, status: 'sent', parts: 1 })
    const long = await send({ to: '+380501234567', text: 'Ш'.repeat(100), idempotencyKey: key() })
    expect(long.parts).toBe(2)
  })

  it('never sends the same idempotency key twice', async () => {
    const count = turbo.sent.length
    const input = { to: '0671112233', text: 'Один раз', idempotencyKey: key() }
    const [a, b] = await Promise.all([send(input), send(input)])
    expect(await send(input)).toEqual(a)
    expect(b).toEqual(a)
    expect(turbo.sent.length).toBe(count + 1)
  })

  it('fails with the provider words when it refuses, and for what is not a phone', async () => {
    await expectAsync(send({ to: '+48601234567', text: 'Hello', idempotencyKey: key() })).toBeRejectedWithError(/the provider refused \(406\): NOT_ALLOWED_RECIPIENT_COUNTRY/)
    await expectAsync(send({ to: 'не номер', text: 'Hello', idempotencyKey: key() })).toBeRejectedWithError(/is not a phone number/)
    turbo.senders.delete('MISTO')
    try {
      await expectAsync(send({ to: '0671112233', text: 'Hello', idempotencyKey: key() })).toBeRejectedWithError(/the provider refused \(204\): INVALID_SENDER/)
    } finally {
      turbo.senders.add('MISTO')
    }
  })

  it('refuses a wrong API token clearly, and degrades when the provider is down', async () => {
    await publishConnector(admin, INSTANCE, { type: 'http-sms', config: config({ auth: { mode: 'bearer', token: 'not-the-token' } }) })
    await waitFor(() => instanceHealth(INSTANCE)?.status === 'up', 10_000)
    await expectAsync(send({ to: '0671112233', text: 'Hello', idempotencyKey: key() })).toBeRejectedWithError(/the provider refused \(105\): INVALID_TOKEN/)
    await publishConnector(admin, INSTANCE, { type: 'http-sms', config: config() })
    await waitFor(() => instanceHealth(INSTANCE)?.status === 'up', 10_000)
    await turbo.stop()
    try {
      await expectAsync(send({ to: '0671112233', text: 'Hello', idempotencyKey: key() })).toBeRejectedWithError(/the SMS provider failed/)
      expect(instanceHealth(INSTANCE)?.status).toBe('degraded')
    } finally {
      await turbo.start()
    }
    await send({ to: '0671112233', text: 'Знову працює', idempotencyKey: key() })
    expect(instanceHealth(INSTANCE)?.status).toBe('up')
  })

  it('turns delivery reports into message_status, once each, ignoring mapped-out statuses', async () => {
    const { externalId } = await send({ to: '0671112233', text: 'Звіт', idempotencyKey: key() })
    const report = {
      reports: [
        { message_id: externalId, status: 'ENROUTE' },
        { message_id: externalId, status: 'DELIVERED', done_at: 1796302800 },
        { message_id: 'other-1', status: 'UNDELIVERED', error: 'absent subscriber' },
      ],
    }
    expect((await postReport(`${hook}?token=${REPORT_TOKEN}`, report)).status).toBe(200)
    expect((await postReport(`${hook}?token=${REPORT_TOKEN}`, report)).status).toBe(200)
    const byKey = async (k: string) => (await inbox()).filter((r) => r.idempotency_key === k)
    await waitFor(async () => (await byKey('status:other-1:failed')).length === 1, 5000)
    const delivered = await byKey(`status:${externalId}:delivered`)
    expect(delivered.length).toBe(1)
    expect(delivered[0].type).toBe('message_status')
    expect(delivered[0].payload).toEqual({ channel: 'sms', externalId, status: 'delivered', at: '2026-12-03T13:00:00.000Z' })
    expect((await byKey('status:other-1:failed'))[0].payload).toEqual({ channel: 'sms', externalId: 'other-1', status: 'failed', error: 'absent subscriber' })
    expect((await inbox()).filter((r) => String(r.idempotency_key).includes('ENROUTE') || r.payload?.status === 'sent').length).toBe(0)
  })

  it('refuses a report with a wrong or missing token (401), and one it cannot map (400)', async () => {
    const before = (await inbox()).length
    const report = { reports: [{ message_id: 'forged-1', status: 'DELIVERED' }] }
    expect((await postReport(`${hook}?token=wrong`, report)).status).toBe(401)
    expect((await postReport(hook, report)).status).toBe(401)
    const unmapped = await postReport(`${hook}?token=${REPORT_TOKEN}`, { reports: [{ message_id: 'x-1', status: 'SOMETHING' }] })
    expect(unmapped.status).toBe(400)
    expect(JSON.parse(unmapped.body).error).toBe('status "SOMETHING" is not in the status map')
    await new Promise((r) => setTimeout(r, 300))
    expect((await inbox()).length).toBe(before)
  })
})
