import { engine } from '#core/engine/engine'
import { parseCoded } from './sms_code.js'
import { Chat, actionsOf, cityRecords, textOf } from './testing/harness.js'

const TYPES = [
  { key: 'no_cold_water', smsCode: 'ВОДА' },
  { key: 'pothole', smsCode: 'ЯМА' },
]

describe('chatbot: one-line requests ("ВОДА Київська 12 кв 5")', () => {
  it('reads the code word in any case, the address and the flat', () => {
    expect(parseCoded('ВОДА Київська 12 кв 5', TYPES)).toEqual({ type: 'no_cold_water', address: 'Київська 12', flat: '5' })
    expect(parseCoded('  вода, вул. Київська, 12, кв. 5 ', TYPES)).toEqual({ type: 'no_cold_water', address: 'вул. Київська, 12', flat: '5' })
    expect(parseCoded('Яма Шевченка 10 квартира 8а', TYPES)).toEqual({ type: 'pothole', address: 'Шевченка 10', flat: '8а' })
    expect(parseCoded('ЯМА', TYPES)).toEqual({ type: 'pothole', address: '' })
    expect(parseCoded('Ямайка Шевченка 10', TYPES)).toBeUndefined()
    expect(parseCoded('немає холодної води', TYPES)).toBeUndefined()
  })

  describe('in the bot (SMS)', () => {
    let refs: Record<string, string>
    beforeAll(async () => {
      refs = await cityRecords()
    })
    const count = async (resident: string) => Number((await engine.knex('ticket').where({ resident }).count({ n: '*' }).first())!.n)
    const filed = (chat: Chat) => engine.knex('ticket').where({ id: chat.io.linked[0] }).first()

    it('prefills the type and the flat, asks only the required field, registers nothing before the confirmation', async () => {
      const resident = refs.c_melnyk
      const chat = new Chat(resident, 'city_sms', 'sms')
      const before = await count(resident)
      let out = await chat.say('ВОДА Набережна 8 кв 3')
      expect(textOf(out)).toContain('Кого стосується?')
      expect(actionsOf(out)).toEqual(['v:0', 'v:1', 'v:2', 'v:3', 'v:4'])
      out = await chat.press('v:0')
      expect(textOf(out)).toContain('Перевірте, будь ласка, звернення')
      expect(textOf(out)).toContain('вул. Набережна, 8')
      expect(textOf(out)).toContain('Квартира')
      expect(textOf(out)).not.toContain('Поверх')
      expect(actionsOf(out)).toEqual(['confirm', 'cancel'])
      expect(await count(resident)).toBe(before)

      out = await chat.press('confirm')
      expect(textOf(out)).toMatch(/Звернення зареєстровано, номер ВШГ-\d{4}-\d{6}/)
      const ticket = await filed(chat)
      expect(ticket.resident).toBe(resident)
      expect(ticket.request_type).toBe('no_cold_water')
      expect(ticket.object).toBe(refs.a_naberezhna_8_3)
      expect(ticket.channel).toBe('sms')
      expect(ticket.extra).toEqual({ scope: 'apartment' })
    })

    it('a flat the tree does not have goes into the description; the building is the place', async () => {
      const chat = new Chat(refs.c_tkachenko, 'city_sms', 'sms')
      await chat.say('вода Шевченка 10 кв 77')
      const out = await chat.press('v:1')
      expect(textOf(out)).toContain('вул. Шевченка, 10')
      await chat.press('confirm')
      const ticket = await filed(chat)
      expect(ticket.object).toBe(refs.b_shevchenka_10)
      expect(ticket.description).toBe('Відсутнє холодне водопостачання, кв. 77')
    })

    it('an address it cannot find is asked for after the fields', async () => {
      const chat = new Chat(refs.c_bondar, 'city_sms', 'sms')
      await chat.say('ВОДА Неіснуюча 99')
      const out = await chat.press('v:3')
      expect(textOf(out)).toContain('напишіть адресу')
      expect(actionsOf(out)).toContain('skip')
    })

    it('other words at the menu still go to the type search', async () => {
      const chat = new Chat(refs.c_bondar, 'city_sms', 'sms')
      const out = await chat.say('водопостачання відсутнє')
      expect(textOf(out)).not.toContain('Перевірте, будь ласка, звернення')
      expect(chat.io.linked).toEqual([])
    })
  })
})
