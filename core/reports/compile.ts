import type { Knex } from 'knex'
import type { EntityDoc, FieldDef, Label } from '#core/shared/metadata'
import type { Filter } from '#core/shared/filter'
import type { DateBucket, ReportColumn, ReportDoc, ReportMeasure } from '#core/shared/reports'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { filterToSql, validateFilter } from '#core/filter/index'
import { accessFor } from '#core/permissions/policy'
import { filterVariables } from '#core/permissions/actor'
import { filtered, from, readGuard, scoped, type OpContext } from '#core/records/context'
import { tableOf } from '#core/records/entity_info'
import { SYSTEM_FIELD_DEFS } from '#core/records/system_fields'
import { invalid, notFound } from '#core/errors/problem'
import { moduleMeasure } from './measures.js'
import { paramCondition, type ResolvedParams } from './params.js'
import { REPORT_ZONE, type ResolvedPeriod } from './period.js'
import { filterEntities } from './reach.js'

/** Rows a report returns when it does not say (and at most). */
export const DEFAULT_LIMIT = 1000
export const MAX_LIMIT = 10_000

/** A report compiled for one viewer: the query, its columns (hidden ones flagged) and what it reads. */
export interface CompiledReport {
  query: Knex.QueryBuilder
  columns: ReportColumn[]
  limit: number
  /** Entities whose records the figures depend on (the cache listens to their changes). */
  entities: Set<string>
  /** Reference dimensions: the entity their ids belong to (for labels). */
  targets: Record<string, string>
}

const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const
const NUMERIC = new Set(['integer', 'decimal', 'money', 'duration'])
const COUNTS = new Set(['count', 'count_distinct'])
const TRUNC = { hour: 'hour', day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const

/** A field path resolved for the viewer: the SQL of its column (through LEFT JOINs) and its definition. */
interface Column {
  ref: string
  field: FieldDef
  /** The entity the last segment belongs to. */
  entity: string
  hidden: boolean
}

/**
 * Paths through references become LEFT JOINs, one per distinct prefix. The joined row must be
 * in the viewer's read scope of its entity and not soft-deleted (the same guard as a caller's
 * filter), so a hop into a record the viewer cannot read yields nulls; a field the viewer may
 * not read anywhere on the path makes the column hidden.
 */
class Joins {
  #aliases = new Map<string, string>()
  readonly entities = new Set<string>()

  constructor(
    private op: OpContext,
    private qb: Knex.QueryBuilder,
    private root: EntityDoc
  ) {
    this.entities.add(root.key)
  }

  column(path: string): Column {
    const segments = path.split('.')
    let entity = this.root
    let alias = 't'
    let hidden = false
    for (let i = 0; i < segments.length; i++) {
      const name = segments[i]
      const field = entity.fields[name] ?? SYSTEM_FIELD_DEFS[name]
      if (!field) throw new Error(`report path ${path}: no field "${name}" in ${entity.key}`)
      const access = accessFor(this.op.set, this.op.actor, entity.key)
      if (!access.can('read') || access.hidden.has(name)) hidden = true
      if (i === segments.length - 1) return { ref: `${alias}.${name}`, field, entity: entity.key, hidden }
      const target = this.op.set.entity(field.to === '__self__' ? entity.key : field.to!)
      if (!target || field.type !== 'reference') throw new Error(`report path ${path}: "${name}" is not a reference`)
      alias = this.join(segments.slice(0, i + 1).join('.'), `${alias}.${name}`, target)
      entity = target
    }
    throw new Error('empty path')
  }

  private join(prefix: string, on: string, target: EntityDoc): string {
    const known = this.#aliases.get(prefix)
    if (known) return known
    const alias = `j${this.#aliases.size + 1}`
    this.#aliases.set(prefix, alias)
    this.entities.add(target.key)
    const guard = readGuard(this.op)(target.key)
    let condition = { sql: 'TRUE', bindings: [] as readonly unknown[] }
    if (guard === false) condition = { sql: 'FALSE', bindings: [] }
    else if (guard) {
      condition = filterToSql(this.op.db as Knex, filterSchemaOf(this.op.set), target.key, guard, filterVariables(this.op.actor), alias)
      for (const e of filterEntities(this.op.set, target.key, guard)) this.entities.add(e)
    }
    // joinRaw with a Raw would inline its values: the text and its bindings go separately
    this.qb.joinRaw(`LEFT JOIN ?? AS ?? ON ?? = ?? AND ${condition.sql}`, [tableOf(target), alias, `${alias}.id`, on, ...condition.bindings] as never)
    return alias
  }
}

/** What the viewer's where of a measure compiles to (its paths guarded like a caller's filter). */
function whereOf(op: OpContext, entity: EntityDoc, where: Filter | undefined): Knex.Raw {
  const knex = op.db as Knex
  if (!where) return knex.raw('TRUE')
  const { sql, bindings } = filterToSql(knex, filterSchemaOf(op.set), entity.key, where, filterVariables(op.actor), 't', { guard: readGuard(op) })
  return knex.raw(sql, bindings as Knex.RawBinding[])
}

/** Whether a filter names a field (on any hop) the viewer may not read. */
function unreadable(op: OpContext, entityKey: string, filter: Filter): boolean {
  const readable = (key: string, field: string) => {
    const a = accessFor(op.set, op.actor, key)
    return a.can('read') && !a.hidden.has(field)
  }
  return validateFilter(filterSchemaOf(op.set), entityKey, filter, { readable }).some((e) => e.code === 'field_not_readable')
}

const fallbackLabel = (key: string): Label => ({ uk: key, en: key })

/**
 * Compiles a report for the viewer in `op`: dimensions are GROUP BY columns, measures
 * aggregates, the entity's read scope and soft delete apply (as in lists), then the report's
 * filter and its parameters' conditions. Every value is bound and every identifier quoted.
 * `period` replaces the period parameters' value (the previous period of a KPI).
 * @throws Problem not-found when the viewer may not read the entity.
 */
export function compileReport(op: OpContext, doc: ReportDoc, params: ResolvedParams, options: { now?: Date; period?: ResolvedPeriod } = {}): CompiledReport {
  const knex = op.db as Knex
  const now = options.now ?? new Date()
  const entity = op.set.entity(doc.entity)
  if (!entity) throw notFound()
  const access = accessFor(op.set, op.actor, entity.key)
  if (!access.can('read')) throw notFound()
  const qb = from(op, entity, 't')
  scoped(op, qb, entity, access, 'read')
  const joins = new Joins(op, qb, entity)
  const scope = access.scope('read')
  if (scope) for (const e of filterEntities(op.set, entity.key, scope)) joins.entities.add(e)
  const conditions: Filter[] = []
  if (doc.filter) conditions.push(doc.filter)
  for (const { param, value } of params.given) {
    const condition = paramCondition(op.set, doc, param, value, param.type === 'period' ? options.period : undefined)
    // a value picked for a field the viewer may not read would probe its values
    if (condition && unreadable(op, entity.key, condition)) throw invalid([{ pointer: `/params/${param.key}`, message: `no parameter "${param.key}"`, code: 'field_not_readable' }])
    if (condition) conditions.push(condition)
  }
  for (const condition of conditions) {
    filtered(op, qb, entity, condition)
    for (const e of filterEntities(op.set, entity.key, condition)) joins.entities.add(e)
  }

  const columns: ReportColumn[] = []
  const targets: Record<string, string> = {}
  const selects: Knex.Raw[] = []
  for (const dim of doc.dimensions ?? []) {
    const col = joins.column(dim.field)
    const label = dim.label ?? col.field.label ?? fallbackLabel(dim.key)
    if (dim.bucket) columns.push({ key: dim.key, label, role: 'dimension', type: 'bucket', bucket: dim.bucket, ...(col.hidden ? { hidden: true } : {}) })
    else columns.push({ key: dim.key, label, role: 'dimension', type: col.field.type, ...(col.hidden ? { hidden: true } : {}) })
    if (col.field.type === 'reference') {
      targets[dim.key] = col.field.to === '__self__' ? col.entity : col.field.to!
      joins.entities.add(targets[dim.key]) // its labels are the target's display values
    }
    // a hidden field is not grouped by at all: its groups would tell what the values are
    selects.push(col.hidden ? knex.raw('NULL AS ??', [dim.key]) : knex.raw(`${dimensionSql(dim.bucket, col.field)} AS ??`, [col.ref, dim.key]))
  }
  const period = options.period ?? params.period
  for (const m of doc.measures) {
    const { sql, hidden, column } = measureSql(op, joins, entity, m, { now, period })
    columns.push({ ...column, ...(hidden ? { hidden: true } : {}) })
    selects.push(hidden ? knex.raw('NULL AS ??', [m.key]) : knex.raw('? AS ??', [sql, m.key]))
  }
  qb.select(selects)
  const dims = doc.dimensions?.length ?? 0
  if (dims) qb.groupByRaw(Array.from({ length: dims }, (_, i) => String(i + 1)).join(', '))
  const sort = doc.sort?.length ? doc.sort : (doc.dimensions ?? []).map((d) => ({ key: d.key, dir: 'asc' as const }))
  for (const s of sort) qb.orderByRaw(`?? ${s.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`, [s.key])
  const limit = Math.min(Math.max(doc.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT)
  qb.limit(limit + 1)
  return { query: qb, columns, limit, entities: joins.entities, targets }
}

/** A dimension's SQL around `??` (its column): buckets in Kyiv time, dates as text. */
function dimensionSql(bucket: DateBucket | undefined, field: FieldDef): string {
  const local = field.type === 'date' ? '??::timestamp' : `(?? AT TIME ZONE '${REPORT_ZONE}')`
  if (!bucket) return field.type === 'date' ? "to_char(??, 'YYYY-MM-DD')" : '??'
  if (bucket === 'hour_of_day') return `extract(hour from ${local})::int`
  if (bucket === 'weekday') return `extract(isodow from ${local})::int`
  const format = bucket === 'hour' ? 'YYYY-MM-DD"T"HH24:MI' : 'YYYY-MM-DD'
  return `to_char(date_trunc('${TRUNC[bucket]}', ${local}), '${format}')`
}

function measureSql(op: OpContext, joins: Joins, entity: EntityDoc, m: ReportMeasure, ctx: { now: Date; period?: ResolvedPeriod }): { sql: Knex.Raw; hidden: boolean; column: ReportColumn } {
  const knex = op.db as Knex
  const where = whereOf(op, entity, m.where)
  // an aggregate over the rows of the measure's own `where` only
  const agg = (sql: string, bindings: unknown[]) => knex.raw(m.where ? `${sql} FILTER (WHERE ?)` : sql, (m.where ? [...bindings, where] : bindings) as Knex.RawBinding[])
  const column = (type: string, digits: number, label: Label): ReportColumn => ({ key: m.key, label: m.label ?? label, role: 'measure', type, digits: m.digits ?? digits })
  // a `where` over a field the viewer may not read would tell its values through the counts
  const whereHidden = !!m.where && unreadable(op, entity.key, m.where)
  const custom = m.fn.includes('.') ? moduleMeasure(m.fn) : undefined
  if (m.fn.includes('.')) {
    if (!custom) throw new Error(`report ${m.key}: no measure "${m.fn}"`)
    const access = accessFor(op.set, op.actor, entity.key)
    const hidden = whereHidden || (custom.fields ?? []).some((f) => access.hidden.has(f))
    const sql = custom.sql('t', knex, m, { op, period: ctx.period, now: ctx.now, where })
    return { sql, hidden, column: column(custom.type, custom.digits ?? (custom.type === 'percent' ? 1 : 0), custom.label) }
  }
  if (m.fn === 'ratio') return { sql: knex.raw('100.0 * count(*) FILTER (WHERE ?) / nullif(count(*), 0)', [where]), hidden: whereHidden, column: column('percent', 1, fallbackLabel(m.key)) }
  if (m.fn === 'count' && !m.field) return { sql: agg('count(*)', []), hidden: whereHidden, column: column('number', 0, { uk: 'Кількість', en: 'Count' }) }
  const col = joins.column(m.field!)
  const start = m.from ? joins.column(m.from) : undefined
  const hidden = whereHidden || col.hidden || !!start?.hidden
  const label = col.field.label ?? fallbackLabel(m.key)
  if (COUNTS.has(m.fn)) {
    const distinct = m.fn === 'count_distinct' ? 'DISTINCT ' : ''
    return { sql: agg(`count(${distinct}??)`, [col.ref]), hidden, column: column('number', 0, label) }
  }
  const unit = UNIT_SECONDS[m.unit ?? (start ? 'hours' : 'seconds')]
  let value: Knex.Raw
  if (start) value = knex.raw(`extract(epoch from (?? - ??)) / ${unit}`, [col.ref, start.ref])
  else if (col.field.type === 'duration') value = knex.raw(`extract(epoch from ??) / ${unit}`, [col.ref])
  else if (NUMERIC.has(col.field.type)) value = knex.raw('??', [col.ref])
  else value = knex.raw('??', [col.ref]) // min/max of a date or datetime
  const fn = m.fn
  if (fn === 'percentile') return { sql: agg('percentile_cont(?::float8) WITHIN GROUP (ORDER BY ?)', [m.p ?? 0.5, value]), hidden, column: column('number', 1, label) }
  const name = { sum: 'sum', avg: 'avg', min: 'min', max: 'max' }[fn as 'sum' | 'avg' | 'min' | 'max']
  if (!name) throw new Error(`report ${m.key}: unknown function "${fn}"`)
  return { sql: agg(`${name}(?)`, [value]), hidden, column: column('number', 1, label) }
}
