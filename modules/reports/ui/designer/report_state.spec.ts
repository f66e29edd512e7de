import type { Filter } from '../../../../core/shared/filter.js'
import type { EntityDoc } from '../../../../core/shared/metadata.js'
import type { DashboardDoc, ReportDoc } from '../../../../core/shared/reports.js'
import {
  COUNT_ITEM,
  dimensionFor,
  docPointers,
  filterOf,
  keyFromLabel,
  measureFor,
  newReport,
  paletteOf,
  parameterTemplates,
  rowsOf,
  uniqueKey,
  withColumns,
  withFn,
  withPanel,
} from './report_state.js'

/** The report designer's pure part (modules/reports/ui/designer/report_state.ts): document ⇄ designer state. */
describe('report designer state', () => {
  const entities: Record<string, EntityDoc> = {
    ticket: {
      kind: 'entity',
      key: 'ticket',
      label: { uk: 'Звернення' },
      fields: {
        priority: { type: 'enum', options: ['low', 'high'], optionLabels: { low: { uk: 'Низький' } }, label: { uk: 'Пріоритет' } },
        object: { type: 'reference', to: 'object', label: { uk: 'Адреса / обʼєкт', en: 'Address' } },
        contractor: { type: 'reference', to: 'counterparty', label: { uk: 'Виконавець' } },
        request_type: { type: 'string', label: { uk: 'Тип звернення' } },
        paused_minutes: { type: 'integer', label: { uk: 'Пауза, хв' } },
        resolved_at: { type: 'datetime', label: { uk: 'Вирішено' } },
        description: { type: 'text', label: { uk: 'Опис' } },
        extra: { type: 'json' },
      },
    },
    object: {
      kind: 'entity',
      key: 'object',
      label: { uk: 'Обʼєкт' },
      fields: {
        name: { type: 'string', label: { uk: 'Назва' } },
        parent: { type: 'reference', to: 'object', label: { uk: 'Входить до', en: 'Part of' } },
        street: { type: 'reference', to: 'object' },
      },
    },
    counterparty: { kind: 'entity', key: 'counterparty', label: { uk: 'Контрагент' }, fields: { name: { type: 'string', label: { uk: 'Назва' } } } },
  }
  const palette = paletteOf(entities, 'ticket')
  const at = (path: string) => palette.find((f) => f.path === path)!

  it('offers the fields, created/updated, and paths one hop through references by their labels; no texts or json', () => {
    const paths = palette.map((f) => f.path)
    expect(paths).toContain('priority')
    expect(paths).toContain('created_at')
    expect(paths).toContain('object.parent')
    expect(paths).toContain('contractor.name')
    expect(paths).not.toContain('description')
    expect(paths).not.toContain('extra')
    expect(paths).not.toContain('object.parent.parent')
    expect(at('object.parent')).toEqual(jasmine.objectContaining({ label: { uk: 'Адреса / обʼєкт → Входить до', en: 'Address → Part of' }, type: 'reference', to: 'object', via: 'object' }))
    expect(at('priority').options).toEqual([{ value: 'low', label: { uk: 'Низький' } }, { value: 'high' }])
    expect(paletteOf(entities, 'nothing')).toEqual([])
  })

  it('makes dimensions (dates by month) and measures (numbers summed, others counted) with unique keys', () => {
    expect(dimensionFor(at('object.parent'), [])).toEqual({ key: 'object_parent', field: 'object.parent' })
    expect(dimensionFor(at('object.parent'), ['object_parent'])).toEqual({ key: 'object_parent_2', field: 'object.parent' })
    expect(dimensionFor(at('created_at'), [])).toEqual({ key: 'created_at_month', field: 'created_at', bucket: 'month' })
    expect(measureFor(COUNT_ITEM, [])).toEqual({ key: 'count', fn: 'count' })
    expect(measureFor(COUNT_ITEM, ['count'])).toEqual({ key: 'count_2', fn: 'count' })
    expect(measureFor(at('paused_minutes'), [])).toEqual({ key: 'sum_paused_minutes', fn: 'sum', field: 'paused_minutes' })
    expect(measureFor(at('contractor'), [])).toEqual({ key: 'count_contractor', fn: 'count', field: 'contractor' })
    expect(uniqueKey('9 lives', [])).toBe('c_9_lives')
  })

  it('changes a measure function: fields kept only where they fit, p for a percentile, keys follow', () => {
    const sum = measureFor(at('paused_minutes'), [])
    expect(withFn(sum, 'percentile', palette, ['sum_paused_minutes'])).toEqual({ key: 'percentile_paused_minutes', fn: 'percentile', field: 'paused_minutes', p: 0.9 })
    expect(withFn({ key: 'n', fn: 'count', field: 'contractor' }, 'avg', palette, ['n'])).toEqual({ key: 'n', fn: 'avg' })
    const ratio = withFn({ key: 'count', fn: 'count', where: { priority: { eq: 'high' } } }, 'ratio', palette, ['count'])
    expect(ratio).toEqual({ key: 'ratio', fn: 'ratio', where: { priority: { eq: 'high' } } })
    expect(withFn({ key: 'count', fn: 'count' }, 'servicedesk.sla_met', palette, ['count'])).toEqual({ key: 'servicedesk_sla_met', fn: 'servicedesk.sla_met' })
    expect(withFn({ key: 'h', fn: 'avg', field: 'resolved_at', from: 'created_at', unit: 'days' }, 'max', palette, ['h'])).toEqual({
      key: 'h',
      fn: 'max',
      field: 'resolved_at',
      from: 'created_at',
      unit: 'days',
    })
  })

  it('drops sort entries and presentation members naming a removed column', () => {
    const doc: ReportDoc = {
      ...newReport('r', { uk: 'R' }, 'ticket'),
      dimensions: [{ key: 'street', field: 'object.parent' }],
      measures: [
        { key: 'count', fn: 'count' },
        { key: 'late', fn: 'servicedesk.breached' },
      ],
      sort: [{ key: 'street' }, { key: 'late', dir: 'desc' }],
      presentation: { type: 'bar', x: 'street', y: ['late'] },
    }
    const next = withColumns(doc, [], [{ key: 'count', fn: 'count' }])
    expect(next.dimensions).toBeUndefined()
    expect(next.sort).toBeUndefined()
    expect(next.presentation).toEqual({ type: 'bar' })
    expect('dimensions' in next).toBeFalse()
  })

  it('generates keys from Ukrainian labels', () => {
    expect(keyFromLabel('Звернення за вулицями цього місяця')).toBe('zvernennia_za_vulytsiamy_tsoho_misiatsia')
    expect(keyFromLabel('Звернення за вулицями цього місяця', 20)).toBe('zvernennia_za')
    expect(keyFromLabel('SLA: 90%')).toBe('sla_90')
    expect(keyFromLabel('2026 рік')).toBe('r_2026_rik')
    expect(keyFromLabel('…')).toBe('')
  })

  it('reads a plain AND filter as the builder rows and writes the rows back; anything else is JSON', () => {
    const filter: Filter = { and: [{ priority: { eq: 'high' } }, { contractor: { isNull: true } }] }
    const rows = rowsOf(filter)!
    expect(rows.map((r) => [r.field, r.op, r.value])).toEqual([
      ['priority', 'eq', 'high'],
      ['contractor', 'isNull', ''],
    ])
    expect(filterOf(rows)).toEqual(filter)
    expect(rowsOf({ priority: { ne: 'low' } })!.length).toBe(1)
    expect(rowsOf(undefined)).toEqual([])
    expect(rowsOf({ or: [{ priority: { eq: 'high' } }] })).toBeUndefined()
    expect(rowsOf({ priority: { in: ['high'] } })).toBeUndefined()
    expect(rowsOf({ priority: { eq: 'high', ne: 'low' } })).toBeUndefined()
    expect(filterOf([{ id: 1, field: 'priority', op: 'eq', value: '' }])).toBeUndefined()
    expect(filterOf([{ id: 1, field: 'priority', op: 'eq', value: 'high' }])).toEqual({ priority: { eq: 'high' } })
  })

  it('offers period, company, district and request type parameters where the entity has them', () => {
    const keys = parameterTemplates(palette).map((p) => p.key)
    expect(keys).toEqual(['period', 'company', 'district', 'request_type'])
    const [period, company, district] = parameterTemplates(palette)
    expect(period).toEqual(jasmine.objectContaining({ type: 'period', field: 'created_at', default: 'this_month' }))
    expect(company).toEqual(jasmine.objectContaining({ type: 'reference', field: 'contractor', to: 'counterparty' }))
    expect(district.fields).toEqual(['object.parent', 'object.street.parent'])
    expect(parameterTemplates(paletteOf(entities, 'counterparty')).map((p) => p.key)).toEqual(['period'])
  })

  it('moves preview problems under /doc to the document pointers', () => {
    expect(
      docPointers([
        { pointer: '/doc/measures/0/fn', message: 'unknown' },
        { pointer: '/asUser', message: 'no such user' },
        { pointer: '/doc', message: 'bad' },
      ])
    ).toEqual([
      { pointer: '/measures/0/fn', message: 'unknown' },
      { pointer: '', message: 'bad' },
    ])
  })

  it('puts a panel beside the last row when it fits, else below', () => {
    const empty: DashboardDoc = { kind: 'dashboard', key: 'd', label: { uk: 'D' }, panels: [] }
    const one = withPanel(empty, 'a', 6)
    expect(one.panels).toEqual([{ report: 'a', x: 0, y: 0, w: 6, h: 4 }])
    const two = withPanel(one, 'b', 6)
    expect(two.panels[1]).toEqual({ report: 'b', x: 6, y: 0, w: 6, h: 4 })
    const three = withPanel(two, 'c', 4)
    expect(three.panels[2]).toEqual({ report: 'c', x: 0, y: 4, w: 4, h: 4 })
    expect(withPanel(empty, 'x', 40).panels[0].w).toBe(12)
  })
})
