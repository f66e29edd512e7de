import type { FieldDef } from '#core/shared/metadata'
import type { DashboardDoc, ReportDoc, ReportMeasure, ReportParameter } from '#core/shared/reports'
import type { MetadataSet } from '#core/metadata/set'
import type { Report } from '#core/metadata/kinds/registry'
import type { ModuleKind } from '#core/modules/define'
import { resolvePath } from '#core/metadata/paths'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { validateFilter } from '#core/filter/index'
import { moduleMeasure } from '#core/reports/measures'
import { isPeriodValue } from '#core/reports/period'

const NUMERIC = new Set(['integer', 'decimal', 'money', 'duration'])
const DATES = new Set(['date', 'datetime'])
const ORDERED = new Set([...NUMERIC, ...DATES])
const TEXTS = new Set(['string', 'text', 'phone', 'email', 'url'])

/** Resolves a path of the report's entity, reporting a problem at `pointer`; a field only for a usable column. */
function field(set: MetadataSet, entity: string, path: string, pointer: string, report: Report): FieldDef | undefined {
  const resolved = resolvePath(set, entity, path)
  if (typeof resolved === 'string') return void report(pointer, resolved)
  if (resolved.field.type === 'multi_reference') return void report(pointer, `"${path}" is a multi_reference: report columns need one value per row`)
  return resolved.field
}

function checkMeasure(set: MetadataSet, doc: ReportDoc, m: ReportMeasure, at: string, report: Report) {
  const filterAt = (f: unknown, pointer: string) => {
    for (const e of validateFilter(filterSchemaOf(set), doc.entity, f)) report(`${pointer}${e.pointer}`, e.message)
  }
  if (m.where) filterAt(m.where, `${at}/where`)
  if (m.fn.includes('.')) {
    const custom = moduleMeasure(m.fn)
    if (!custom) return report(`${at}/fn`, `no measure "${m.fn}"`)
    if (!custom.entities.includes(doc.entity)) report(`${at}/fn`, `"${m.fn}" applies to ${custom.entities.join(', ')}, not ${doc.entity}`)
    return
  }
  if (m.fn === 'ratio') {
    if (!m.where) report(`${at}/where`, 'a ratio needs the condition of the rows it counts')
    return
  }
  if (m.fn === 'percentile' && m.p === undefined) report(`${at}/p`, 'a percentile needs p (0 < p < 1)')
  if (m.fn !== 'percentile' && m.p !== undefined) report(`${at}/p`, 'only a percentile takes p')
  if (m.fn === 'count' && !m.field) return
  if (!m.field) return report(`${at}/field`, `${m.fn} needs a field`)
  const end = field(set, doc.entity, m.field, `${at}/field`, report)
  if (m.from) {
    const start = field(set, doc.entity, m.from, `${at}/from`, report)
    if (start && start.type !== 'datetime') report(`${at}/from`, 'a duration starts at a datetime field')
    if (end && end.type !== 'datetime') report(`${at}/field`, 'a duration ends at a datetime field')
    if (m.fn === 'count' || m.fn === 'count_distinct') report(`${at}/from`, `${m.fn} counts values: no duration`)
    return
  }
  if (!end) return
  if (m.unit && end.type !== 'duration') report(`${at}/unit`, 'a unit applies to durations only')
  if ((m.fn === 'sum' || m.fn === 'avg' || m.fn === 'percentile') && !NUMERIC.has(end.type)) {
    report(`${at}/field`, `${m.fn} needs a numeric field (integer, decimal, money, duration) or a duration between two datetimes (field, from)`)
  }
  if ((m.fn === 'min' || m.fn === 'max') && !ORDERED.has(end.type)) report(`${at}/field`, `${m.fn} needs a numeric, date or datetime field`)
}

function checkParameter(set: MetadataSet, doc: ReportDoc, p: ReportParameter, at: string, report: Report) {
  const paths = [...(p.field ? [p.field] : []), ...(p.fields ?? [])]
  if (!paths.length && p.type !== 'period') report(`${at}/field`, `a ${p.type} parameter applies to a field`)
  const check = (path: string, pointer: string) => {
    const f = field(set, doc.entity, path, pointer, report)
    if (!f) return
    if (p.type === 'period' && !DATES.has(f.type)) report(pointer, 'a period applies to a date or datetime field')
    if (p.type === 'date' && f.type !== 'date') report(pointer, 'a date parameter applies to a date field')
    if (p.type === 'reference' && f.type !== 'reference') report(pointer, 'a reference parameter applies to a reference field')
    if (p.type === 'reference' && f.type === 'reference' && p.to && f.to !== p.to) report(`${at}/to`, `the field refers to ${f.to}`)
    if (p.type === 'enum' && f.type !== 'enum') report(pointer, 'an enum parameter applies to an enum field')
    if (p.type === 'string' && !TEXTS.has(f.type)) report(pointer, 'a string parameter applies to a text field (string, text, phone, email, url)')
  }
  if (p.field) check(p.field, `${at}/field`)
  p.fields?.forEach((path, i) => check(path, `${at}/fields/${i}`))
  if (p.to && !set.entity(p.to)) report(`${at}/to`, `no entity "${p.to}"`)
  if (p.type === 'period' && p.default !== undefined && !isPeriodValue(p.default)) report(`${at}/default`, 'a period preset or {from, to}')
}

function unique(keys: Array<{ key: string }>, at: string, report: Report, seen = new Set<string>()) {
  keys.forEach((k, i) => {
    if (seen.has(k.key)) report(`${at}/${i}/key`, `the key "${k.key}" is used twice`)
    seen.add(k.key)
  })
  return seen
}

/** Reports (kind `report`): every path resolves, functions fit their fields, names are unique and used names exist. */
export const reportKind: ModuleKind = {
  kind: 'report',
  schema: 'schemas/report.schema.json',
  check(raw, set, report) {
    const doc = raw as ReportDoc
    if (!set.entity(doc.entity)) return report('/entity', `no entity "${doc.entity}"`)
    const dims = doc.dimensions ?? []
    dims.forEach((d, i) => {
      const f = field(set, doc.entity, d.field, `/dimensions/${i}/field`, report)
      if (f && d.bucket && !DATES.has(f.type)) report(`/dimensions/${i}/bucket`, 'buckets apply to date and datetime fields')
      if (f && ['json', 'file', 'text'].includes(f.type)) report(`/dimensions/${i}/field`, `cannot group by a ${f.type} field`)
    })
    doc.measures.forEach((m, i) => checkMeasure(set, doc, m, `/measures/${i}`, report))
    const columns = unique(doc.measures, '/measures', report, unique(dims, '/dimensions', report))
    unique(doc.parameters ?? [], '/parameters', report)
    doc.parameters?.forEach((p, i) => checkParameter(set, doc, p, `/parameters/${i}`, report))
    if (doc.filter) for (const e of validateFilter(filterSchemaOf(set), doc.entity, doc.filter)) report(`/filter${e.pointer}`, e.message)
    doc.sort?.forEach((s, i) => {
      if (!columns.has(s.key)) report(`/sort/${i}/key`, `no column "${s.key}"`)
    })
    const dimKeys = new Set(dims.map((d) => d.key))
    const measureKeys = new Set(doc.measures.map((m) => m.key))
    const pres = doc.presentation
    for (const name of ['x', 'series', 'location'] as const) {
      if (pres[name] !== undefined && !dimKeys.has(pres[name]!)) report(`/presentation/${name}`, `no dimension "${pres[name]}"`)
    }
    pres.y?.forEach((y, i) => {
      if (!measureKeys.has(y)) report(`/presentation/y/${i}`, `no measure "${y}"`)
    })
    if (pres.compare && !(doc.parameters ?? []).some((p) => p.type === 'period')) report('/presentation/compare', 'comparing with the previous period needs a period parameter')
    doc.roles?.forEach((role, i) => {
      if (!set.get('role', role)) report(`/roles/${i}`, `no role "${role}"`)
    })
  },
}

/** Dashboards (kind `dashboard`): panels name reports and fit the 12-column grid without overlapping; roles exist. */
export const dashboardKind: ModuleKind = {
  kind: 'dashboard',
  schema: 'schemas/dashboard.schema.json',
  check(raw, set, report) {
    const doc = raw as DashboardDoc
    const taken = new Map<string, number>()
    doc.panels.forEach((panel, i) => {
      const target = set.get<ReportDoc>('report', panel.report)
      if (!target) report(`/panels/${i}/report`, `no report "${panel.report}"`)
      if (panel.x + panel.w > 12) report(`/panels/${i}/w`, `the panel ends past the 12th column (x ${panel.x} + w ${panel.w})`)
      for (let x = panel.x; x < Math.min(panel.x + panel.w, 12); x++) {
        for (let y = panel.y; y < panel.y + panel.h; y++) {
          const other = taken.get(`${x},${y}`)
          if (other !== undefined && other !== i) return report(`/panels/${i}`, `overlaps panel ${other}`)
          taken.set(`${x},${y}`, i)
        }
      }
      if (target && panel.params) {
        for (const key of Object.keys(panel.params)) if (!(target.parameters ?? []).some((p) => p.key === key)) report(`/panels/${i}/params/${key}`, `the report has no parameter "${key}"`)
      }
    })
    unique(doc.parameters ?? [], '/parameters', report)
    for (const name of ['roles', 'home'] as const) {
      doc[name]?.forEach((role, i) => {
        if (!set.get('role', role)) report(`/${name}/${i}`, `no role "${role}"`)
      })
    }
  },
}
