import { formSpec, BUTTONS_MAX } from '../core/ui/src/form/schema.js'
import type { UiBootstrap, UiEntity, UiField } from '../core/ui/src/types/bootstrap.js'

const field = (type: UiField['type'], extra: Partial<UiField> = {}): UiField => ({ type, label: { uk: type }, widget: type, required: false, readOnly: false, operators: [], sortable: true, ...extra })
const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `o${i}`, label: { uk: `О${i}` } }))

/** Widgets chosen by field type and by a form's uiSchema (core/ui/src/form/schema.ts). */
describe('record form: widgets by field type and form metadata', () => {
  const fields: Record<string, UiField> = {
    few: field('enum', { options: options(BUTTONS_MAX) }),
    many: field('enum', { options: options(BUTTONS_MAX + 1) }),
    place: field('reference', { to: 'object', toReadable: true }),
    who: field('reference', { to: 'contact', toReadable: true }),
    hidden_place: field('reference', { to: 'object', toReadable: false }),
    phone: field('phone'),
    at: field('datetime'),
    took: field('duration'),
    point: field('geo_point'),
    photo: field('file'),
  }
  const properties = Object.fromEntries(Object.keys(fields).map((k) => [k, { type: ['string', 'null'] }]))
  const entity = {
    key: 'thing',
    label: { uk: 'Річ' },
    fields,
    schemas: { record: { type: 'object', properties }, update: { type: 'object', properties } },
    forms: [],
    views: [],
    can: {},
    systemFields: {},
  } as unknown as UiEntity
  const boot = { entities: [entity], lookups: {} } as unknown as UiBootstrap

  it('picks our widgets by field type', () => {
    const ui = formSpec(boot, entity, 'edit', 'uk', {}).uiSchema
    expect(ui.few['ui:widget']).toBe('buttons')
    expect(ui.many['ui:widget']).toBeUndefined() // rjsf's select
    expect(ui.place['ui:widget']).toBe('address')
    expect(ui.who['ui:widget']).toBe('reference')
    expect(ui.hidden_place['ui:widget']).toBe('reference')
    expect(ui.phone['ui:widget']).toBe('phone')
    expect(ui.at['ui:widget']).toBe('datetime')
    expect(ui.took['ui:widget']).toBe('duration')
    expect(ui.point['ui:field']).toBe('geo')
    expect(ui.photo['ui:widget']).toBe('vikno_file')
  })

  it('lets a form choose another widget and add options, keeping what the field needs', () => {
    const form = {
      kind: 'form',
      key: 'thing_form',
      entity: 'thing',
      label: { uk: 'Форма' },
      sections: [{ fields: Object.keys(fields) }],
      uiSchema: { many: { 'ui:widget': 'buttons' }, few: { 'ui:widget': 'select' }, place: { 'ui:widget': 'reference', 'ui:options': { extra: 1 } }, phone: { 'ui:widget': { evil: true } } },
    }
    const ui = formSpec(boot, entity, 'edit', 'uk', {}, form as never).uiSchema
    expect(ui.many['ui:widget']).toBe('buttons')
    expect(ui.few['ui:widget']).toBe('select')
    expect(ui.place['ui:widget']).toBe('reference')
    expect(ui.place['ui:options']).toEqual({ to: 'object', toReadable: true, extra: 1 })
    expect(ui.phone['ui:widget']).toBe('phone') // not a widget name: ignored
  })

  it('shows read-only enums as a select, not as buttons', () => {
    const readOnly = { ...entity, schemas: { ...entity.schemas, update: { type: 'object', properties: {} } } } as UiEntity
    expect(formSpec(boot, readOnly, 'edit', 'uk', {}).uiSchema.few['ui:widget']).toBeUndefined()
  })
})
