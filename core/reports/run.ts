import type { Label } from '#core/shared/metadata'
import type { ReportDoc, ReportResult } from '#core/shared/reports'
import type { OpContext } from '#core/records/context'
import { invalid } from '#core/errors/problem'
import { resolvePath } from '#core/metadata/paths'
import { compileReport, type CompiledReport } from './compile.js'
import { paramCondition, resolveParams, type ResolvedParams } from './params.js'
import { validateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { previousPeriod } from './period.js'
import { displayLabels, valueLabels } from './labels.js'

/** A report's result and what its figures depend on (for the cache). */
export interface ReportRun {
  result: ReportResult
  entities: Set<string>
}

/**
 * Checks and resolves a report's parameter values (422 at `/params/<key>`).
 */
export function checkedParams(op: OpContext, doc: ReportDoc, raw: Record<string, unknown> | undefined, now: Date): ResolvedParams {
  const { params, errors } = resolveParams(op.set, doc, raw ?? {}, now)
  // a value the field cannot take (the kind's checks leave a string parameter on any text field)
  for (const { param, value } of params.given) {
    const condition = paramCondition(op.set, doc, param, value)
    if (condition && validateFilter(filterSchemaOf(op.set), doc.entity, condition).length) {
      errors.push({ pointer: `/params/${param.key}`, message: 'a value this field cannot take', code: 'invalid_parameter' })
    }
  }
  if (errors.length) throw invalid(errors)
  return params
}

/**
 * Runs a report for the viewer in `op`: the compiled query, its rows mapped to the result
 * (measures as numbers, dimension values raw, with labels), the previous period of a KPI.
 */
export async function runReport(op: OpContext, doc: ReportDoc, params: ResolvedParams, now = new Date()): Promise<ReportRun> {
  const compiled = compileReport(op, doc, params, { now })
  const raw = await compiled.query
  const truncated = raw.length > compiled.limit
  const rows = (truncated ? raw.slice(0, compiled.limit) : raw).map((r: Record<string, unknown>) => mapRow(compiled, r))
  const result: ReportResult = {
    report: doc.key,
    columns: compiled.columns,
    rows,
    labels: await labelsOf(op, doc, compiled, rows),
    params: params.values,
    truncated,
    computedAt: now.toISOString(),
    cached: false,
  }
  if (params.period) result.period = { from: params.period.from, to: params.period.to }
  if (doc.presentation.type === 'kpi' && doc.presentation.compare === 'previous_period' && params.period) {
    const period = previousPeriod(params.period)
    const before = compileReport(op, doc, params, { now, period })
    const row = (await before.query)[0]
    result.previous = { period: { from: period.from, to: period.to }, row: row ? mapRow(before, row) : {} }
  }
  return { result, entities: compiled.entities }
}

function mapRow(compiled: CompiledReport, raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const column of compiled.columns) {
    const value = raw[column.key]
    if (column.hidden || value === null || value === undefined) row[column.key] = null
    else if (column.role === 'measure') row[column.key] = typeof value === 'number' || typeof value === 'string' ? Number(value) : value instanceof Date ? value.toISOString() : value
    else row[column.key] = value instanceof Date ? value.toISOString() : value
  }
  return row
}

async function labelsOf(op: OpContext, doc: ReportDoc, compiled: CompiledReport, rows: Array<Record<string, unknown>>) {
  const labels: Record<string, Record<string, string | Label>> = {}
  for (const dim of doc.dimensions ?? []) {
    const column = compiled.columns.find((c) => c.key === dim.key)
    if (!column || column.hidden || dim.bucket) continue
    const values = [...new Set(rows.map((r) => r[dim.key]).filter((v): v is string => typeof v === 'string'))]
    if (!values.length) continue
    const target = compiled.targets[dim.key]
    if (target) {
      labels[dim.key] = await displayLabels(op, target, values)
      continue
    }
    const resolved = resolvePath(op.set, doc.entity, dim.field)
    if (typeof resolved === 'string') continue
    const named = valueLabels(op.set, resolved.entity, dim.field.split('.').pop()!, resolved.field, values)
    if (Object.keys(named).length) labels[dim.key] = named
  }
  return labels
}
