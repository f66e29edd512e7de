import { randomInt } from 'node:crypto'
import type { Message, Update } from 'grammy/types'
import { engine } from '#core/engine/engine'
import { startConnectorHost } from '#core/connectors/host'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { waitFor } from '#core/testing/connector_helpers'
import { callbackUpdate, contactUpdate, photoUpdate, textUpdate } from '../connectors/telegram/testing/updates.js'
import { cityRecords } from '../modules/messaging/bot/testing/harness.js'
import { Channels, INSTANCES, settle, smsTo, turn } from './fixtures/channel_emulators.js'

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])
const mobile = () => `+38067${randomInt(1_000_000, 9_999_999)}`
const count = async (table: string, where: Record<string, unknown>) => Number((await engine.knex(table).where(where).count({ n: '*' }).first())!.n)
const NUMBER = /номер (ВШГ-\d{4}-\d{6})/

/**
 * The acceptance, end to end on the real wire: the city bot (seeds/vyshhorod/bots) on
 * Telegram (webhook with the secret header), Viber (signed callbacks) and SMS over SMPP, each
 * published through the metadata API against its local emulator, the city's object tree loaded.
 */
describe('messaging acceptance: the city bot over Telegram, Viber and SMPP', () => {
  const channels = new Channels()
  let url: string
  let admin: ApiClient
  let operator: ApiClient
  let refs: Record<string, string>

  const resident = async (phone = mobile()) => {
    const res = await admin.post('/api/v1/records/contact', { full_name: 'Коваленко Ганна Петрівна', phone, consent: true })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data as { id: string; phone: string }
  }
  const dispatcherOf = async (ticketId: string) => {
    const t = await engine.knex('ticket').where({ id: ticketId }).first('contractor')
    return userClient(url, ['contractor_dispatcher'], { counterparty: t.contractor })
  }
  const transition = async (client: ApiClient, id: string, key: string, body: Record<string, unknown> = {}) => {
    const res = await client.post(`/api/v1/records/ticket/${id}/transitions/${key}`, body)
    expect(res.status).withContext(res.text).toBe(200)
  }

  beforeAll(async () => {
    url = (await testApp()).url
    refs = await cityRecords()
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    await startConnectorHost()
    await channels.start(admin, url)
  })

  afterAll(async () => {
    await channels.stop(admin)
  })

  describe('Telegram', () => {
    const tg = () => channels.telegram
    const chat = randomInt(100_000_000, 999_999_999)
    const sentTo = (from = 0): Message[] =>
      tg()
        .sent.slice(from)
        .filter((m) => m.chat.id === chat)
    const texts = (messages: Message[]) => messages.map((m) => m.text ?? '').join('\n---\n')
    const actions = (messages: Message[]) => messages.flatMap((m: any) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b: any) => b.callback_data))
    /** One update through the webhook as Telegram posts it; the bot's answers in the emulator. */
    const post = async (update: Omit<Update, 'update_id'>) => {
      const from = tg().sent.length
      await turn(INSTANCES.telegram, async () => expect((await tg().postToWebhook(update)).status).toBe(200))
      return sentTo(from)
    }
    let hanna: { id: string; phone: string }
    let ticketId: string

    it('registers "немає холодної води" for the resident who shared her phone: fields, photo, address, confirmation, the number', async () => {
      hanna = await resident()
      let out = await post(textUpdate(chat, '/start'))
      expect(texts(out)).toContain('Вітаємо!')

      out = await post(textUpdate(chat, 'немає холодної води'))
      expect(texts(out)).toContain('поділіться, будь ласка, номером телефону')
      expect(out.some((m: any) => m.reply_markup?.keyboard?.[0]?.[0]?.request_contact)).toBeTrue()
      out = await post(contactUpdate(chat, hanna.phone.slice(1)))
      expect((await engine.knex('contact').where({ id: hanna.id }).first()).messengers).toEqual({ telegram: String(chat) })

      if (actions(out).includes('kb:register')) out = await post(callbackUpdate(chat, 'kb:register'))
      expect(texts(out)).toContain('Кого стосується?')
      out = await post(callbackUpdate(chat, 'v:0'))
      expect(texts(out)).toContain('Відколи')
      out = await post(callbackUpdate(chat, 'skip'))
      expect(texts(out)).toContain('Поверх?')
      out = await post(textUpdate(chat, '4'))
      expect(texts(out)).toContain('Опишіть проблему')
      out = await post(textUpdate(chat, 'На кухні кран сухий з ранку'))
      expect(texts(out)).toContain('Надішліть фото')
      out = await post(photoUpdate(chat, tg().addFile(JPEG, 'tap.jpg')))
      expect(texts(out)).toContain('напишіть адресу')
      out = await post(textUpdate(chat, 'Шолуденка 3, кв. 41'))
      if (actions(out).includes('dup:no')) out = await post(callbackUpdate(chat, 'dup:no'))
      expect(texts(out)).toContain('вул. Шолуденка, 3')
      expect(actions(out)).toEqual(['confirm', 'cancel'])
      expect(await count('ticket', { resident: hanna.id })).toBe(0)

      const confirm = callbackUpdate(chat, 'confirm')
      const before = tg().sent.length
      const first = await turn(INSTANCES.telegram, () => tg().postToWebhook(confirm))
      // Telegram delivers the same update again (our answer was lost): nothing happens twice
      const again = await turn(INSTANCES.telegram, () => tg().postToWebhook({ ...confirm, update_id: first.update.update_id }), 0)
      expect(again.status).toBe(200)
      out = sentTo(before)
      expect(out.length).toBe(1)
      const number = NUMBER.exec(texts(out))?.[1]
      expect(number).withContext(texts(out)).toBeDefined()
      const tickets = await engine.knex('ticket').where({ resident: hanna.id })
      expect(tickets.length).toBe(1)
      const [ticket] = tickets
      ticketId = ticket.id
      expect(ticket).toEqual(jasmine.objectContaining({ number, channel: 'telegram', request_type: 'no_cold_water', object: refs.a_sholudenka_3_41, description: 'На кухні кран сухий з ранку' }))
      expect(ticket.extra).toEqual({ scope: 'apartment', floor: 4 })
      expect(Number((await engine.knex('sys_files').where({ id: ticket.photo }).first()).size)).toBe(JPEG.length)
      expect(await count('message', { connector: INSTANCES.telegram, external_id: `${chat}:callback:${confirm.callback_query!.id}` })).toBe(1)
    })

    it('the dispatcher resolves it, the resident gets the rating buttons, "not solved" reopens it', async () => {
      const dispatcher = await dispatcherOf(ticketId)
      await transition(dispatcher, ticketId, 'start')
      await settle(INSTANCES.telegram)
      const before = tg().sent.length
      await transition(dispatcher, ticketId, 'resolve', { resolution: 'Засувку на вводі відремонтовано' })
      await waitFor(async () => (await settle(INSTANCES.telegram), sentTo(before).length > 0))
      const [told] = sentTo(before)
      expect(told.text).toContain('Засувку на вводі відремонтовано')
      expect(actions([told])).toEqual([1, 2, 3, 4, 5].map((n) => `fb:${ticketId}:${n}`).concat(`fb:${ticketId}:unsolved`))
      expect(await count('message', { ticket: ticketId, direction: 'outbound', body: told.text! })).toBe(1)

      const out = await post(callbackUpdate(chat, `fb:${ticketId}:unsolved`))
      expect(texts(out)).toContain('повернуто в роботу')
      const row = await engine.knex('ticket').where({ id: ticketId }).first()
      expect(row.status).toBe('in_progress')
      expect(row.feedback_solved).toBeFalse()
    })

    it("an operator's reply from the request page reaches the chat once", async () => {
      const before = tg().sent.length
      const res = await operator.post('/api/v1/actions/messaging.reply', { ticket: ticketId, text: 'Бригада Водоканалу вже виїхала' })
      expect(res.status).withContext(res.text).toBe(200)
      await settle(INSTANCES.telegram)
      await settle(INSTANCES.telegram)
      expect(sentTo(before).map((m) => m.text)).toEqual(['Бригада Водоканалу вже виїхала'])
      expect(await count('message', { ticket: ticketId, direction: 'outbound', body: 'Бригада Водоканалу вже виїхала', status: 'sent' })).toBe(1)
    })
  })

  describe('Viber', () => {
    const viber = () => channels.viber
    const user = `vb${randomInt(1e9)}==`
    const post = async (message: Record<string, unknown>, token?: string) => {
      const from = viber().sent.length
      await turn(INSTANCES.viber, async () => expect((await viber().message(user, message, token)).status).toBe(200))
      return viber()
        .sent.slice(from)
        .filter((m) => m.receiver === user)
    }
    const press = (action: string) => post({ type: 'text', text: `act:${action}` })
    const texts = (sent: Array<Record<string, any>>) => sent.map((m) => m.text).join('\n---\n')
    const actions = (sent: Array<Record<string, any>>) =>
      sent.flatMap((m) =>
        (m.keyboard?.Buttons ?? [])
          .map((b: any) => String(b.ActionBody))
          .filter((a: string) => a.startsWith('act:'))
          .map((a: string) => a.slice(4))
      )

    it('the same request type: the shared contact identifies the resident, a redelivered callback counts once', async () => {
      const petro = await resident()
      let out = await post({ type: 'text', text: 'немає холодної води' })
      expect(texts(out)).toContain('номером телефону')
      const token = viber().nextToken()
      out = await post({ type: 'contact', contact: { name: 'Петро', phone_number: petro.phone.slice(1) } }, token)
      // Viber posts the same callback again: one message
      await turn(INSTANCES.viber, () => viber().message(user, { type: 'contact', contact: { name: 'Петро', phone_number: petro.phone.slice(1) } }, token), 0)
      expect(await count('message', { connector: INSTANCES.viber, external_id: token })).toBe(1)
      expect((await engine.knex('contact').where({ id: petro.id }).first()).messengers).toEqual({ viber: user })

      if (actions(out).includes('kb:register')) out = await press('kb:register')
      expect(texts(out)).toContain('Кого стосується?')
      for (const step of ['v:3', 'skip', 'skip', 'skip', 'skip']) out = await press(step)
      out = await post({ type: 'text', text: 'Дніпровська 4 кв 54' })
      if (actions(out).includes('dup:no')) out = await press('dup:no')
      expect(actions(out)).toEqual(['confirm', 'cancel'])
      out = await press('confirm')
      const number = NUMBER.exec(texts(out))?.[1]
      expect(number).withContext(texts(out)).toBeDefined()
      const [ticket] = await engine.knex('ticket').where({ resident: petro.id })
      expect(ticket).toEqual(jasmine.objectContaining({ number, channel: 'viber', request_type: 'no_cold_water', object: refs.a_dniprovska_4_54 }))
    })
  })

  describe('SMS over SMPP', () => {
    const smsc = () => channels.smsc
    const mo = (from: string, text: string) => turn(INSTANCES.sms, () => smsc().mo({ from, text }))
    const last = (phone: string) => smsTo(smsc().submits, phone).at(-1) ?? ''
    /** The number of the option labelled so in the last SMS ("2 — Ні"). */
    const option = (sms: string, label: string) => new RegExp(`^(\\d+) — ${label}`, 'm').exec(sms)?.[1]
    let olena: { id: string; phone: string }

    it('"ВОДА Київська 12 кв 5" is read in one line; the options come as numbers; "1" confirms; the number comes by SMS', async () => {
      olena = await resident()
      await mo(olena.phone, 'ВОДА Київська 12 кв 5')
      let sms = last(olena.phone)
      expect(sms).toContain('Кого стосується?')
      expect(sms).toContain('4 — Весь будинок')
      await mo(olena.phone, '4')
      sms = last(olena.phone)
      if (sms.includes('вже усувають')) {
        await mo(olena.phone, option(sms, 'Ні')!)
        sms = last(olena.phone)
      }
      expect(sms).toContain('вул. Київська, 12')
      expect(sms).toContain('1 — Підтвердити')
      expect(await count('ticket', { resident: olena.id })).toBe(0)
      await mo(olena.phone, ' 1 ')
      const number = NUMBER.exec(last(olena.phone))?.[1]
      expect(number).withContext(last(olena.phone)).toBeDefined()
      const [ticket] = await engine.knex('ticket').where({ resident: olena.id })
      expect(ticket).toEqual(jasmine.objectContaining({ number, channel: 'sms', request_type: 'no_cold_water', object: refs.a_kyivska_12_5 }))
      expect(ticket.extra).toEqual({ scope: 'building' })
      const inbound = await engine.knex('message').where({ connector: INSTANCES.sms, contact: olena.id, direction: 'inbound' }).orderBy('created_at')
      expect(inbound.map((m) => m.body)).toContain(' 1 '.trim())
    })

    it('a Cyrillic SMS of 120 characters goes as two concatenated UCS-2 parts; its receipts mark it delivered', async () => {
      const text = 'Шановна пані Олено! Аварійна бригада Водоканалу відновила подачу холодної води на вул. Київській. Дякуємо за терпіння!'.padEnd(120, '!')
      expect([...text].length).toBe(120)
      const before = smsc().submits.length
      const res = await operator.post('/api/v1/actions/messaging.reply', { contact: olena.id, channel: 'sms', text })
      expect(res.status).withContext(res.text).toBe(200)
      await settle(INSTANCES.sms)
      const parts = smsc().submits.slice(before)
      expect(parts.length).toBe(2)
      expect(parts.map((p) => p.dataCoding)).toEqual([8, 8])
      expect(parts.map((p) => p.udh?.seq)).toEqual([1, 2])
      expect(parts.every((p) => p.udh?.total === 2 && p.udh.ref === parts[0].udh!.ref && (p.esmClass & 0x40) !== 0)).toBeTrue()
      expect(parts.map((p) => p.text).join('')).toBe(text)
      const id = res.body.data?.messageId ?? res.body.messageId
      const row = () =>
        engine
          .knex('message')
          .where(id ? { id } : { contact: olena.id, body: text })
          .first()
      expect((await row()).status).toBe('sent')
      await turn(INSTANCES.sms, async () => {
        for (const p of parts) await smsc().receipt(p.messageId)
      })
      await waitFor(async () => (await row()).status === 'delivered')
      expect((await row()).delivered_at).not.toBeNull()
    })
  })
})
