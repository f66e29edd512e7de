import type { EntityDoc, MetaDocument } from '#core/shared/metadata'
import { MetadataSet } from '#core/metadata/set'
import { registerMeasure } from '#core/reports/measures'
import '#core/schema/field_types'
import { dashboardKind, reportKind } from './kinds.js'

/** The semantic checks of reports and dashboards: each problem at its JSON pointer. */
describe('report and dashboard checks', () => {
  const entity = (key: string, fields: EntityDoc['fields']): EntityDoc => ({ kind: 'entity', key, label: { uk: key }, fields })
  registerMeasure({ name: 'spec.jobs_late', entities: ['job'], label: { uk: 'x' }, type: 'number', sql: (_t, k) => k.raw('0') })
  const docs: MetaDocument[] = [
    entity('company', { name: { type: 'string' } }),
    entity('job', {
      company: { type: 'reference', to: 'company' },
      tags: { type: 'multi_reference', to: 'company' },
      kind: { type: 'enum', options: ['a', 'b'] },
      cost: { type: 'money' },
      note: { type: 'text' },
      done_at: { type: 'datetime' },
    }),
    { kind: 'role', key: 'crew', label: { uk: 'crew' } },
    { kind: 'report', key: 'ok', label: { uk: 'ok' }, entity: 'job', measures: [{ key: 'n', fn: 'count' }], presentation: { type: 'kpi' } },
  ]
  const set = MetadataSet.fromRecord(Object.fromEntries(docs.map((d) => [`${d.kind}/${d.key}`, d])))
  const problems = (kind: typeof reportKind, doc: Record<string, unknown>) => {
    const out: string[] = []
    kind.check!(doc as MetaDocument, set, (pointer, message) => out.push(`${pointer} ${message}`))
    return out
  }
  const report = (extra: Record<string, unknown>) =>
    problems(reportKind, { kind: 'report', key: 'r', label: { uk: 'r' }, entity: 'job', measures: [{ key: 'n', fn: 'count' }], presentation: { type: 'table' }, ...extra })
  const pointers = (list: string[]) => list.map((p) => p.split(' ')[0])

  it('accepts a well-formed report', () => {
    expect(
      report({
        dimensions: [
          { key: 'company', field: 'company' },
          { key: 'month', field: 'done_at', bucket: 'month' },
        ],
        measures: [
          { key: 'n', fn: 'count' },
          { key: 'c', fn: 'avg', field: 'cost' },
          { key: 'h', fn: 'percentile', field: 'done_at', from: 'created_at', p: 0.9, unit: 'hours' },
          { key: 'r', fn: 'ratio', where: { kind: { eq: 'a' } } },
          { key: 'late', fn: 'spec.jobs_late' },
        ],
        parameters: [{ key: 'period', type: 'period', field: 'done_at', default: 'this_month' }],
        sort: [{ key: 'n', dir: 'desc' }],
        presentation: { type: 'bar', x: 'company', series: 'month', y: ['n'], compare: 'previous_period' },
        roles: ['crew'],
      })
    ).toEqual([])
  })

  it('refuses an unknown entity, paths that do not resolve and functions that do not fit their field', () => {
    expect(pointers(report({ entity: 'nope' }))).toEqual(['/entity'])
    expect(
      pointers(
        report({
          dimensions: [
            { key: 'a', field: 'company.nope' },
            { key: 'b', field: 'kind', bucket: 'day' },
            { key: 'c', field: 'tags' },
            { key: 'd', field: 'note' },
          ],
          measures: [
            { key: 'n', fn: 'sum', field: 'kind' },
            { key: 'p', fn: 'percentile', field: 'cost' },
            { key: 'r', fn: 'ratio' },
            { key: 'u', fn: 'spec.nope' },
            { key: 'w', fn: 'count', where: { nope: { eq: 1 } } },
            { key: 'x', fn: 'avg', field: 'done_at', from: 'kind' },
          ],
        })
      )
    ).toEqual([
      '/dimensions/0/field',
      '/dimensions/1/bucket',
      '/dimensions/2/field',
      '/dimensions/3/field',
      '/measures/0/field',
      '/measures/1/p',
      '/measures/2/where',
      '/measures/3/fn',
      '/measures/4/where/nope',
      '/measures/5/from',
    ])
  })

  it('refuses a module measure on another entity', () => {
    const out = problems(reportKind, { kind: 'report', key: 'r', label: { uk: 'r' }, entity: 'company', measures: [{ key: 'late', fn: 'spec.jobs_late' }], presentation: { type: 'table' } })
    expect(out).toEqual(['/measures/0/fn "spec.jobs_late" applies to job, not company'])
  })

  it('refuses duplicate keys and names of columns that do not exist', () => {
    expect(
      pointers(
        report({
          dimensions: [{ key: 'n', field: 'kind' }],
          parameters: [
            { key: 'p', type: 'period', field: 'kind' },
            { key: 'p', type: 'enum' },
            { key: 's', type: 'string', field: 'cost' },
          ],
          filter: { cost: { contains: 'x' } },
          sort: [{ key: 'zzz' }],
          presentation: { type: 'bar', x: 'n', y: ['kind'], location: 'nope' },
          roles: ['nobody'],
        })
      )
    ).toEqual([
      '/measures/0/key',
      '/parameters/1/key',
      '/parameters/0/field',
      '/parameters/1/field',
      '/parameters/2/field',
      '/filter/cost/contains',
      '/sort/0/key',
      '/presentation/location',
      '/presentation/y/0',
      '/roles/0',
    ])
  })

  it('checks dashboards: reports exist, panels fit the grid and do not overlap, roles exist', () => {
    const dash = (panels: unknown[], extra: Record<string, unknown> = {}) => pointers(problems(dashboardKind, { kind: 'dashboard', key: 'd', label: { uk: 'd' }, panels, ...extra }))
    expect(dash([{ report: 'ok', x: 0, y: 0, w: 12, h: 2 }], { roles: ['crew'], home: ['crew'] })).toEqual([])
    expect(
      dash(
        [
          { report: 'ok', x: 0, y: 0, w: 6, h: 2 },
          { report: 'ok', x: 5, y: 1, w: 2, h: 2 },
          { report: 'nope', x: 10, y: 5, w: 4, h: 1 },
          { report: 'ok', x: 0, y: 9, w: 1, h: 1, params: { nope: 1 } },
        ],
        { home: ['nobody'] }
      )
    ).toEqual(['/panels/1', '/panels/2/report', '/panels/2/w', '/panels/3/params/nope', '/home/0'])
  })
})
