import { waitUntil } from './testing/wait.js'
import { BotApiServer } from './testing/bot_api_server.js'
import { Harness, withId } from './testing/harness.js'
import { callbackUpdate, contactUpdate, locationUpdate, memberUpdate, photoUpdate, textUpdate } from './testing/updates.js'
import { toE164 } from './map_update.js'
import { OFFSET_KEY } from './polling.js'

/** Updates as message_in, over real HTTP to the Bot API emulator (photos, callback answers, polling). */
describe('telegram: inbound updates', () => {
  const api = new BotApiServer()
  const harness = new Harness(api)

  beforeAll(() => api.start())
  afterEach(() => harness.stopAll())
  afterAll(() => api.stop())

  it('maps a text, /start, a location and a member change; keys are per update_id', async () => {
    const { bot, ctx } = await harness.start()
    const text = withId(textUpdate(1001, 'Прорвало трубу'))
    await harness.hook(bot, ctx, text)
    await harness.hook(bot, ctx, withId(textUpdate(1001, '/start ticket_42')))
    await harness.hook(bot, ctx, withId(locationUpdate(1001, 50.4501, 30.5234)))
    await harness.hook(bot, ctx, withId(memberUpdate(1001, 'kicked')))
    await harness.hook(bot, ctx, withId(memberUpdate(1001, 'member')))
    await harness.hook(bot, ctx, text) // Telegram repeats an update it thinks we missed
    const payloads = ctx.delivered.map((e) => e.payload)
    expect(ctx.delivered.every((e) => e.type === 'message_in')).toBeTrue()
    expect(payloads.map((p) => p.kind)).toEqual(['message', 'started', 'message', 'unsubscribed', 'subscribed'])
    expect(payloads[0]).toEqual(
      jasmine.objectContaining({ channel: 'telegram', from: '1001', text: 'Прорвало трубу', name: 'Олена Коваль', language: 'uk', externalId: `1001:${text.message!.message_id}` })
    )
    expect(payloads[1].text).toBe('/start ticket_42')
    expect(payloads[2].location).toEqual({ lat: 50.4501, lon: 30.5234 })
    expect(ctx.repeats).toEqual([`update:${text.update_id}:1001:${text.message!.message_id}`])
  })

  it("takes a shared phone only when it is the sender's own, as E.164", async () => {
    const { bot, ctx } = await harness.start()
    await harness.hook(bot, ctx, withId(contactUpdate(2002, '380671234567')))
    await harness.hook(bot, ctx, withId(contactUpdate(2002, '+380501112233', 9999))) // someone else's card
    expect(ctx.delivered[0].payload.phone).toBe('+380671234567')
    expect(ctx.delivered[1].payload.phone).toBeUndefined()
    expect([toE164('0671234567'), toE164('+38 (067) 123-45-67'), toE164('12')]).toEqual(['+380671234567', '+380671234567', undefined])
  })

  it('downloads the largest size of a photo as base64; a photo past maxFileBytes is only marked too large', async () => {
    const bytes = Buffer.from('\xff\xd8\xff\xe0 a tiny jpeg body '.repeat(50), 'latin1')
    const file = api.addFile(bytes)
    const { bot, ctx } = await harness.start({ maxFileBytes: 5000 })
    await harness.hook(bot, ctx, withId(photoUpdate(3003, file, 'Яма на дорозі')))
    const photo = ctx.delivered[0].payload
    expect(photo.text).toBe('Яма на дорозі')
    expect(photo.attachments[0]).toEqual(jasmine.objectContaining({ mime: 'image/jpeg', size: bytes.length }))
    expect(Buffer.from(photo.attachments[0].data, 'base64').equals(bytes)).toBeTrue()
    expect(api.calls.filter((c) => c.method === 'getFile').map((c) => c.params.file_id)).toContain(file.file_id)

    const big = api.addFile(Buffer.alloc(6000, 1))
    const unknownSize = { ...big, file_size: undefined as unknown as number } // learnt while downloading
    await harness.hook(bot, ctx, withId(photoUpdate(3003, big)))
    await harness.hook(bot, ctx, withId(photoUpdate(3003, unknownSize)))
    for (const event of ctx.delivered.slice(1)) expect(event.payload.attachments[0]).toEqual(jasmine.objectContaining({ tooLarge: true }))
    expect(ctx.delivered.slice(1).every((e) => e.payload.attachments[0].data === undefined)).toBeTrue()
  })

  it('turns a button press into an action and answers the callback query', async () => {
    const { bot, ctx } = await harness.start()
    await harness.hook(bot, ctx, withId(callbackUpdate(4004, 'rate:5', 'cb-777')))
    expect(ctx.delivered[0].payload).toEqual(jasmine.objectContaining({ kind: 'action', action: 'rate:5', from: '4004' }))
    await waitUntil(() => api.calls.some((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === 'cb-777'))
  })

  it('refuses a wrong secret (401) and a body that is not an update (400), delivering nothing', async () => {
    const { bot, ctx } = await harness.start()
    expect((await harness.hook(bot, ctx, withId(textUpdate(5005, 'x')), 'wrong')).status).toBe(401)
    const bad = await bot.handleWebhook({ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'unit-hook-secret_Zx81' }, query: {}, rawBody: Buffer.from('{not json') })
    const huge = await bot.handleWebhook({ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'unit-hook-secret_Zx81' }, query: {}, rawBody: Buffer.alloc(1_000_001, 32) })
    expect([bad.status, huge.status]).toEqual([400, 400])
    expect(ctx.delivered.length).toBe(0)
    expect(ctx.logs.filter((l) => l.status === 'refused').length).toBe(3)
  })

  it('polls with getUpdates: delivers each update, keeps the offset in its state, goes on from it after a restart', async () => {
    const first = api.pushUpdate(textUpdate(6006, 'перше'))
    const { bot, ctx } = await harness.start({ mode: 'polling', pollTimeoutSeconds: 1 })
    await waitUntil(async () => (await ctx.state.get(OFFSET_KEY)) === first.update_id + 1)
    expect(api.calls.some((c) => c.method === 'deleteWebhook')).toBeTrue()
    expect(ctx.delivered.map((e) => e.payload.text)).toEqual(['перше'])
    const second = api.pushUpdate(textUpdate(6006, 'друге'))
    await waitUntil(async () => (await ctx.state.get(OFFSET_KEY)) === second.update_id + 1)
    expect(ctx.delivered.map((e) => e.payload.text)).toEqual(['перше', 'друге'])
    expect(ctx.health.at(-1)).toEqual({ status: 'up', detail: 'polling for updates' })
    await bot.stop()
    const polls = api.calls.filter((c) => c.method === 'getUpdates')
    expect(polls.at(-1)!.params).toEqual(jasmine.objectContaining({ offset: second.update_id + 1, timeout: 1 }))

    // a restart finds the offset: the confirmed updates do not come again, the new one does
    api.pushUpdate({ ...second, update_id: second.update_id - 1 } as any) // (not confirmed only if the offset were lost)
    const third = api.pushUpdate(textUpdate(6006, 'третє'))
    const again = await harness.start({ mode: 'polling', pollTimeoutSeconds: 1 }, { [OFFSET_KEY]: second.update_id + 1 })
    await waitUntil(async () => (await again.ctx.state.get(OFFSET_KEY)) === third.update_id + 1)
    expect(again.ctx.delivered.map((e) => e.payload.text)).toEqual(['третє'])
  })
})
