import knex from 'knex'
import type { EntityDoc, MetaDocument, RoleDoc } from '#core/shared/metadata'
import type { ReportDoc } from '#core/shared/reports'
import { MetadataSet } from '#core/metadata/set'
import type { Actor } from '#core/permissions/actor'
import '#core/schema/field_types'
import { compileReport } from './compile.js'
import { resolveParams } from './params.js'
import { registerMeasure } from './measures.js'

/** What the compiler writes, without a database: identifiers quoted, values bound, scope and guards applied. */
describe('report compiler', () => {
  const db = knex({ client: 'pg' })
  const entity = (key: string, fields: EntityDoc['fields'], extra: Partial<EntityDoc> = {}): EntityDoc => ({ kind: 'entity', key, label: { uk: key }, display: 'name', fields, ...extra })
  const docs: MetaDocument[] = [
    entity('company', { name: { type: 'string' } }),
    entity('site', { name: { type: 'string' }, owner: { type: 'reference', to: 'company' } }, { softDelete: true }),
    entity(
      'job',
      {
        name: { type: 'string' },
        site: { type: 'reference', to: 'site' },
        company: { type: 'reference', to: 'company' },
        kind: { type: 'enum', options: ['a', 'b'] },
        cost: { type: 'money' },
        secret: { type: 'integer' },
        done_at: { type: 'datetime' },
        due_on: { type: 'date' },
      },
      { softDelete: true }
    ),
    {
      kind: 'role',
      key: 'crew',
      label: { uk: 'crew' },
      permissions: {
        job: { actions: ['read'], scope: { company: { eq: '$user.company' } }, fields: { secret: 'hidden' } },
        site: { actions: ['read'], scope: { owner: { eq: '$user.company' } } },
      },
    } as RoleDoc,
  ]
  const set = MetadataSet.fromRecord(Object.fromEntries(docs.map((d) => [`${d.kind}/${d.key}`, d])))
  const company = '11111111-1111-4111-8111-111111111111'
  const crew: Actor = { id: '22222222-2222-4222-8222-222222222222', roles: ['crew'], attributes: { company }, locale: 'en' }
  const op = { set, actor: crew, db }
  const report = (extra: Partial<ReportDoc>): ReportDoc => ({
    kind: 'report',
    key: 'r',
    label: { uk: 'r' },
    entity: 'job',
    measures: [{ key: 'n', fn: 'count' }],
    presentation: { type: 'table' },
    ...extra,
  })
  const compile = (doc: ReportDoc, raw: Record<string, unknown> = {}) => {
    const { params, errors } = resolveParams(set, doc, raw, new Date('2026-03-27T10:00:00Z'))
    expect(errors).toEqual([])
    const compiled = compileReport(op, doc, params, { now: new Date('2026-03-27T10:00:00Z') })
    return { ...compiled, ...compiled.query.toSQL() }
  }

  it('groups by buckets in Kyiv time and by weekday and hour', () => {
    const { sql } = compile(
      report({
        dimensions: [
          { key: 'm', field: 'done_at', bucket: 'month' },
          { key: 'wd', field: 'done_at', bucket: 'weekday' },
          { key: 'h', field: 'done_at', bucket: 'hour' },
          { key: 'd', field: 'due_on', bucket: 'week' },
        ],
      })
    )
    expect(sql).toContain(`to_char(date_trunc('month', ("t"."done_at" AT TIME ZONE 'Europe/Kyiv')), 'YYYY-MM-DD') AS "m"`)
    expect(sql).toContain(`extract(isodow from ("t"."done_at" AT TIME ZONE 'Europe/Kyiv'))::int AS "wd"`)
    expect(sql).toContain(`to_char(date_trunc('hour', ("t"."done_at" AT TIME ZONE 'Europe/Kyiv')), 'YYYY-MM-DD"T"HH24:MI') AS "h"`)
    expect(sql).toContain(`date_trunc('week', "t"."due_on"::timestamp)`)
    expect(sql).toContain('group by 1, 2, 3, 4')
    expect(sql).toContain('order by "m" ASC NULLS LAST, "wd" ASC NULLS LAST')
  })

  it("applies the viewer's scope and soft delete, and guards each joined record by its own scope", () => {
    const { sql, bindings, entities } = compile(report({ dimensions: [{ key: 'owner', field: 'site.owner' }] }))
    expect(sql).toContain('LEFT JOIN "site" AS "j1" ON "j1"."id" = "t"."site" AND (("j1"."owner" = ? AND "j1"."deleted_at" IS NULL))')
    expect(sql).not.toContain(company)
    expect(sql).toContain('"t"."deleted_at" is null')
    expect(sql).toContain('("t"."company" = ?)')
    expect(bindings.filter((b) => b === company).length).toBe(2)
    expect([...entities].sort()).toEqual(['company', 'job', 'site']) // company: the labels of `owner`
  })

  it('binds parameter values and never writes them into the SQL', () => {
    const doc = report({
      parameters: [
        { key: 'period', type: 'period', field: 'done_at' },
        { key: 'kind', type: 'enum', field: 'kind' },
        { key: 'name', type: 'string', fields: ['name', 'site.name'] },
      ],
    })
    const evil = "x'); DROP TABLE job; --"
    const { sql, bindings } = compile(doc, { period: 'this_week', kind: 'a', name: evil })
    expect(sql).not.toContain('DROP')
    expect(bindings).toContain(evil)
    const instants = bindings.filter((b): b is Date => b instanceof Date).map((d) => d.toISOString())
    expect(instants).toEqual(['2026-03-22T22:00:00.000Z', '2026-03-29T21:00:00.000Z'])
    expect(sql).toContain('"t"."done_at" >= ? AND "t"."done_at" < ?')
  })

  it('reports bad parameter values at their pointer', () => {
    const doc = report({
      parameters: [
        { key: 'kind', type: 'enum', field: 'kind', required: true },
        { key: 'site', type: 'reference', field: 'site' },
      ],
    })
    expect(resolveParams(set, doc, { site: 'nope', extra: 1 }).errors.map((e) => e.pointer)).toEqual(['/params/extra', '/params/kind', '/params/site'])
    expect(resolveParams(set, doc, { kind: 'c' }).errors.map((e) => e.pointer)).toEqual(['/params/kind'])
  })

  it('writes each function as its aggregate, with the measure filter, and the hidden field as NULL', () => {
    registerMeasure({ name: 'spec.double', entities: ['job'], label: { uk: 'x' }, type: 'number', sql: (_t, k, _m, ctx) => k.raw('2 * count(*) FILTER (WHERE ?)', [ctx.where]) })
    const { sql, columns, limit, bindings } = compile(
      report({
        measures: [
          { key: 'a', fn: 'count', where: { kind: { eq: 'a' } } },
          { key: 'd', fn: 'count_distinct', field: 'site' },
          { key: 's', fn: 'sum', field: 'cost' },
          { key: 'p', fn: 'percentile', field: 'cost', p: 0.9 },
          { key: 'r', fn: 'ratio', where: { kind: { eq: 'b' } } },
          { key: 'h', fn: 'avg', field: 'done_at', from: 'created_at', unit: 'hours' },
          { key: 'x', fn: 'max', field: 'secret' },
          { key: 'm', fn: 'spec.double' },
        ],
        limit: 50,
      })
    )
    expect(sql).toContain('count(*) FILTER (WHERE ("t"."kind" = ?)) AS "a"')
    expect(sql).toContain('count(DISTINCT "t"."site") AS "d"')
    expect(sql).toContain('sum("t"."cost") AS "s"')
    expect(sql).toContain('percentile_cont(?::float8) WITHIN GROUP (ORDER BY "t"."cost") AS "p"')
    expect(sql).toContain('100.0 * count(*) FILTER (WHERE ("t"."kind" = ?)) / nullif(count(*), 0) AS "r"')
    expect(sql).toContain('avg(extract(epoch from ("t"."done_at" - "t"."created_at")) / 3600) AS "h"')
    expect(sql).toContain('NULL AS "x"')
    expect(sql).toContain('2 * count(*) FILTER (WHERE TRUE) AS "m"')
    expect(columns.find((c) => c.key === 'x')?.hidden).toBeTrue()
    expect(columns.find((c) => c.key === 'r')).toEqual(jasmine.objectContaining({ type: 'percent', digits: 1 }))
    expect(limit).toBe(50)
    expect(bindings[bindings.length - 1]).toBe(51) // one more row tells `truncated`
  })
})
