import { engine } from '#core/engine/engine'
import { Chat, actionsOf, cityRecords, textOf } from './testing/harness.js'

/** A pixel of JPEG is enough: the bot stores what it gets, it does not decode it. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]).toString('base64')

/**
 * Registering a request in the chatbot, all of it driven by the request type's metadata, as
 * the demo resident Коваленко Ганна (+380671112233, вул. Київська, 12, кв. 5).
 */
describe('chatbot: register a request', () => {
  let refs: Record<string, string>
  let resident: string

  beforeAll(async () => {
    refs = await cityRecords()
    resident = refs.c_kovalenko
  })

  const tickets = () =>
    engine
      .knex('ticket')
      .where({ resident })
      .count({ n: '*' })
      .first()
      .then((r) => Number(r!.n))

  it('"немає холодної води" → article → type → fields (a bad number asked again in Ukrainian) → photo → address → confirm → the request', async () => {
    const chat = new Chat(resident)
    let out = await chat.say('немає холодної води')
    expect(textOf(out)).toContain('Ось що може допомогти')
    expect(textOf(out)).toContain('Немає холодної води')
    expect(actionsOf(out)).toEqual(['kb:helped', 'kb:register'])

    out = await chat.press('kb:register')
    expect(textOf(out)).toContain('Кого стосується?')
    expect(actionsOf(out)).toEqual(['v:0', 'v:1', 'v:2', 'v:3', 'v:4']) // required: no "Пропустити"
    out = await chat.press('skip')
    expect(textOf(out)).toContain('обовʼязкове')
    out = await chat.press('v:3') // Весь будинок

    expect(textOf(out)).toContain('Відколи (орієнтовно)')
    expect(actionsOf(out)).toEqual(['skip'])
    out = await chat.say('вчора 22:30')

    expect(textOf(out)).toContain('Поверх?')
    out = await chat.say('сороковий')
    expect(textOf(out)).toContain('Відповідь не підходить')
    expect(textOf(out)).toContain('Поверх?')
    out = await chat.say('40')
    expect(textOf(out)).toContain('Відповідь не підходить')
    out = await chat.say('3')

    expect(textOf(out)).toContain('Опишіть проблему детальніше')
    out = await chat.say('З ранку немає води в усьому будинку')
    expect(textOf(out)).toContain('Надішліть фото')
    out = await chat.say('фото немає')
    expect(textOf(out)).toContain('Потрібне зображення')
    out = await chat.turn({ attachments: [{ name: 'tap.jpg', mime: 'image/jpeg', data: JPEG, size: 14 }] })

    expect(textOf(out)).toContain('Надішліть геолокацію або напишіть адресу')
    expect(out[0].requestLocation).toBeTrue()
    expect(actionsOf(out)).toContain(`addr:${refs.a_kyivska_12_5}`) // her own address, as a button
    out = await chat.say('Київська 12, кв. 5')
    expect(textOf(out)).toContain('Адреса: вул. Київська, 12')
    // a request another spec of this run left open at the building is offered first: not hers
    if (actionsOf(out).includes('dup:no')) out = await chat.press('dup:no')
    expect(textOf(out)).toContain('Перевірте, будь ласка, звернення')
    expect(textOf(out)).toContain('Весь будинок')
    expect(actionsOf(out)).toEqual(['confirm', 'cancel'])
    expect(await tickets()).toBe(0) // nothing before the confirmation

    out = await chat.press('confirm')
    expect(textOf(out)).toMatch(/Звернення зареєстровано, номер ВШГ-\d{4}-\d{6}/)
    const [ticket] = await engine.knex('ticket').where({ resident })
    expect(chat.io.linked).toEqual([ticket.id])
    expect(ticket.channel).toBe('telegram')
    expect(ticket.request_type).toBe('no_cold_water')
    expect(ticket.object).toBe(refs.a_kyivska_12_5)
    expect(ticket.contractor).toBe(refs.vodokanal)
    expect(ticket.description).toBe('З ранку немає води в усьому будинку')
    expect(ticket.extra.scope).toBe('building')
    expect(ticket.extra.floor).toBe(3)
    expect(ticket.extra.since).toMatch(/T22:30:00\+0[23]:00$/)
    const photo = await engine.knex('sys_files').where({ id: ticket.photo }).first()
    expect(photo.mime).toBe('image/jpeg')
    expect(Number(photo.size)).toBe(14)
    const audit = await engine.knex('sys_audit').where({ entity: 'ticket', record_id: ticket.id, action: 'create' }).first()
    expect(audit.actor_id).toBe((await engine.knex('sys_users').where({ login: 'connector_city_telegram' }).first()).id)

    // my requests: the number, its state and due date
    out = await chat.press('m:my_requests')
    expect(textOf(out)).toContain(ticket.number)
    expect(textOf(out)).toContain('Відсутнє холодне водопостачання: нове, до ')
  })

  it('a second resident at the same building is offered to subscribe to the open request', async () => {
    const chat = new Chat(refs.c_shevchuk)
    await chat.say('немає холодної води')
    await chat.press('kb:register')
    await chat.press('v:3')
    await chat.press('skip')
    await chat.press('skip')
    await chat.press('skip')
    await chat.press('skip')
    let out = await chat.say('вул. Київська, 12')
    expect(textOf(out)).toContain('За цією адресою вже усувають: Відсутнє холодне водопостачання')
    // the open request at the building (the first resident's, or an older one of this run)
    const offered = /ВШГ-\d{4}-\d{6}/.exec(textOf(out))![0]
    out = await chat.press('dup:yes')
    expect(actionsOf(out)).toEqual(['confirm', 'cancel'])
    out = await chat.press('confirm')
    const master = await engine.knex('ticket').where({ number: offered }).first()
    expect(master.request_type).toBe('no_cold_water')
    expect(textOf(out)).toContain(`щойно звернення ${master.number} буде вирішено`)
    const [mine] = await engine.knex('ticket').where({ resident: refs.c_shevchuk })
    expect(mine.parent).toBe(master.id)
    expect(mine.object).toBe(refs.b_kyivska_12)
    expect(mine.description).toBe('немає холодної води') // no description given: the words typed
  })

  it('registers nothing when the resident cancels at the summary', async () => {
    const before = await tickets()
    const chat = new Chat(resident)
    await chat.say('немає холодної води')
    await chat.press('kb:register')
    for (const step of ['v:0', 'skip', 'skip', 'skip', 'skip', 'skip']) await chat.press(step)
    let out = await chat.say('меню') // back to the menu drops the draft ...
    expect(actionsOf(out)).toContain('m:register')
    out = await chat.press('confirm') // ... so a late "confirm" is nothing
    expect(await tickets()).toBe(before)
    await chat.say('немає холодної води')
    await chat.press('kb:register')
    for (const step of ['v:0', 'skip', 'skip', 'skip', 'skip', 'skip']) out = await chat.press(step)
    expect(actionsOf(out)).toEqual(['confirm', 'cancel'])
    out = await chat.press('cancel')
    expect(textOf(out)).toContain('нічого не зареєстровано')
    expect(await tickets()).toBe(before)
  })

  it('answers a gas smell with the redirect to 104 and ends the flow', async () => {
    const before = await engine.knex('ticket').count({ n: '*' }).first()
    const chat = new Chat(resident)
    let out = await chat.say('пахне газом у підʼїзді')
    expect(textOf(out)).toContain('негайно телефонуйте 104')
    expect(actionsOf(out)).toEqual(['menu'])
    out = await chat.say('3')
    expect(textOf(out)).not.toContain('Поверх') // the flow ended: "3" is a new problem, not an answer
    expect(await engine.knex('ticket').count({ n: '*' }).first()).toEqual(before)
  })

  it('asks an unidentified resident to share the phone first, then identifies them by it', async () => {
    const chat = new Chat(null, 'city_viber', 'viber')
    let out = await chat.press('m:register')
    expect(out[0].requestContact).toBeTrue()
    expect(textOf(out)).toContain('поділіться, будь ласка, номером телефону')
    out = await chat.say('немає води')
    expect(out[0].requestContact).toBeTrue() // still nobody: asked again
    out = await chat.turn({ phone: '+380671112233', name: 'Ганна' })
    expect(chat.io.identified).toEqual([resident])
    expect(textOf(out)).toContain('Опишіть коротко, що сталося')
  })

  it('matches a shared location to the nearest object with coordinates', async () => {
    const chat = new Chat(resident)
    await chat.say('немає холодної води')
    await chat.press('kb:register')
    for (const step of ['v:0', 'skip', 'skip', 'skip', 'skip']) await chat.press(step)
    const out = await chat.turn({ location: { lat: 50.58535, lon: 30.49025 } })
    expect(textOf(out)).toContain('Адреса: вул. Київська')
  })
})
