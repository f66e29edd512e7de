import { engine } from '#core/engine/engine'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { startConnectorHost } from '#core/connectors/host'
import { flushConnectorLog } from '#core/connectors/log'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import telegram from './index.js'
import { BotApiServer } from './testing/bot_api_server.js'
import { contactUpdate, textUpdate } from './testing/updates.js'

/**
 * The Telegram type on the in-process application: published as metadata, it sets its webhook
 * with the secret; the emulator posts updates to the real webhook route; what is delivered
 * lands in sys_connector_inbox, once per update.
 */
const TOKEN = '6098765432:AAInAppSpecToken_Qw3Er5Ty7Ui9Op1'
const SECRET = 'in-app-hook-secret_8Hs2Kd'
process.env.TELEGRAM_SPEC_TOKEN = TOKEN
process.env.TELEGRAM_SPEC_HOOK_SECRET = SECRET
const INSTANCE = 'spec_telegram_bot'

describe('telegram: webhook on the application', () => {
  const api = new BotApiServer(TOKEN)
  let admin: ApiClient
  let baseUrl: string
  const inbox = () => engine.knex('sys_connector_inbox').where({ instance: INSTANCE }).orderBy('id')

  beforeAll(async () => {
    baseUrl = (await testApp()).url
    admin = await userClient(baseUrl, ['admin'])
    await startConnectorHost()
    await api.start()
    await publishConnector(admin, INSTANCE, {
      type: 'telegram',
      config: { token: { $env: 'TELEGRAM_SPEC_TOKEN' }, publicUrl: `${baseUrl}/`, webhookSecret: { $env: 'TELEGRAM_SPEC_HOOK_SECRET' }, apiRoot: api.apiRoot },
    })
    await waitFor(() => api.webhook !== undefined, 10_000)
  }, 60_000)

  afterAll(async () => {
    await publishConnector(admin, INSTANCE, null).catch(() => {})
    await api.stop()
  })

  it('sets its webhook on publish: our URL, the secret token, the updates it uses', () => {
    expect(telegram.manifest.webhook).toBeTrue()
    expect(api.webhook).toEqual({ url: `${baseUrl}/api/v1/connectors/${INSTANCE}/webhook`, secret_token: SECRET, allowed_updates: ['message', 'callback_query', 'my_chat_member'] })
  })

  it('refuses an update without the right secret header: 401, nothing delivered', async () => {
    const before = (await inbox()).length
    const wrong = await api.postToWebhook(textUpdate(501, 'підроблене'), 'not-the-secret')
    const empty = await api.postToWebhook(textUpdate(502, 'підроблене'), '')
    if (api.webhook) api.webhook.secret_token = undefined // the header is left out altogether
    const none = await api.postToWebhook(textUpdate(503, 'підроблене'))
    api.webhook!.secret_token = SECRET
    expect([wrong.status, empty.status, none.status]).toEqual([401, 401, 401])
    await new Promise((r) => setTimeout(r, 300)) // a delivery would be under way by now
    expect((await inbox()).length).toBe(before)
  })

  it('delivers an update once however often Telegram repeats it', async () => {
    const first = await api.postToWebhook(contactUpdate(380501112233, '380501112233'))
    const again = await api.postToWebhook(first.update)
    expect([first.status, again.status]).toEqual([200, 200])
    const key = `update:${first.update.update_id}:380501112233:${first.update.message!.message_id}`
    await waitFor(async () => (await inbox()).some((r) => r.idempotency_key === key), 10_000)
    await new Promise((r) => setTimeout(r, 300))
    const rows = (await inbox()).filter((r) => r.idempotency_key.startsWith(`update:${first.update.update_id}:`))
    expect(rows.length).toBe(1)
    expect(rows[0].type).toBe('message_in')
    expect(rows[0].payload).toEqual(jasmine.objectContaining({ channel: 'telegram', kind: 'message', from: '380501112233', phone: '+380501112233', name: 'Олена Коваль', language: 'uk' }))
  })

  it('answers 400 to a body that is not an update, and logs it refused', async () => {
    const res = await fetch(`${baseUrl}/api/v1/connectors/${INSTANCE}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: '{"message": "no update_id"}',
    })
    expect(res.status).toBe(400)
    await flushConnectorLog()
    const refused = await engine.knex('sys_connector_log').where({ instance: INSTANCE, operation: 'webhook', status: 'refused' }).orderBy('id', 'desc').first()
    expect(refused?.error).toContain('no update_id')
  })

  it('sends through perform with the host, answering chat_id:message_id', async () => {
    const res = await admin.post('/api/v1/actions/connectors.perform', {
      key: INSTANCE,
      action: 'send_message',
      input: { to: '380501112233', text: 'Заявку прийнято', idempotencyKey: 'msg-in-app-1' },
    })
    expect(res.status).toBe(200)
    const sent = api.sent.at(-1)!
    expect(sent.text).toBe('Заявку прийнято')
    expect(JSON.stringify(res.body)).toContain(`380501112233:${sent.message_id}`)
  })
})
