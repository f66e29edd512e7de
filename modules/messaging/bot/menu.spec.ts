import { engine } from '#core/engine/engine'
import { Chat, actionsOf, cityRecords, textOf } from './testing/harness.js'

/** The menu, the operator, news by address, English, and a conversation that expired. */
describe('chatbot: menu and short flows', () => {
  let refs: Record<string, string>
  beforeAll(async () => {
    refs = await cityRecords()
  })

  it('greets on start with the menu from the bot document, in English for an English messenger', async () => {
    let out = await new Chat(refs.c_bondar).turn({ kind: 'started' })
    expect(textOf(out)).toContain('Вітаємо! Це чат-бот')
    expect(actionsOf(out)).toEqual(['m:register', 'm:my_requests', 'm:knowledge', 'm:news', 'm:operator'])
    out = await new Chat(refs.c_bondar, 'city_telegram', 'telegram', 'en').say('/start')
    expect(textOf(out)).toContain('Welcome!')
    expect(out[0].buttons![0][0].label).toBe('File a request')
  })

  it('hands over to an operator', async () => {
    const chat = new Chat(refs.c_bondar)
    const out = await chat.press('m:operator')
    expect(textOf(out)).toContain('Зʼєдную з оператором')
    expect(chat.io.handedOver.length).toBe(1)
  })

  it('answers from the knowledge base', async () => {
    const chat = new Chat(null)
    await chat.press('m:knowledge')
    const out = await chat.say('як оплатити комунальні')
    expect(textOf(out)).toContain('Як оплатити комунальні послуги')
    expect(textOf(out)).not.toContain('Оператору:') // operators' articles are not for residents
  })

  it('subscribes to news by the address typed (the building and its street)', async () => {
    const chat = new Chat(null)
    await chat.press('m:news')
    let out = await chat.say('Шолуденка 3')
    expect(textOf(out)).toContain('Ви підписані на новини за адресою: вул. Шолуденка, 3')
    const rows = await engine.knex('sys_bot_subscriptions').where({ address: chat.address }).pluck('object')
    expect(rows.sort()).toEqual([refs.b_sholudenka_3, refs.st_sholudenka].sort())
    out = await chat.press('news:off')
    expect(textOf(out)).toContain('відписалися')
    expect(await engine.knex('sys_bot_subscriptions').where({ address: chat.address }).pluck('object')).toEqual([])
  })

  it('starts again at the menu after 24 hours of silence', async () => {
    const chat = new Chat(refs.c_bondar)
    await chat.say('немає холодної води')
    await chat.press('kb:register')
    await engine
      .knex('sys_bot_conversations')
      .where({ address: chat.address })
      .update({ updated_at: new Date(Date.now() - 25 * 3_600_000) })
    const out = await chat.press('v:0') // an answer to a question asked yesterday
    expect(textOf(out)).toContain('Оберіть, що вас цікавить')
  })
})
