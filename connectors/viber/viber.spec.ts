import { engine } from '#core/engine/engine'
import { startConnectorHost, performCapability } from '#core/connectors/host'
import { instanceHealth } from '#core/connectors/health'
import { flushConnectorLog } from '#core/connectors/log'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { ViberApiServer } from './testing/viber_api_server.js'

/**
 * The Viber type on the running application: the emulator registers the host's real webhook
 * route, posts signed callbacks to it, and receives what the messaging module would send
 * through `performCapability('send_message', …)`. Inbound events are read back from
 * `sys_connector_inbox`, where the host stores them.
 */
const TOKEN = 'e9b1c0d2a3f4-viber-spec-t0ken'
const INSTANCE = 'spec_viber'

describe('viber connector on the running application', () => {
  const api = new ViberApiServer(TOKEN)
  let admin: ApiClient
  const inbox = async (type?: string) => {
    const rows = await engine.knex('sys_connector_inbox').where({ instance: INSTANCE }).orderBy('id')
    return rows.filter((r) => !type || r.type === type)
  }
  const row = async (key: string) => {
    await waitFor(async () => !!(await engine.knex('sys_connector_inbox').where({ instance: INSTANCE, idempotency_key: key }).first()), 5000)
    return engine.knex('sys_connector_inbox').where({ instance: INSTANCE, idempotency_key: key }).first()
  }
  const send = (input: Record<string, unknown>) => performCapability('send_message', 'send_message', input, { instance: INSTANCE }) as Promise<any>

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    await startConnectorHost()
    await api.start()
    await publishConnector(admin, INSTANCE, { type: 'viber', config: { token: TOKEN, publicUrl: url, senderName: 'Міська служба', apiRoot: api.apiRoot, maxMediaBytes: 2048, healthCheckSeconds: 30 } })
    await waitFor(() => instanceHealth(INSTANCE)?.status === 'up' && !!api.webhook?.url.endsWith(`/api/v1/connectors/${INSTANCE}/webhook`), 15_000)
  }, 60_000)

  afterAll(async () => {
    await publishConnector(admin, INSTANCE, null).catch(() => {})
    await api.stop()
  })

  it('registered its webhook for the events it maps, with names and photos', () => {
    expect(api.webhook?.event_types).toEqual(['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'])
    expect(api.webhook?.send_name).toBeTrue()
    expect(api.webhook?.send_photo).toBeTrue()
  })

  it('refuses a wrong or missing signature with 401 and stores nothing', async () => {
    const before = (await inbox()).length
    const event = { event: 'message', message_token: api.nextToken(), sender: { id: 'forger' }, message: { type: 'text', text: 'підроблено' } }
    expect((await api.postEvent(event, 'wrong')).status).toBe(401)
    expect((await api.postEvent(event, 'none')).status).toBe(401)
    await new Promise((r) => setTimeout(r, 300))
    expect((await inbox()).length).toBe(before)
    await flushConnectorLog()
    const refused = await engine.knex('sys_connector_log').where({ instance: INSTANCE, status: 'refused' }).count('* as n')
    expect(Number(refused[0].n)).toBeGreaterThanOrEqual(2)
  })

  it('answers 400 to an oversized body or one that is not a Viber callback, and logs it', async () => {
    const { createHmac } = await import('node:crypto')
    const sign = (body: string) => createHmac('sha256', TOKEN).update(body).digest('hex')
    const huge = JSON.stringify({ event: 'message', message_token: 1, sender: { id: 'u' }, message: { type: 'text', text: 'x'.repeat(300_000) } })
    const big = await fetch(`${api.webhook!.url}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': sign(huge) }, body: huge })
    expect(big.status).toBe(400)
    const res = await fetch(`${api.webhook!.url}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': 'x' }, body: '{' })
    expect(res.status).toBe(401) // unsigned garbage is refused before it is read
    const garbage = '{"not":"viber"'
    const signed = await fetch(`${api.webhook!.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-viber-content-signature': createHmac('sha256', TOKEN).update(garbage).digest('hex') },
      body: garbage,
    })
    expect(signed.status).toBe(400)
    await flushConnectorLog()
    const errors = await engine.knex('sys_connector_log').where({ instance: INSTANCE, operation: 'webhook', status: 'error' }).whereNotNull('error').pluck('error')
    expect(errors).toEqual(jasmine.arrayContaining(['the body is larger than 262144 bytes', 'the body is not a Viber callback']))
  })

  it('stores a redelivered callback once, keeping the 64-bit message token exact', async () => {
    const token = api.nextToken()
    const event = { event: 'message', message_token: token, sender: { id: 'user-7', name: 'Олена', language: 'uk' }, message: { type: 'text', text: 'Немає води на Шевченка, 5' } }
    expect((await api.postEvent(event)).status).toBe(200)
    expect((await api.postEvent(event)).status).toBe(200)
    const stored = await row(`message:${token}`)
    await new Promise((r) => setTimeout(r, 300))
    expect((await inbox()).filter((r) => r.idempotency_key === `message:${token}`).length).toBe(1)
    expect(stored.type).toBe('message_in')
    expect(stored.payload).toEqual(jasmine.objectContaining({ channel: 'viber', kind: 'message', from: 'user-7', name: 'Олена', language: 'uk', text: 'Немає води на Шевченка, 5', externalId: token }))
  })

  it('maps a shared contact to an E.164 phone, a location, and a button press to an action', async () => {
    const contact = api.nextToken()
    await api.message('user-8', { type: 'contact', contact: { name: 'Олена', phone_number: '380671112233' } }, contact)
    expect((await row(`message:${contact}`)).payload).toEqual(jasmine.objectContaining({ kind: 'message', from: 'user-8', phone: '+380671112233' }))
    const place = api.nextToken()
    await api.message('user-8', { type: 'location', location: { lat: 50.4501, lon: 30.5234 } }, place)
    expect((await row(`message:${place}`)).payload.location).toEqual({ lat: 50.4501, lon: 30.5234 })
    const press = api.nextToken()
    await api.message('user-8', { type: 'text', text: 'act:report:water' }, press)
    const pressed = (await row(`message:${press}`)).payload
    expect(pressed.kind).toBe('action')
    expect(pressed.action).toBe('report:water')
    expect(pressed.text).toBeUndefined()
  })

  it('downloads a photo into the attachments, and only notes one past the size cap', async () => {
    const small = Buffer.alloc(1500, 7)
    api.media.set('leak.jpg', { data: small, mime: 'image/jpeg' })
    api.media.set('big.jpg', { data: Buffer.alloc(4096, 1), mime: 'image/jpeg' })
    const t1 = api.nextToken()
    await api.message('user-9', { type: 'picture', text: 'Ось фото', media: `http://127.0.0.1:${api.port}/media/leak.jpg`, file_name: 'leak.jpg' }, t1)
    const photo = (await row(`message:${t1}`)).payload
    expect(photo.text).toBe('Ось фото')
    expect(photo.attachments).toEqual([{ name: 'leak.jpg', mime: 'image/jpeg', size: 1500, data: small.toString('base64') }])
    const t2 = api.nextToken()
    await api.message('user-9', { type: 'picture', media: `http://127.0.0.1:${api.port}/media/big.jpg`, file_name: 'big.jpg' }, t2)
    const [big] = (await row(`message:${t2}`)).payload.attachments
    expect(big.tooLarge).toBeTrue()
    expect(big.data).toBeUndefined()
  })

  it('delivers conversation_started, subscribed and unsubscribed as message_in kinds', async () => {
    const user = { id: 'user-10', name: 'Петро', language: 'uk' }
    const started = api.nextToken()
    await api.postEvent({ event: 'conversation_started', type: 'open', context: 'ticket-42', user, message_token: started, subscribed: false })
    expect((await row(`conversation_started:${started}`)).payload).toEqual(jasmine.objectContaining({ kind: 'started', from: 'user-10', action: 'ticket-42' }))
    const subscribed = api.nextToken()
    await api.postEvent({ event: 'subscribed', user, message_token: subscribed })
    expect((await row(`subscribed:${subscribed}`)).payload.kind).toBe('subscribed')
    const left = api.nextToken()
    await api.postEvent({ event: 'unsubscribed', user_id: 'user-10', message_token: left })
    expect((await row(`unsubscribed:${left}`)).payload).toEqual(jasmine.objectContaining({ kind: 'unsubscribed', from: 'user-10' }))
  })

  it('sends a text with a keyboard, then turns delivered / seen / failed into message_status', async () => {
    const result = await send({
      to: 'user-7',
      text: 'Оберіть тему звернення',
      buttons: [
        [
          { label: 'Вода', action: 'topic:water' },
          { label: 'Світло', action: 'topic:power' },
        ],
        [{ label: 'Інше <тема>', action: 'topic:other' }],
      ],
      requestContact: true,
      idempotencyKey: 'msg-keyboard-1',
    })
    expect(result.status).toBe('sent')
    expect(result.externalId).toMatch(/^\d{19}$/)
    const body = api.sent.at(-1)!
    expect(body).toEqual(jasmine.objectContaining({ receiver: 'user-7', type: 'text', text: 'Оберіть тему звернення', min_api_version: 3, sender: { name: 'Міська служба' } }))
    expect(body.keyboard.Buttons).toEqual([
      { Columns: 3, Rows: 1, ActionType: 'reply', ActionBody: 'act:topic:water', Text: 'Вода' },
      { Columns: 3, Rows: 1, ActionType: 'reply', ActionBody: 'act:topic:power', Text: 'Світло' },
      { Columns: 6, Rows: 1, ActionType: 'reply', ActionBody: 'act:topic:other', Text: 'Інше &lt;тема&gt;' },
      jasmine.objectContaining({ Columns: 6, ActionType: 'share-phone' }),
    ])

    await api.delivered(result.externalId, 'user-7')
    await api.seen(result.externalId, 'user-7')
    expect((await row(`delivered:${result.externalId}`)).payload).toEqual(jasmine.objectContaining({ channel: 'viber', externalId: result.externalId, status: 'delivered' }))
    expect((await row(`seen:${result.externalId}`)).payload).toEqual(jasmine.objectContaining({ externalId: result.externalId, status: 'read' }))
    const other = await send({ to: 'user-7', text: 'Дякуємо', idempotencyKey: 'msg-plain-1' })
    expect(api.sent.at(-1)!.keyboard).toBeUndefined()
    expect(api.sent.at(-1)!.min_api_version).toBe(1)
    await api.failed(other.externalId, 'user-7', 'the user blocked the bot')
    expect((await row(`failed:${other.externalId}`)).payload).toEqual(jasmine.objectContaining({ externalId: other.externalId, status: 'failed', error: 'the user blocked the bot' }))
  })

  it('does not send the same idempotency key twice', async () => {
    const count = api.sent.length
    const input = { to: 'user-7', text: 'Заявку прийнято', idempotencyKey: 'msg-once-1' }
    const [a, b] = await Promise.all([send(input), send(input)])
    const c = await send(input)
    expect(api.sent.length).toBe(count + 1)
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })

  it('fails clearly for a user who left, and delivers an unsubscribed message_in', async () => {
    api.unsubscribed.add('user-gone')
    await expectAsync(send({ to: 'user-gone', text: 'Ваша заявка виконана', idempotencyKey: 'msg-gone-1' })).toBeRejectedWithError(/receiverNotSubscribed \(status 6\)|status 6/)
    expect((await row('unsubscribed:refused:msg-gone-1')).payload).toEqual(jasmine.objectContaining({ channel: 'viber', kind: 'unsubscribed', from: 'user-gone' }))
  })
})
