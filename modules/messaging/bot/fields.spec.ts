import { answer, fieldsOf, parseDateTime, question } from './fields.js'

/** A request type's fields as questions and the answers checked against their schemas (pure). */
describe('bot fields', () => {
  const [scope, since, floor] = fieldsOf({
    fields: {
      scope: {
        type: 'string',
        title: 'Кого стосується',
        oneOf: [
          { const: 'flat', title: 'Квартира' },
          { const: 'building', title: 'Будинок' },
        ],
      },
      since: { type: 'string', format: 'date-time', title: 'Відколи' },
      floor: { type: 'integer', title: 'Поверх', minimum: -2, maximum: 30 },
    },
    requiredFields: ['scope'],
  })
  const now = new Date('2026-03-10T12:00:00Z') // 14:00 in Kyiv

  it('asks with buttons for choices, "Пропустити" only when optional', () => {
    expect(question(scope, undefined, 'uk')).toEqual({
      text: 'Кого стосується?',
      buttons: [
        [
          { label: 'Квартира', action: 'v:0' },
          { label: 'Будинок', action: 'v:1' },
        ],
      ],
    })
    expect(question(floor, undefined, 'en').buttons).toEqual([[{ label: 'Skip', action: 'skip' }]])
  })

  const rows: Array<[string, ReturnType<typeof fieldsOf>[number], { text?: string; action?: string }, unknown]> = [
    ['a button', scope, { action: 'v:1' }, { value: 'building' }],
    ['a choice typed as its label', scope, { text: 'квартира' }, { value: 'flat' }],
    ['a required field skipped', scope, { action: 'skip' }, { error: 'Це обовʼязкове питання, його не можна пропустити.' }],
    ['a choice typed that is none', scope, { text: 'дах' }, { error: 'Оберіть один із варіантів кнопками.' }],
    ['an optional field skipped', floor, { action: 'skip' }, { skip: true }],
    ['a number', floor, { text: ' 7 ' }, { value: 7 }],
    ['words for a number', floor, { text: 'сьомий' }, { error: jasmine.stringMatching(/^Відповідь не підходить: .+\. Спробуйте ще раз\.$/) }],
    ['a number over the maximum', floor, { text: '31' }, { error: jasmine.stringContaining('30') }],
    ['a date', since, { text: 'сьогодні 10:00' }, { value: '2026-03-10T10:00:00+02:00' }],
    ['a date in the future', since, { text: 'сьогодні 18:00' }, { error: jasmine.stringContaining('Не вдалося розпізнати дату') }],
  ]
  for (const [name, field, input, expected] of rows) {
    it(`answers ${name}`, () => expect(answer(field, input, undefined, 'uk', now)).toEqual(expected as any))
  }

  it('reads dates the way people type them, in Kyiv time', () => {
    expect(parseDateTime('вчора 22:30', now)).toBe('2026-03-09T22:30:00+02:00')
    expect(parseDateTime('8:05', now)).toBe('2026-03-10T08:05:00+02:00')
    expect(parseDateTime('05.03 08:30', now)).toBe('2026-03-05T08:30:00+02:00')
    expect(parseDateTime('05.03.2026', now)).toBe('2026-03-05T00:00:00+02:00')
    expect(parseDateTime('зараз', now)).toBe('2026-03-10T14:00:00+02:00')
    expect(parseDateTime('колись', now)).toBeUndefined()
    expect(parseDateTime('сьогодні 25:00', now)).toBeUndefined()
  })
})
