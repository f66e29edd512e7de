import { waitUntil } from './testing/wait.js'
import { BotApiServer } from './testing/bot_api_server.js'
import { Harness } from './testing/harness.js'
import { REQUEST_LABELS } from './keyboard.js'

/** send_message, health and the connection test, over real HTTP to the Bot API emulator. */
describe('telegram: sending', () => {
  const api = new BotApiServer()
  const harness = new Harness(api)
  const sentTo = (chat: string) => api.sent.filter((m) => String(m.chat.id) === chat)
  const sendCalls = (chat: string) => api.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === chat)

  beforeAll(() => api.start())
  afterEach(() => harness.stopAll())
  afterAll(() => api.stop())

  it('sends inline buttons whose data comes back as the action; answers chat_id:message_id, status sent', async () => {
    const { bot } = await harness.start()
    const result: any = await bot.perform('send_message', {
      to: '7001',
      text: 'Оцініть, будь ласка',
      buttons: [
        [
          { label: '👍', action: 'rate:5' },
          { label: '👎', action: 'rate:1' },
        ],
      ],
      idempotencyKey: 'm-1',
    })
    const message = sentTo('7001')[0]
    expect(result).toEqual({ externalId: `7001:${message.message_id}`, status: 'sent' })
    expect(sendCalls('7001')[0].params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: '👍', callback_data: 'rate:5' },
          { text: '👎', callback_data: 'rate:1' },
        ],
      ],
    })
  })

  it('asks for the phone and the location with a one-time reply keyboard', async () => {
    const { bot } = await harness.start()
    await bot.perform('send_message', { to: '7002', text: 'Поділіться номером', requestContact: true, requestLocation: true, idempotencyKey: 'm-2' })
    expect(sendCalls('7002')[0].params.reply_markup).toEqual({
      keyboard: [[{ text: REQUEST_LABELS.contact, request_contact: true }], [{ text: REQUEST_LABELS.location, request_location: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    })
  })

  it('buttons and a phone request: the text with its buttons, then the request keyboard (one markup per message)', async () => {
    const { bot } = await harness.start()
    const result: any = await bot.perform('send_message', { to: '7011', text: 'Поділіться номером', buttons: [[{ label: 'Меню', action: 'menu' }]], requestContact: true, idempotencyKey: 'm-both' })
    const [first, second] = sendCalls('7011')
    expect(sendCalls('7011').length).toBe(2)
    expect(first.params.text).toBe('Поділіться номером')
    expect(first.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Меню', callback_data: 'menu' }]] })
    expect(second.params.reply_markup.keyboard).toEqual([[{ text: REQUEST_LABELS.contact, request_contact: true }]])
    expect(result.externalId).toBe(`7011:${sentTo('7011')[0].message_id}`)
  })

  it('retries a two-message send whose second message failed without sending the first again', async () => {
    const { bot } = await harness.start()
    api.failAfter(1)
    const input = { to: '7012', text: 'Поділіться номером', buttons: [[{ label: 'Меню', action: 'menu' }]], requestContact: true, idempotencyKey: 'm-both-retry' }
    await expectAsync(bot.perform('send_message', input)).toBeRejected()
    expect(sentTo('7012').length).toBe(1)
    const result: any = await bot.perform('send_message', input)
    expect(sentTo('7012').map((m: any) => m.text)).toEqual(['Поділіться номером', '👇'])
    expect(result.externalId).toBe(`7012:${sentTo('7012')[0].message_id}`)
  })

  it('refuses callback data over 64 bytes with a clear error, sending nothing', async () => {
    const { bot } = await harness.start()
    const long = 'заявка:' + 'ї'.repeat(30) // 13 + 60 bytes of UTF-8 in 37 characters
    await expectAsync(bot.perform('send_message', { to: '7003', text: 'x', buttons: [[{ label: 'Так', action: long }]], idempotencyKey: 'm-3' })).toBeRejectedWithError(
      /button "Так" is 73 bytes; Telegram takes 1 to 64 bytes/
    )
    expect(sendCalls('7003').length).toBe(0)
    await bot.perform('send_message', { to: '7003', text: 'x', buttons: [[{ label: 'Так', action: 'ї'.repeat(32) }]], idempotencyKey: 'm-3b' })
    expect(sendCalls('7003').length).withContext('exactly 64 bytes is allowed').toBe(1)
  })

  it("waits out a 429's retry_after and sends once; the same idempotency key never sends twice", async () => {
    const { bot, ctx } = await harness.start()
    api.rateLimit(1, 1)
    const input = { to: '7004', text: 'Вашу заявку виконано', idempotencyKey: 'm-4' }
    const [first, concurrent] = await Promise.all([bot.perform('send_message', input), bot.perform('send_message', input)])
    const again = await bot.perform('send_message', input) // a retry after a timeout
    expect(sentTo('7004').length).toBe(1)
    expect(concurrent).toEqual(first)
    expect(again).toEqual(first)
    const [limited, accepted] = sendCalls('7004')
    expect(sendCalls('7004').length).toBe(2)
    expect(accepted.at - limited.at)
      .withContext('the retry came after retry_after')
      .toBeGreaterThanOrEqual(950)
    expect(ctx.logs.find((l) => l.status === 'refused')?.error).toContain('retry after 1 s')
    expect(ctx.logs.filter((l) => l.operation === 'sendMessage' && l.status === 'error').length).toBe(0)
  })

  it('sends messages to one chat in the order asked (rate_limit.spec.ts checks the spacing)', async () => {
    const { bot } = await harness.start({ limits: { perSecond: 30, perChatPerSecond: 20 } })
    await Promise.all(['a', 'b', 'c'].map((text, i) => bot.perform('send_message', { to: '7005', text, idempotencyKey: `m-5-${i}` })))
    expect(sendCalls('7005').map((c) => c.params.text)).toEqual(['a', 'b', 'c'])
  })

  it('says the user blocked the bot and delivers an unsubscribed message_in for the chat', async () => {
    const { bot, ctx } = await harness.start()
    api.blocked.add('7006')
    await expectAsync(bot.perform('send_message', { to: '7006', text: 'x', idempotencyKey: 'm-6' })).toBeRejectedWithError(/the user blocked the bot/)
    expect(ctx.delivered.map((e) => [e.type, e.payload.kind, e.payload.from])).toEqual([['message_in', 'unsubscribed', '7006']])
    api.blocked.delete('7006')
    // a failed send is not remembered: the retry sends
    expect(await bot.perform('send_message', { to: '7006', text: 'x', idempotencyKey: 'm-6' })).toEqual(jasmine.objectContaining({ status: 'sent' }))
  })

  it('reports up after getMe, down when the Bot API is unreachable; test() names the bot; a bad token fails', async () => {
    const { bot, ctx } = await harness.start({ checkIntervalSeconds: 1 })
    await waitUntil(() => bot.health().status === 'up')
    expect(bot.health().detail).toBe('@vikno_city_bot: webhook set')
    expect(await bot.test()).toEqual({ ok: true, detail: 'the bot @vikno_city_bot answers (webhook mode)' })
    await api.stop()
    try {
      await waitUntil(() => bot.health().status === 'down', 5000)
      expect(bot.health().detail).toBe('the Bot API is unreachable')
    } finally {
      await api.start()
    }
    await waitUntil(() => bot.health().status === 'up', 15_000)
    expect(ctx.health.map((h) => h.status)).toEqual(['down', 'up', 'down', 'up'])

    const wrong = await harness.start({ token: '42:AAWrongTokenForTheSpec', checkIntervalSeconds: 1 })
    await waitUntil(() => wrong.bot.health().detail === 'Telegram answered 401: Unauthorized')
    expect(await wrong.bot.test()).toEqual({ ok: false, detail: 'Telegram answered 401: Unauthorized' })
    expect(JSON.stringify([wrong.ctx.logs, wrong.ctx.health])).not.toContain('AAWrongTokenForTheSpec')
  }, 30_000)
})
