import { randomInt, randomUUID } from 'node:crypto'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { engine } from '#core/engine/engine'
import { startConnectorHost, runningInstance } from '#core/connectors/host'
import { registerBot, registeredBot, type BotHandler } from '../modules/messaging/conversation.js'
import { MessagePeer } from './fixtures/connectors/msgtest/peer.js'

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
const TG = 'spec_res_tg'
const SMS = 'spec_res_sms'
const MAIL = 'spec_res_mail'
const TOKEN = 'res-spec-token'
type Client = Awaited<ReturnType<typeof userClient>>

/**
 * Residents and their messages: a resident reads their own messages and downloads their own
 * photos (never another's, nor a file nobody readable lists); an operator links an unknown
 * sender to a resident; two first messages from one new phone at once make one resident.
 */
describe('messaging: residents read their own, operators link unknown senders', () => {
  let url: string
  let admin: Client
  let operator: Client
  const peer = new MessagePeer(TOKEN)
  const previous = registeredBot()
  /** Our instances get no bot: the turns are the subject here, not the answers. */
  const quiet: BotHandler = async (turn, io) => {
    if (![TG, SMS, MAIL].includes(turn.instance)) return previous?.(turn, io)
  }

  const hook = (instance: string, payload: Record<string, unknown>) =>
    fetch(`${url}/api/v1/connectors/${instance}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-msgtest-token': TOKEN },
      body: JSON.stringify({ event: 'message_in', id: `ev-${randomUUID()}`, payload: { kind: 'message', ...payload } }),
    })
  const messageOf = async (instance: string, externalId: string) => {
    let row: any
    await waitFor(async () => !!(row = await engine.knex('message').where({ connector: instance, external_id: externalId }).first()))
    return row
  }
  const resident = async (values: Record<string, unknown> = {}) => {
    const res = await admin.post('/api/v1/records/contact', { full_name: 'Мешканка', phone: mobile(), consent: true, ...values })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data as Record<string, any>
  }
  const download = (client: ApiClient, id: string) => fetch(`${url}/api/v1/files/${id}`, { headers: { cookie: client.cookie! } })
  const telegramPhoto = async (chat: string, externalId: string, bytes: Buffer[]) => {
    const attachments = bytes.map((b, i) => ({ name: `photo${i}.jpg`, mime: 'image/jpeg', data: b.toString('base64') }))
    expect((await hook(TG, { channel: 'telegram', from: chat, externalId, attachments })).status).toBe(200)
    return messageOf(TG, externalId)
  }

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    process.env.RES_SPEC_TOKEN = TOKEN
    await peer.start()
    await startConnectorHost()
    for (const [key, channel] of [
      [TG, 'telegram'],
      [SMS, 'sms'],
      [MAIL, 'email'],
    ])
      await publishConnector(admin, key, { type: 'msgtest', config: { url: `http://127.0.0.1:${peer.port}`, token: { $env: 'RES_SPEC_TOKEN' }, channel } })
    await waitFor(() => [TG, SMS, MAIL].every((k) => !!runningInstance(k)))
    registerBot(quiet)
  })

  afterAll(async () => {
    if (previous) registerBot(previous)
    for (const key of [TG, SMS, MAIL]) await publishConnector(admin, key, null).catch(() => {})
    await peer.stop()
  })

  it('lets a resident read their own messages and download their photos, never another’s', async () => {
    const [chatA, chatB] = [`tg-${randomInt(1e9)}`, `tg-${randomInt(1e9)}`]
    const hanna = await resident({ messengers: { telegram: chatA } })
    const olena = await resident({ messengers: { telegram: chatB } })
    const jpeg = (n: number) => Buffer.from([0xff, 0xd8, 0xff, 0xe0, n, n, n, n])
    // two photos: the first is also the `attachment` file field, the second only in the `attachments` list
    const mine = await telegramPhoto(chatA, `${chatA}:1`, [jpeg(1), jpeg(2)])
    await hook(TG, { channel: 'telegram', from: chatA, text: 'Тече кран', externalId: `${chatA}:2` })
    await messageOf(TG, `${chatA}:2`)
    const theirs = await telegramPhoto(chatB, `${chatB}:1`, [jpeg(3)])
    expect(mine.contact).toBe(hanna.id)
    expect(theirs.contact).toBe(olena.id)
    const [first, second] = mine.attachments.map((a: any) => a.file)
    expect(mine.attachment).toBe(first)

    const me = await userClient(url, ['resident'], { contact: hanna.id })
    const listed = await me.get('/api/v1/records/message?limit=100')
    expect(listed.status).withContext(listed.text).toBe(200)
    expect(listed.body.data.map((m: any) => m.body).sort()).toEqual(['Тече кран', '📷'])
    expect(listed.body.data.every((m: any) => m.contact === hanna.id)).toBeTrue()
    for (const internal of ['connector', 'external_id', 'error', 'send_options', 'operator'])
      expect(listed.body.data.some((m: any) => internal in m))
        .withContext(internal)
        .toBeFalse()
    expect((await me.get(`/api/v1/records/message/${theirs.id}`)).status).toBe(404)
    const filtered = await me.get(`/api/v1/records/message?filter=${encodeURIComponent(JSON.stringify({ contact: { eq: olena.id } }))}`)
    expect(filtered.body.data).toEqual([])
    const own = await me.get(`/api/v1/actions/messaging.conversation?contact=${hanna.id}`)
    expect(own.status).withContext(own.text).toBe(200)
    expect(own.body.data.map((m: any) => m.body)).toEqual(['📷', 'Тече кран'])
    expect((await me.get(`/api/v1/actions/messaging.conversation?contact=${olena.id}`)).status).toBe(404)

    for (const [id, bytes] of [
      [first, jpeg(1)],
      [second, jpeg(2)],
    ] as const) {
      const res = await download(me, id)
      expect(res.status).withContext(id).toBe(200)
      expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes)
    }
    expect((await download(me, theirs.attachment)).status).toBe(404)

    // nobody lists a file they did not upload to reach it: the write is refused at the item
    const sneaky = await operator.post('/api/v1/records/message', {
      channel: 'telegram',
      direction: 'outbound',
      contact: hanna.id,
      body: 'x',
      attachments: [{ file: theirs.attachment, name: 'not-mine.jpg' }],
    })
    expect(sneaky.status).withContext(sneaky.text).toBe(422)
    expect(sneaky.body.errors.map((e: any) => e.pointer)).toEqual(['/attachments/0/file'])
    expect((await download(operator, theirs.attachment)).status)
      .withContext('operators read every message')
      .toBe(200)
  })

  it('links an unknown sender to a resident on an operator’s word: earlier and later messages find them, audited; others get 403', async () => {
    const chat = `tg-${randomInt(1e9)}`
    await hook(TG, { channel: 'telegram', from: chat, text: 'Хто я?', externalId: `${chat}:1` })
    await hook(TG, { channel: 'telegram', from: chat, text: 'Допоможіть', externalId: `${chat}:2` })
    const [one, two] = [await messageOf(TG, `${chat}:1`), await messageOf(TG, `${chat}:2`)]
    expect([one.contact, two.contact]).toEqual([null, null])
    const hanna = await resident()
    // a resident account with no resident behind it reads no unlinked message
    const nobody = await userClient(url, ['resident'])
    expect((await nobody.get('/api/v1/records/message?limit=200')).body.data).toEqual([])

    for (const roles of [['contractor_worker'], ['resident']]) {
      const other = await userClient(url, roles, roles[0] === 'resident' ? { contact: hanna.id } : {})
      const refused = await other.post('/api/v1/actions/messaging.link', { message: two.id, contact: hanna.id })
      expect(refused.status).withContext(`${roles[0]}: ${refused.text}`).toBe(403)
    }
    expect((await engine.knex('message').where({ id: two.id }).first()).contact).toBeNull()

    const linked = await operator.post('/api/v1/actions/messaging.link', { message: two.id, contact: hanna.id })
    expect(linked.status).withContext(linked.text).toBe(200)
    expect(linked.body.data).toEqual({ contact: hanna.id, channel: 'telegram', address: chat, messages: 2 })
    expect((await engine.knex('contact').where({ id: hanna.id }).first()).messengers).toEqual({ telegram: chat })
    const rows = await engine.knex('message').whereIn('id', [one.id, two.id])
    expect(rows.map((r) => r.contact)).toEqual([hanna.id, hanna.id])
    const audit = await engine.knex('sys_audit').where({ action: 'message.sender_linked', actor_id: operator.userId }).whereIn('record_id', [hanna.id, one.id, two.id])
    expect(audit.map((a) => a.entity).sort()).toEqual(['contact', 'message', 'message'])
    await hook(TG, { channel: 'telegram', from: chat, text: 'Дякую', externalId: `${chat}:3` })
    expect((await messageOf(TG, `${chat}:3`)).contact).toBe(hanna.id)

    // an unknown e-mail sender stays unlinked until an operator says who it is
    const email = `unknown.${randomInt(1e9)}@example.org`
    await hook(MAIL, { channel: 'email', from: email, subject: 'Питання', text: 'Добрий день', externalId: `<a.${chat}@example.org>` })
    const letter = await messageOf(MAIL, `<a.${chat}@example.org>`)
    expect(letter.contact).toBeNull()
    expect((await operator.post('/api/v1/actions/messaging.link', { message: letter.id, contact: hanna.id })).status).toBe(200)
    expect((await engine.knex('contact').where({ id: hanna.id }).first()).email).toBe(email)
    await hook(MAIL, { channel: 'email', from: email.toUpperCase(), text: 'Ще питання', externalId: `<b.${chat}@example.org>` })
    expect((await messageOf(MAIL, `<b.${chat}@example.org>`)).contact).toBe(hanna.id)

    // an outbound message has no sender to link
    const ours = await admin.post('/api/v1/records/message', { channel: 'telegram', direction: 'outbound', contact: hanna.id, body: 'Відповідь' })
    expect(ours.status).withContext(ours.text).toBe(201)
    const outbound = await operator.post('/api/v1/actions/messaging.link', { message: ours.body.data.id, contact: hanna.id })
    expect(outbound.status).toBe(422)
    expect(outbound.body.errors[0].pointer).toBe('/message')
  })

  it('makes one resident for two first messages at once from the same new phone', async () => {
    const phone = mobile()
    const sends = [0, 1, 2, 3].map((i) => hook(SMS, { channel: 'sms', from: phone, text: `Перше ${i}`, externalId: `race-${phone}-${i}` }))
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual([200, 200, 200, 200])
    const rows = await Promise.all([0, 1, 2, 3].map((i) => messageOf(SMS, `race-${phone}-${i}`)))
    const contacts = await engine.knex('contact').where({ phone }).whereNull('deleted_at')
    expect(contacts.length).toBe(1)
    expect(rows.map((r) => r.contact)).toEqual([0, 1, 2, 3].map(() => contacts[0].id))
  })
})
