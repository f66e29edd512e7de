import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as typeof addFormatsModule.default
const root = process.cwd()
const json = (rel: string) => JSON.parse(readFileSync(join(root, rel), 'utf8'))

const ajv = new Ajv2020({ allErrors: true, strict: true, unicodeRegExp: true })
addFormats(ajv)
ajv.addSchema(json('metadata/schemas/common.schema.json'))
for (const kind of ['calendar', 'sla']) ajv.addSchema(json(`modules/servicedesk/schemas/${kind}.schema.json`))
const validator = (kind: string) => ajv.getSchema(`https://vikno.city/schemas/${kind}.schema.json`)!

const SHIPPED = ['modules/servicedesk/calendars/kyiv_office.calendar.json', 'modules/servicedesk/calendars/always_open.calendar.json', 'modules/servicedesk/slas/standard.sla.json']
const docs = Object.fromEntries(SHIPPED.map((file) => [file, json(file)]))
const office = docs[SHIPPED[0]]
const standard = docs[SHIPPED[2]]
const errorsOf = (doc: any) => {
  const validate = validator(doc.kind)
  return validate(doc) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)
}

describe('calendar and sla meta-schemas', () => {
  for (const file of SHIPPED) {
    it(`accept ${file}, written canonically`, () => {
      expect(errorsOf(docs[file])).toEqual([])
      expect(readFileSync(join(root, file), 'utf8')).toBe(JSON.stringify(docs[file], null, 2) + '\n')
      expect(docs[file].$schema).toBe(`../schemas/${docs[file].kind}.schema.json`)
    })
  }

  it('refuse bad calendars', () => {
    const bad: Record<string, any>[] = [
      { week: undefined }, // neither a week nor alwaysOpen
      { week: { mon: [{ from: '8:00', to: '17:00' }] } },
      { week: { mon: [{ from: '24:00', to: '24:00' }] } },
      { week: { mon: [{ from: '08:00', to: '24:30' }] } },
      { week: { monday: [] } },
      { holidays: { country: 'PL' } },
      { holidays: true },
      { martialLaw: { to: '2030-01-01' } },
      { exceptions: [{ date: '2026-13-01', hours: [] }] },
      { exceptions: [{ date: '2026-03-04' }] },
      { colour: 'red' },
    ]
    for (const patch of bad)
      expect(errorsOf({ ...office, ...patch }).length)
        .withContext(JSON.stringify(patch))
        .toBeGreaterThan(0)
    expect(errorsOf({ ...office, week: { mon: [{ from: '00:00', to: '24:00' }] }, exceptions: [{ date: '2026-03-04', hours: [], note: { uk: 'Вихідний' } }] })).toEqual([])
    expect(errorsOf({ kind: 'calendar', key: 'x', label: { uk: 'Х' }, alwaysOpen: true })).toEqual([])
  })

  it('refuse bad SLAs', () => {
    const targets = standard.targets
    const bad: Record<string, any>[] = [
      { targets: { ...targets, low: { response: 'P1W', resolution: 'P10D' } } },
      { targets: { ...targets, low: { response: 'PT0M', resolution: 'P10D' } } },
      { targets: { ...targets, low: { response: 'PT1.5H', resolution: 'P10D' } } },
      { targets: { low: targets.low } },
      { warnAt: 1.5 },
      { warnAt: 0 },
      { escalation: [{ after: 1, level: 'mayor' }] },
      { escalation: [{ after: -1, level: 'dispatcher' }] },
      { escalation: [{ after: 'PT2H', level: 'dispatcher', notify: { user: 'x' } }] },
      { calendar: 'Kyiv Office' },
      { pauseStates: ['waiting_resident', 'waiting_resident'] },
    ]
    for (const patch of bad)
      expect(errorsOf({ ...standard, ...patch }).length)
        .withContext(JSON.stringify(patch))
        .toBeGreaterThan(0)
    expect(errorsOf({ ...standard, escalation: [{ after: 'PT2H', level: 'dispatcher' }] })).toEqual([])
  })
})
