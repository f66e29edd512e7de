import { afterLookup, step } from './engine.js'
import type { IvrDoc, IvrLookup, IvrReply } from './types.js'

const doc: IvrDoc = {
  kind: 'ivr',
  key: 'spec_line',
  label: { uk: 'Тест' },
  start: 'main',
  operatorQueue: 'operators',
  retries: 1,
  prompts: { invalid: { uk: 'Немає такого пункту.' }, noInput: { uk: 'Не почули.' }, goodbye: { uk: 'До побачення.' }, transfer: { uk: "З'єдную." } },
  services: { request_status: { prompt: { uk: 'Введіть номер.', file: 'vikno/enter-number' }, maxDigits: 10 } },
  menus: {
    main: {
      prompt: { uk: 'Головне меню.', file: 'vikno/main' },
      options: [
        { digit: '1', goto: 'water' },
        { digit: '2', service: 'request_status' },
        { digit: '3', service: 'outage_at_address' },
        { digit: '0', service: 'operator' },
      ],
    },
    water: {
      prompt: { uk: 'Вода.' },
      timeoutSeconds: 7,
      options: [
        { digit: '1', queue: 'water', category: 'water' },
        { digit: '9', goto: 'main' },
      ],
    },
  },
}
const hangupDoc: IvrDoc = { ...doc, onExhausted: 'hangup' }

const reply = (x: IvrReply | IvrLookup) => x as IvrReply
const texts = (x: IvrReply | IvrLookup) => reply(x).say.map((p) => p.uk)

/** The IVR's pure step: every outcome of engine.ts's list, one row each. */
describe('ivr step', () => {
  it('starts a new call in the start menu, waiting for one digit', () => {
    const r = reply(step(doc, null, '7'))
    expect(r.say).toEqual([{ uk: 'Головне меню.', file: 'vikno/main' }])
    expect(r.then).toEqual({ gather: { maxDigits: 1, timeoutSeconds: 5 } })
    expect(r.state).toEqual({ menu: 'main', tries: 0 })
  })

  const at = (menu: string, tries = 0) => ({ menu, tries })
  const rows: Array<[string, IvrDoc, ReturnType<typeof at> | { menu: string; tries: number; awaiting: 'request_status' }, string, Partial<IvrReply> | IvrLookup]> = [
    ['goto a submenu', doc, at('main'), '1', { say: [{ uk: 'Вода.' }], then: { gather: { maxDigits: 1, timeoutSeconds: 7 } }, state: at('water') }],
    ['back to the main menu', doc, at('water'), '9', { state: at('main') }],
    ['a queue with its category', doc, at('water'), '1', { say: [{ uk: "З'єдную." }], then: { dial: { queue: 'water', category: 'water' } } }],
    ['the operator', doc, at('main'), '0', { then: { dial: { queue: 'operators' } } }],
    [
      'the request status prompt',
      doc,
      at('main'),
      '2',
      {
        say: [{ uk: 'Введіть номер.', file: 'vikno/enter-number' }],
        then: { gather: { maxDigits: 10, timeoutSeconds: 10, terminator: '#' } },
        state: { menu: 'main', tries: 0, awaiting: 'request_status' },
      },
    ],
    ['the number typed → a lookup', doc, { menu: 'main', tries: 0, awaiting: 'request_status' }, '2026000123', { lookup: { service: 'request_status', digits: '2026000123' }, state: at('main') }],
    ['# alone → the caller’s own requests', doc, { menu: 'main', tries: 0, awaiting: 'request_status' }, '', { lookup: { service: 'request_status', digits: '' }, state: at('main') }],
    ['outage → a lookup at once', doc, at('main'), '3', { lookup: { service: 'outage_at_address' }, state: at('main') }],
    ['an invalid digit: said, the menu again, one try counted', doc, at('main'), '5', { say: [{ uk: 'Немає такого пункту.' }, { uk: 'Головне меню.', file: 'vikno/main' }], state: at('main', 1) }],
    ['silence: the no-input phrase', doc, at('water'), '', { say: [{ uk: 'Не почули.' }, { uk: 'Вода.' }], state: at('water', 1) }],
    ['retries exhausted → the operator', doc, at('main', 1), '8', { say: [{ uk: 'Немає такого пункту.' }, { uk: "З'єдную." }], then: { dial: { queue: 'operators' } } }],
    ['retries exhausted → goodbye when so configured', hangupDoc, at('main', 1), '', { say: [{ uk: 'Не почули.' }, { uk: 'До побачення.' }], then: { hangup: true } }],
    ['a state naming a menu that is gone restarts', doc, at('ghost'), '1', { state: at('main') }],
  ]
  for (const [name, d, state, digits, want] of rows) {
    it(name, () => expect(step(d, state, digits)).toEqual(jasmine.objectContaining(want)))
  }

  it('says a lookup’s answer, then the menu it was chosen in again', () => {
    const r = afterLookup(doc, at('main'), [{ uk: 'Звернення номер 2026-000123: в роботі.' }])
    expect(r.say.map((p) => p.uk)).toEqual(['Звернення номер 2026-000123: в роботі.', 'Головне меню.'])
    expect(r.then).toEqual({ gather: { maxDigits: 1, timeoutSeconds: 5 } })
  })

  it('walks a whole call: invalid, submenu, back, queue', () => {
    let s = step(doc, null, '')
    const heard: string[] = [...texts(s)]
    for (const d of ['4', '1', '9', '1', '1']) {
      s = step(doc, reply(s).state, d)
      heard.push(...texts(s))
    }
    expect(heard).toEqual(['Головне меню.', 'Немає такого пункту.', 'Головне меню.', 'Вода.', 'Головне меню.', 'Вода.', "З'єдную."])
    expect(reply(s).then).toEqual({ dial: { queue: 'water', category: 'water' } })
  })
})
