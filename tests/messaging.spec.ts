import { randomInt, randomUUID } from 'node:crypto'
import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { runAllDueJobs } from '#core/testing/jobs'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { engine } from '#core/engine/engine'
import { startConnectorHost, runningInstance } from '#core/connectors/host'
import { jobRegistry, retryJob } from '#core/jobs/index'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { systemCreate, systemUpdate } from '#core/records/system_write'
import { registerBot, registeredBot, type BotHandler, type InboundTurn } from '../modules/messaging/conversation.js'
import { sendMessage, sendToContact } from '../modules/messaging/outbound.js'
import { SEND_QUEUE } from '../modules/messaging/hook.js'
import { SEND_ATTEMPTS } from '../modules/messaging/send_job.js'
import pg from 'pg'
import { MessagePeer } from './fixtures/connectors/msgtest/peer.js'

type Client = Awaited<ReturnType<typeof userClient>>

const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
const INSTANCE = 'spec_msg_tg'
const MAIL = 'spec_msg_mail'
const TOKEN = 'msg-spec-token'

async function socketOf(url: string, client: ApiClient): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! }, reconnection: false })
  await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))
  return socket
}

/**
 * The messaging core over a real HTTP path: webhooks of a test channel type (msgtest) in,
 * `send_message` out to a local gateway (MessagePeer) that delivers once per idempotency key.
 */
describe('messaging: intake, identity, exactly-once sending, chats', () => {
  let url: string
  let admin: Client
  let operator: Client
  const peer = new MessagePeer(TOKEN)
  const turns: InboundTurn[] = []
  // the city's bot, taken when the app has booted (at load time no module has registered it yet)
  let previous: BotHandler | undefined
  const sockets: Socket[] = []
  let seq = 0

  /** The test bot: greets, hands over on "оператор", passes other instances' turns on. */
  const bot: BotHandler = async (turn, io) => {
    if (turn.instance !== INSTANCE) return previous?.(turn, io)
    turns.push(turn)
    const text = turn.payload.text ?? ''
    if (/оператор/i.test(text)) await io.handOver('asked for a person')
    else if (/привіт/i.test(text)) await io.send({ text: 'Вітаю! Чим допомогти?' })
  }

  const hook = (event: 'message_in' | 'message_status', payload: Record<string, unknown>, id = `ev-${++seq}-${randomUUID().slice(0, 8)}`, instance = INSTANCE) =>
    fetch(`${url}/api/v1/connectors/${instance}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-msgtest-token': TOKEN },
      body: JSON.stringify({ event, id, payload }),
    })
  const inbound = (from: string, extra: Record<string, unknown>) => hook('message_in', { channel: 'telegram', kind: 'message', from, externalId: `${from}:${++seq}`, ...extra })
  const messageOf = async (externalId: string, instance = INSTANCE) => {
    let row: any
    await waitFor(async () => !!(row = await engine.knex('message').where({ connector: instance, external_id: externalId }).first()))
    return row
  }
  // every due job (other specs' may come first); a lost answer fails an attempt on purpose: errors are quiet
  const runJobs = () => runAllDueJobs(engine.knex, 'messaging-spec', { onError: () => {} })
  const resident = async (values: Record<string, unknown> = {}) => {
    const res = await admin.post('/api/v1/records/contact', { full_name: 'Коваленко Ганна Петрівна', phone: mobile(), consent: true, ...values })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data as Record<string, any>
  }
  const outboundTo = (address: string) => engine.knex('message').where({ connector: INSTANCE, address, direction: 'outbound' }).orderBy('created_at')

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    process.env.MSG_SPEC_TOKEN = TOKEN
    await peer.start()
    await startConnectorHost()
    await publishConnector(admin, INSTANCE, { type: 'msgtest', config: { url: `http://127.0.0.1:${peer.port}`, token: { $env: 'MSG_SPEC_TOKEN' }, channel: 'telegram' } })
    await publishConnector(admin, MAIL, { type: 'msgtest', config: { url: `http://127.0.0.1:${peer.port}`, token: { $env: 'MSG_SPEC_TOKEN' }, channel: 'email' } })
    await waitFor(() => !!runningInstance(INSTANCE) && !!runningInstance(MAIL))
    previous = registeredBot()
    registerBot(bot)
  })

  afterAll(async () => {
    if (previous) registerBot(previous)
    sockets.forEach((s) => s.close())
    await publishConnector(admin, INSTANCE, null).catch(() => {})
    await publishConnector(admin, MAIL, null).catch(() => {})
    await peer.stop()
  })

  it('records an inbound message once, identifies the resident by the phone they shared, and the bot answers through the gateway', async () => {
    // the demo resident of the city pack (seeds/vyshhorod/data/04_contacts), on a number of this run
    const hanna = await resident()
    const chat = `tg-${randomInt(1e9)}`
    const first = await inbound(chat, { kind: 'message', phone: hanna.phone, name: 'Hanna', externalId: `${chat}:1` })
    expect(first.status).toBe(200)
    const row = await messageOf(`${chat}:1`)
    expect(row).toEqual(jasmine.objectContaining({ direction: 'inbound', status: 'received', channel: 'telegram', address: chat, contact: hanna.id, body: `📱 ${hanna.phone}` }))
    expect((await engine.knex('contact').where({ id: hanna.id }).first()).messengers).toEqual({ telegram: chat })

    // the same webhook again (the gateway retried): one message
    const again = await hook('message_in', { channel: 'telegram', kind: 'message', from: chat, externalId: `${chat}:1`, phone: hanna.phone }, `dup-${chat}`)
    await hook('message_in', { channel: 'telegram', kind: 'message', from: chat, externalId: `${chat}:1`, phone: hanna.phone }, `dup-${chat}`)
    expect(again.status).toBe(200)

    // the next message finds her by the link, and the bot's answer goes out once
    await inbound(chat, { text: 'Привіт', externalId: `${chat}:2` })
    const hello = await messageOf(`${chat}:2`)
    expect(hello.contact).toBe(hanna.id)
    await waitFor(async () => (await outboundTo(chat)).length === 1)
    expect(turns.find((t) => t.messageId === hello.id)!.contactId).toBe(hanna.id)
    expect(
      Number(
        (
          await engine
            .knex('message')
            .where({ connector: INSTANCE, external_id: `${chat}:1` })
            .count({ n: '*' })
        )[0].n
      )
    ).toBe(1)
    const [answer] = await outboundTo(chat)
    expect(answer).toEqual(jasmine.objectContaining({ status: 'queued', contact: hanna.id, body: 'Вітаю! Чим допомогти?' }))
    await runJobs()
    const sent = await engine.knex('message').where({ id: answer.id }).first()
    expect(sent.status).toBe('sent')
    expect(peer.delivered.filter((d) => d.key === answer.id).map((d) => d.body.to)).toEqual([chat])
    expect(sent.external_id).toMatch(/^peer-/)
  })

  it('makes a new resident for a shared phone nobody has, lawful as a public task', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const phone = mobile()
    await inbound(chat, { phone, name: 'Тарас', externalId: `${chat}:1` })
    const row = await messageOf(`${chat}:1`)
    const contact = await engine.knex('contact').where({ id: row.contact }).first()
    expect(contact).toEqual(jasmine.objectContaining({ phone, full_name: 'Тарас', legal_basis: 'public_task', messengers: { telegram: chat } }))
  })

  it('moves an outbound message forward on delivery reports, never back', async () => {
    const hanna = await resident({ messengers: { telegram: `tg-${randomInt(1e9)}` } })
    const sent = await sendToContact({ set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }, hanna.id, { text: 'Воду дали' })
    expect(sent?.channel).toBe('telegram')
    await runJobs()
    const row = await engine.knex('message').where({ id: sent!.messageId }).first()
    const report = async (status: string) => {
      const id = `st-${row.external_id}-${status}`
      await hook('message_status', { channel: 'telegram', externalId: row.external_id, status }, id)
      await waitFor(async () => (await engine.knex('sys_connector_inbox').where({ instance: INSTANCE, idempotency_key: id }).first())?.status === 'done')
      return engine.knex('message').where({ id: row.id }).first()
    }
    expect((await report('delivered')).status).toBe('delivered')
    expect((await report('sent')).status).toBe('delivered')
    const read = await report('read')
    expect(read.status).toBe('read')
    expect(read.read_at).not.toBeNull()
    expect((await report('failed')).status).toBe('read')
  })

  it('STOP revokes the channel: confirmed once, then nothing is sent first, and a reply needs their own message', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const hanna = await resident({ messengers: { telegram: chat } })
    await inbound(chat, { text: 'СТОП', externalId: `${chat}:stop` })
    const stop = await messageOf(`${chat}:stop`)
    expect(stop.contact).toBe(hanna.id)
    await waitFor(async () => (await outboundTo(chat)).length === 1)
    expect((await engine.knex('contact').where({ id: hanna.id }).first()).channel_optout).toEqual(['telegram'])
    await runJobs()
    const [confirmation] = await outboundTo(chat)
    expect(confirmation.body).toContain('відписалися')
    expect(peer.delivered.filter((d) => d.key === confirmation.id).length).toBe(1)
    expect(turns.some((t) => t.messageId === stop.id)).toBeFalse() // no bot for a STOP

    const op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
    expect(await sendToContact(op, hanna.id, { text: 'Новини міста' })).toBeNull()
    await expectAsync(sendMessage(op, { channel: 'telegram', address: chat, text: 'Новини' })).toBeRejectedWith(jasmine.objectContaining({ problemType: 'validation' }))
    const refused = await operator.post('/api/v1/actions/messaging.reply', { contact: hanna.id, text: 'Доброго дня' })
    expect(refused.status).withContext(refused.text).toBe(422)
    expect(refused.body.errors[0].pointer).toBe('/contact')
    const channels = await operator.get(`/api/v1/actions/messaging.channels?contact=${hanna.id}`)
    expect(channels.body.data.find((c: any) => c.channel === 'telegram')).toEqual(jasmine.objectContaining({ usable: false, reason: 'opted_out' }))

    // she writes again: the answer to her own message goes
    await inbound(chat, { text: 'Коли буде вода?', externalId: `${chat}:q` })
    await messageOf(`${chat}:q`)
    const answered = await operator.post('/api/v1/actions/messaging.reply', { contact: hanna.id, text: 'Сьогодні до 18:00' })
    expect(answered.status).withContext(answered.text).toBe(200)
    expect((await engine.knex('message').where({ id: answered.body.data.message }).first()).operator).toBe(operator.userId)
  })

  it('sends an operator reply exactly once when the answer is lost, the job runs again, or the node died after marking it sending', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const hanna = await resident({ messengers: { telegram: chat } })
    await runJobs() // what earlier specs queued
    peer.loseNextAnswer = 1
    const res = await operator.post('/api/v1/actions/messaging.reply', { contact: hanna.id, text: 'Бригада виїхала' })
    expect(res.status).withContext(res.text).toBe(200)
    const id = res.body.data.message
    await runJobs() // delivered, but the answer never came back: retried later
    expect((await engine.knex('message').where({ id }).first()).status).toBe('sending')
    const job = await engine
      .knex('sys_jobs')
      .where({ dedupe_key: `messaging:send:${id}` })
      .first()
    expect(job.done_at).toBeNull()
    await retryJob(engine.knex, job.id)
    await runJobs()
    const sent = await engine.knex('message').where({ id }).first()
    expect(sent.status).toBe('sent')
    expect(peer.keys.filter((k) => k === id).length).toBe(2) // the key reached the gateway both times
    expect(peer.delivered.filter((d) => d.key === id).length).toBe(1)

    // the same job once more: the message is sent, nothing is called
    const handler = jobRegistry.get(SEND_QUEUE)!
    await handler.handle(
      { id: job.id, queue: SEND_QUEUE, payload: { message: id }, dedupeKey: null, runAt: new Date(), attempts: 3, lastError: null },
      { node: 'x', transaction: (w) => engine.knex.transaction(w), complete: async () => {} }
    )
    expect(peer.keys.filter((k) => k === id).length).toBe(2)

    // a node that died after `sending` committed and before the call: the next run calls once
    const op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
    const { messageId } = await sendMessage(op, { channel: 'telegram', address: chat, contactId: hanna.id, text: 'Ще одне' })
    await systemUpdate(op, 'message', messageId, { status: 'sending' })
    await runJobs()
    expect((await engine.knex('message').where({ id: messageId }).first()).status).toBe('sent')
    expect(peer.delivered.filter((d) => d.key === messageId).length).toBe(1)
  })

  it('only retries while the instance runs on another node (503), never failing the message', async () => {
    // another "node" leads a singleton instance: this one stands by
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await other.connect()
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', ['vikno:connector:spec_msg_standby'])
      await publishConnector(admin, 'spec_msg_standby', { type: 'echo', config: { host: '127.0.0.1', port: 9, password: { $env: 'MSG_SPEC_TOKEN' } } })
      const op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
      const { messageId } = await sendMessage(op, { instance: 'spec_msg_standby', channel: 'telegram', address: 'x', text: 'Пізніше' })
      const job = await engine
        .knex('sys_jobs')
        .where({ dedupe_key: `messaging:send:${messageId}` })
        .first()
      const handler = jobRegistry.get(SEND_QUEUE)!
      const run = (attempts: number) =>
        handler.handle(
          { id: Number(job.id), queue: SEND_QUEUE, payload: { message: messageId }, dedupeKey: job.dedupe_key, runAt: new Date(), attempts, lastError: null },
          { node: 'x', transaction: (w) => engine.knex.transaction(w), complete: async () => {} }
        )
      await expectAsync(run(1)).toBeRejectedWith(jasmine.objectContaining({ problemType: 'unavailable' }))
      await run(SEND_ATTEMPTS)
      expect((await engine.knex('message').where({ id: messageId }).first()).status).toBe('sending')
      expect(
        await engine
          .knex('sys_jobs')
          .where({ dedupe_key: `messaging:send:${messageId}:${job.id}`, queue: SEND_QUEUE })
          .whereNull('done_at')
          .first()
      ).toBeDefined()
    } finally {
      await publishConnector(admin, 'spec_msg_standby', null).catch(() => {})
      await other.end()
    }
  })

  it('routes a service-desk notice recorded with no status through the resident’s channel', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const hanna = await resident({ messengers: { telegram: chat }, preferred_channel: 'telegram' })
    const row = await systemCreate({ set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }, 'message', { channel: 'telegram', direction: 'outbound', contact: hanna.id, body: 'Звернення виконано' })
    expect(row).toEqual(jasmine.objectContaining({ status: 'queued', connector: INSTANCE, address: chat }))
    const nowhere = await resident()
    const failed = await systemCreate({ set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }, 'message', { channel: 'viber', direction: 'outbound', contact: nowhere.id, body: 'x' })
    expect(failed.status).toBe('failed')
  })

  it('hands a chat over: it pops on an available operator, they take it, see the messages live, reply and close it back to the bot', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const hanna = await resident({ messengers: { telegram: chat } })
    const other = await userClient(url, ['operator'])
    for (const c of [operator, other]) expect((await c.post('/api/v1/actions/telephony.presence', { state: 'available' })).status).toBe(200)
    const socket = await socketOf(url, operator)
    sockets.push(socket)
    const pops: any[] = []
    socket.on('chat', (p) => pops.push(p))

    await inbound(chat, { text: 'Покличте оператора', externalId: `${chat}:1` })
    let session: any
    await waitFor(async () => !!(session = await engine.knex('chat_session').where({ connector: INSTANCE, address: chat }).first()))
    expect(session).toEqual(jasmine.objectContaining({ status: 'waiting', contact: hanna.id, reason: 'asked for a person' }))
    await waitFor(() => pops.some((p) => p.chat === session.id && p.event === 'waiting'))

    const supervisor = await userClient(url, ['supervisor'])
    const board = await supervisor.get('/api/v1/actions/telephony.board')
    expect(board.body.data.chats.waiting).toBeGreaterThanOrEqual(1)
    expect(board.body.data.chats.oldestWaitingSince).not.toBeNull()

    const list = await operator.get('/api/v1/actions/messaging.chats')
    expect(list.status).toBe(200)
    const mine = list.body.data.find((c: any) => c.id === session.id)
    expect(mine.status).toBe('waiting')
    expect(mine.waitingSeconds).toBeGreaterThanOrEqual(0)

    expect((await operator.post('/api/v1/actions/messaging.take', { chat: session.id })).status).toBe(200)
    expect((await other.post('/api/v1/actions/messaging.take', { chat: session.id })).status).toBe(409)

    const botTurns = turns.length
    await inbound(chat, { text: 'У нас немає води', externalId: `${chat}:2` })
    const second = await messageOf(`${chat}:2`)
    await waitFor(() => pops.some((p) => p.event === 'message' && p.message === second.id))
    expect(turns.length).toBe(botTurns)

    const replied = await operator.post('/api/v1/actions/messaging.reply', { chat: session.id, text: 'Передаю в Водоканал' })
    expect(replied.status).withContext(replied.text).toBe(200)
    await runJobs()
    expect(peer.delivered.filter((d) => d.key === replied.body.data.message).map((d) => d.body.to)).toEqual([chat])

    const conversation = await operator.get(`/api/v1/actions/messaging.conversation?chat=${session.id}`)
    expect(conversation.body.data.map((m: any) => m.body)).toEqual(['Покличте оператора', 'У нас немає води', 'Передаю в Водоканал'])

    expect((await operator.post('/api/v1/actions/messaging.close', { chat: session.id })).status).toBe(200)
    await inbound(chat, { text: 'Дякую', externalId: `${chat}:3` })
    const third = await messageOf(`${chat}:3`)
    await waitFor(() => turns.some((t) => t.messageId === third.id))

    const timeline = await operator.get(`/api/v1/actions/servicedesk.timeline?contact=${hanna.id}`)
    const reply = timeline.body.data.find((i: any) => i.id === replied.body.data.message)
    expect(reply.detail).toEqual(jasmine.objectContaining({ channel: 'telegram', direction: 'outbound', status: 'sent' }))
  })

  it('keeps a photo without words as 📷 with its file, and threads an e-mail to its request by number; the answer joins the thread', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const email = `hanna.${randomInt(1e9)}@example.org`
    const hanna = await resident({ messengers: { telegram: chat }, email })
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])
    await inbound(chat, { attachments: [{ name: 'leak.jpg', mime: 'image/jpeg', data: jpeg.toString('base64') }], externalId: `${chat}:photo` })
    const photo = await messageOf(`${chat}:photo`)
    expect(photo.body).toBe('📷')
    expect(photo.attachments).toEqual([jasmine.objectContaining({ file: photo.attachment, name: 'leak.jpg', mime: 'image/jpeg', size: 8 })])
    const file = await fetch(`${url}/api/v1/files/${photo.attachment}`, { headers: { cookie: operator.cookie! } })
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer())).toEqual(jpeg)

    const ticket = await operator.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: 'Немає води', extra: { floor: 2 }, resident: hanna.id })
    expect(ticket.status).withContext(ticket.text).toBe(201)
    const number = ticket.body.data.number
    await hook(
      'message_in',
      { channel: 'email', kind: 'message', from: email.toUpperCase(), subject: `Re: [#${number}] Немає води`, text: 'Досі немає', externalId: `<m1.${chat}@example.org>` },
      undefined,
      MAIL
    )
    const letter = await messageOf(`<m1.${chat}@example.org>`, MAIL)
    expect(letter).toEqual(jasmine.objectContaining({ ticket: ticket.body.data.id, contact: hanna.id, subject: `Re: [#${number}] Немає води` }))

    const answer = await operator.post('/api/v1/actions/messaging.reply', { ticket: ticket.body.data.id, channel: 'email', text: 'Бригада вже їде' })
    expect(answer.status).withContext(answer.text).toBe(200)
    await runJobs()
    const [sent] = peer.delivered.filter((d) => d.key === answer.body.data.message)
    expect(sent.body).toEqual(jasmine.objectContaining({ to: email.toUpperCase(), inReplyTo: `<m1.${chat}@example.org>`, subject: `Re: [#${number}] Немає води` }))
    const byTicket = await operator.get(`/api/v1/actions/messaging.conversation?ticket=${ticket.body.data.id}`)
    expect(byTicket.body.data.map((m: any) => [m.direction, m.body])).toEqual([
      ['inbound', 'Досі немає'],
      ['outbound', 'Бригада вже їде'],
    ])

    // a letter that answers ours by References only joins the same request
    const ours = await engine.knex('message').where({ id: answer.body.data.message }).first()
    await hook(
      'message_in',
      { channel: 'email', kind: 'message', from: email, subject: 'Дякую', text: 'Дякую', references: [ours.external_id], externalId: `<m2.${chat}@example.org>` },
      undefined,
      MAIL
    )
    expect((await messageOf(`<m2.${chat}@example.org>`, MAIL)).ticket).toBe(ticket.body.data.id)
  })

  it('lets no contractor or resident read or write others’ messages', async () => {
    const chat = `tg-${randomInt(1e9)}`
    const hanna = await resident({ messengers: { telegram: chat } })
    await inbound(chat, { text: 'Особисте', externalId: `${chat}:1` })
    await messageOf(`${chat}:1`)
    const someoneElse = await resident()
    const worker = await userClient(url, ['contractor_worker'])
    const neighbour = await userClient(url, ['resident'], { contact: someoneElse.id })
    for (const c of [worker, neighbour]) {
      const read = await c.get(`/api/v1/actions/messaging.conversation?contact=${hanna.id}`)
      expect(read.status).withContext(read.text).toBe(404)
      // a contractor reads no messages; a resident reads only their own (none of hanna's)
      const others = await c.get(`/api/v1/records/message?filter=${encodeURIComponent(JSON.stringify({ contact: { eq: hanna.id } }))}`)
      if (c === worker) expect(others.status).toBe(404)
      else expect(others.body.data).toEqual([])
      expect((await c.post('/api/v1/actions/messaging.reply', { contact: hanna.id, text: 'x' })).status).toBe(403)
      expect((await c.get('/api/v1/actions/messaging.chats')).status).toBe(403)
    }
    const ok = await operator.get(`/api/v1/actions/messaging.conversation?contact=${hanna.id}`)
    expect(ok.body.data.map((m: any) => m.body)).toEqual(['Особисте'])
  })
})
