import type { FieldError } from '#core/shared/problem'
import type { Filter } from '#core/shared/filter'
import type { ReportDoc, ReportParameter } from '#core/shared/reports'
import type { MetadataSet } from '#core/metadata/set'
import { resolvePath } from '#core/metadata/paths'
import { isUuid } from '#core/records/read'
import { isPeriodValue, localDate, resolvePeriod, type ResolvedPeriod } from './period.js'

/** A report's parameter values, checked and resolved (periods to local dates and instants). */
export interface ResolvedParams {
  /** What the result echoes: every parameter with a value, periods as `{from, to}`. */
  values: Record<string, unknown>
  /** Parameters with a value, in the report's order. */
  given: Array<{ param: ReportParameter; value: unknown }>
  /** The report's period: its first period parameter with a value. */
  period?: ResolvedPeriod
}

const MAX_VALUES = 1000

/** The field paths a parameter applies to (`field` and `fields`). */
export function paramPaths(param: ReportParameter): string[] {
  return [...(param.field ? [param.field] : []), ...(param.fields ?? [])]
}

/**
 * Checks `raw` against the report's parameters (a bad value is reported at `/params/<key>`) and
 * resolves them at `now`: a missing value takes the default; a required one without either is
 * an error; an unknown key too.
 */
export function resolveParams(set: MetadataSet, doc: ReportDoc, raw: Record<string, unknown> = {}, now = new Date()): { params: ResolvedParams; errors: FieldError[] } {
  const errors: FieldError[] = []
  const params: ResolvedParams = { values: {}, given: [] }
  const declared = new Map((doc.parameters ?? []).map((p) => [p.key, p]))
  for (const key of Object.keys(raw)) if (!declared.has(key)) errors.push({ pointer: `/params/${key}`, message: `the report has no parameter "${key}"`, code: 'unknown_parameter' })
  for (const param of doc.parameters ?? []) {
    const pointer = `/params/${param.key}`
    let value = raw[param.key]
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) value = param.default
    if (value === undefined || value === null) {
      if (param.required) errors.push({ pointer, message: 'a value is required', code: 'required' })
      continue
    }
    const problem = checkValue(set, doc, param, value)
    if (problem) {
      errors.push({ pointer, message: problem, code: 'invalid_parameter' })
      continue
    }
    if (param.type === 'period') {
      const period = resolvePeriod(value as never, now)
      params.period ??= period
      params.values[param.key] = { from: period.from, to: period.to }
      params.given.push({ param, value: period })
    } else {
      params.values[param.key] = value
      params.given.push({ param, value })
    }
  }
  return { params, errors }
}

function checkValue(set: MetadataSet, doc: ReportDoc, param: ReportParameter, value: unknown): string | undefined {
  const many = Array.isArray(value) ? value : [value]
  if (many.length > MAX_VALUES) return `at most ${MAX_VALUES} values`
  switch (param.type) {
    case 'period':
      return isPeriodValue(value) ? undefined : 'a period: a preset (this_month…) or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} with from <= to'
    case 'reference':
      return many.every(isUuid) ? undefined : 'a record id (uuid)'
    case 'date':
      return many.every((v) => localDate(v)) ? undefined : 'a date YYYY-MM-DD'
    case 'string':
      return many.every((v) => typeof v === 'string' && v.length <= 500) ? undefined : 'a text of at most 500 characters'
    case 'enum': {
      const path = paramPaths(param)[0]
      const resolved = path ? resolvePath(set, doc.entity, path) : undefined
      const options = resolved && typeof resolved !== 'string' ? (resolved.field.options ?? []) : []
      return many.every((v) => typeof v === 'string' && options.includes(v)) ? undefined : `one of ${options.join(', ')}`
    }
  }
}

/**
 * The condition a parameter's value adds (ANDed with the report's filter); `period` replaces
 * the value of a period parameter (the previous period of a KPI). Undefined: no condition.
 */
export function paramCondition(set: MetadataSet, doc: ReportDoc, param: ReportParameter, value: unknown, period?: ResolvedPeriod): Filter | undefined {
  const paths = paramPaths(param)
  if (!paths.length) return undefined
  const one = (path: string): Filter => {
    if (param.type === 'period') {
      const p = period ?? (value as ResolvedPeriod)
      const resolved = resolvePath(set, doc.entity, path)
      const isDate = typeof resolved !== 'string' && resolved.field.type === 'date'
      const after = localDate(p.to)!.plus({ days: 1 }).toISODate()!
      return { [path]: isDate ? { gte: p.from, lt: after } : { gte: p.start.toISOString(), lt: p.end.toISOString() } }
    }
    return { [path]: Array.isArray(value) ? { in: value } : { eq: value as string } }
  }
  return paths.length === 1 ? one(paths[0]) : { or: paths.map(one) }
}
