/**
 * The report designer's pure part: the field palette of an entity (its fields and the paths
 * one hop through its references), the dimension or measure a dropped field becomes, keys,
 * and the filter as the filter builder's rows. No React, no I/O (report_state.spec.ts beside it).
 */
import type { Filter, OperatorName, Scalar } from '../../../../core/shared/filter.js'
import { buildFilter, type Condition } from '../../../../core/ui/src/list/filter.js'
import type { EntityDoc, FieldDef, FieldTypeName, Label } from '../../../../core/shared/metadata.js'
import type { DashboardDoc, DateBucket, MeasureFn, ReportDimension, ReportDoc, ReportMeasure, ReportParameter, ReportPresentation } from '../../../../core/shared/reports.js'

/** One entry of the palette: a field of the report's entity, or a path one hop through a reference. */
export interface PaletteField {
  /** `priority`, `object.parent`, `created_at`. */
  path: string
  /** The field's label; for a path, the reference's and the target field's (`Адреса / обʼєкт → Входить до`). */
  label: Label
  type: FieldTypeName
  /** reference: its target entity. */
  to?: string
  /** The reference a path goes through (absent for the entity's own fields). */
  via?: string
  /** enum: its options and their labels. */
  options?: Array<{ value: string; label?: Label }>
}

function optionsOf(f: FieldDef): Pick<PaletteField, 'options'> {
  return f.options ? { options: f.options.map((value) => ({ value, ...(f.optionLabels?.[value] ? { label: f.optionLabels[value] } : {}) })) } : {}
}

/** Types a report cannot group or aggregate by. */
const SKIP = new Set<FieldTypeName>(['json', 'file', 'multi_reference', 'text'])
export const NUMERIC = new Set<FieldTypeName>(['integer', 'decimal', 'money', 'duration'])
export const DATES = new Set<FieldTypeName>(['date', 'datetime'])

const SYSTEM: Record<string, FieldDef> = {
  created_at: { type: 'datetime', label: { uk: 'Створено', en: 'Created' } },
  updated_at: { type: 'datetime', label: { uk: 'Змінено', en: 'Updated' } },
  created_by: { type: 'reference', to: 'user', label: { uk: 'Автор', en: 'Created by' } },
}

function own(entity: EntityDoc): Array<[string, FieldDef]> {
  return [...Object.entries(entity.fields), ...Object.entries(SYSTEM).filter(([k]) => !(k in entity.fields))].filter(([, f]) => !SKIP.has(f.type))
}

function joined(a: Label | undefined, b: Label | undefined, ka: string, kb: string): Label {
  const uk = `${a?.uk ?? ka} → ${b?.uk ?? kb}`
  const en = a?.en || b?.en ? `${a?.en ?? a?.uk ?? ka} → ${b?.en ?? b?.uk ?? kb}` : undefined
  return en ? { uk, en } : { uk }
}

/**
 * The fields a report of `entityKey` may use: its own (and created/updated), then for each
 * reference the target's fields as `ref.field`. `entities` are the documents by key.
 */
export function paletteOf(entities: Record<string, EntityDoc>, entityKey: string): PaletteField[] {
  const entity = entities[entityKey]
  if (!entity) return []
  const out: PaletteField[] = []
  for (const [name, f] of own(entity)) out.push({ path: name, label: f.label ?? { uk: name }, type: f.type, ...(f.to ? { to: f.to } : {}), ...optionsOf(f) })
  for (const [name, f] of own(entity)) {
    if (f.type !== 'reference' || !f.to || name === 'created_by') continue
    const target = entities[f.to]
    if (!target) continue
    for (const [sub, g] of own(target)) {
      if (sub === 'created_by' || sub === 'updated_at') continue
      out.push({ path: `${name}.${sub}`, label: joined(f.label, g.label, name, sub), type: g.type, via: name, ...(g.to ? { to: g.to } : {}), ...optionsOf(g) })
    }
  }
  return out
}

/** `base`, or `base_2`, `base_3`… whichever is not taken. */
export function uniqueKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const clean =
    base
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '') || 'column'
  const start = /^[a-z]/.test(clean) ? clean : `c_${clean}`
  if (!used.has(start)) return start
  for (let n = 2; ; n++) if (!used.has(`${start}_${n}`)) return `${start}_${n}`
}

const UK: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia',
  ʼ: '',
  "'": '',
  '’': '',
}

/**
 * A snake_case key from a label, Ukrainian transliterated (the national romanization, simplified):
 * `Звернення за вулицями` → `zvernennia_za_vulytsiamy`; at most `max` characters, cut at a word.
 */
export function keyFromLabel(text: string, max = 40): string {
  const latin = [...text.toLowerCase()].map((ch) => UK[ch] ?? ch).join('')
  const words = latin.split(/[^a-z0-9]+/).filter(Boolean)
  let key = ''
  for (const w of words) {
    const next = key ? `${key}_${w}` : w
    if (next.length > max) break
    key = next
  }
  if (!key && words[0]) key = words[0].slice(0, max)
  return /^[a-z]/.test(key) ? key : key ? `r_${key}`.slice(0, max) : ''
}

/** Every column key of a report (dimensions and measures). */
export function columnKeys(doc: Pick<ReportDoc, 'dimensions' | 'measures'>): string[] {
  return [...(doc.dimensions ?? []).map((d) => d.key), ...doc.measures.map((m) => m.key)]
}

/** The dimension a palette field becomes: its path as key, dates bucketed by month. */
export function dimensionFor(field: PaletteField, taken: Iterable<string>): ReportDimension {
  const bucket: DateBucket | undefined = DATES.has(field.type) ? 'month' : undefined
  return { key: uniqueKey(bucket ? `${field.path}_${bucket}` : field.path, taken), field: field.path, ...(bucket ? { bucket } : {}) }
}

/** The record count: the measure of most reports. */
export const COUNT_ITEM = '*'

/**
 * The measure a palette field becomes: a number is summed, anything else counted (its non-empty
 * values); the palette's `*` item is the count of rows.
 */
export function measureFor(field: PaletteField | typeof COUNT_ITEM, taken: Iterable<string>): ReportMeasure {
  if (field === COUNT_ITEM) return { key: uniqueKey('count', taken), fn: 'count' }
  const fn: MeasureFn = NUMERIC.has(field.type) ? 'sum' : 'count'
  return { key: uniqueKey(`${fn}_${field.path}`, taken), fn, field: field.path }
}

/** Generic functions, in the order the designer offers them. */
export const MEASURE_FNS: MeasureFn[] = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'percentile', 'ratio']

/** Functions that need a numeric field (or a duration between two datetime fields). */
export const NEEDS_NUMBER = new Set<string>(['sum', 'avg', 'min', 'max', 'percentile'])

/**
 * A measure with another function: a field kept only when the function can use it, `p` for a
 * percentile (0.9 unless set), `where` kept for every function. A module measure has no field.
 */
export function withFn(m: ReportMeasure, fn: ReportMeasure['fn'], palette: PaletteField[], taken: Iterable<string>): ReportMeasure {
  const field = m.field ? palette.find((f) => f.path === m.field) : undefined
  const out: ReportMeasure = { key: m.key, fn, ...(m.label ? { label: m.label } : {}), ...(m.where ? { where: m.where } : {}), ...(m.digits !== undefined ? { digits: m.digits } : {}) }
  const generic = (MEASURE_FNS as string[]).includes(fn)
  if (generic && fn !== 'ratio' && field && (!NEEDS_NUMBER.has(fn) || NUMERIC.has(field.type) || (DATES.has(field.type) && m.from))) {
    out.field = field.path
    if (m.from) Object.assign(out, { from: m.from, unit: m.unit ?? 'hours' })
  }
  if (fn === 'percentile') out.p = m.p ?? 0.9
  // a key still naming the old function follows the new one
  const old = m.field ? `${m.fn.replace('.', '_')}_${m.field}` : m.fn.replace('.', '_')
  if (m.key === old || m.key.startsWith(`${old}_`)) {
    const others = [...taken].filter((k) => k !== m.key)
    out.key = uniqueKey(out.field ? `${fn.replace('.', '_')}_${out.field}` : fn.replace('.', '_'), others)
  }
  return out
}

/**
 * The report after its columns changed: sort entries, the presentation's axes and drawn
 * measures that named a removed column are dropped.
 */
export function withColumns(doc: ReportDoc, dimensions: ReportDimension[], measures: ReportMeasure[]): ReportDoc {
  const keys = new Set([...dimensions.map((d) => d.key), ...measures.map((m) => m.key)])
  const p: ReportPresentation = { ...doc.presentation }
  for (const k of ['x', 'series', 'location'] as const) if (p[k] && !keys.has(p[k]!)) delete p[k]
  if (p.y) {
    p.y = p.y.filter((k) => keys.has(k))
    if (!p.y.length) delete p.y
  }
  const sort = doc.sort?.filter((s) => keys.has(s.key))
  return compact({ ...doc, dimensions: dimensions.length ? dimensions : undefined, measures, presentation: p, sort: sort?.length ? sort : undefined })
}

/** The document without its undefined members (the meta-schema refuses none, but diffs stay clean). */
export function compact<T extends object>(doc: T): T {
  const out = { ...doc } as Record<string, unknown>
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
  return out as T
}

/** A new report of an entity: the count of its records, as a table. */
export function newReport(key: string, label: Label, entity: string): ReportDoc {
  return { $schema: '../../../modules/reports/schemas/report.schema.json', kind: 'report', key, label, entity, measures: [{ key: 'count', fn: 'count' }], presentation: { type: 'table' } }
}

/** The parameters the designer offers ready-made, when the entity has a field for them. */
export function parameterTemplates(palette: PaletteField[]): ReportParameter[] {
  const has = (p: string) => palette.some((f) => f.path === p)
  const out: ReportParameter[] = []
  const date = ['created_at', ...palette.filter((f) => DATES.has(f.type) && !f.via).map((f) => f.path)].find(has)
  if (date) out.push({ key: 'period', label: { uk: 'Період', en: 'Period' }, type: 'period', field: date, default: 'this_month' })
  const company = palette.find((f) => f.type === 'reference' && !f.via && f.to === 'counterparty')
  if (company) out.push({ key: 'company', label: { uk: 'Компанія', en: 'Company' }, type: 'reference', field: company.path, to: 'counterparty' })
  // a district is the parent of a street (the address) or of a building's street
  if (has('object.parent')) {
    const fields = ['object.parent', ...(has('object.street') ? ['object.street.parent'] : [])]
    out.push({ key: 'district', label: { uk: 'Район', en: 'District' }, type: 'reference', to: 'object', fields })
  }
  if (has('request_type')) out.push({ key: 'request_type', label: { uk: 'Тип звернення', en: 'Request type' }, type: 'string', field: 'request_type' })
  return out
}

/** One row of the filter builder. */
export type FilterRow = Condition

const ROW_OPS = new Set<string>(['eq', 'ne', 'contains', 'startsWith', 'isNull'])

/**
 * The filter as the builder's rows, when it is a plain AND of one-operator conditions the
 * builder offers (`eq`, `ne`, `contains`, `startsWith`, `isNull: true`); else undefined (the
 * designer shows it as JSON). No filter: no rows.
 */
export function rowsOf(filter: Filter | undefined): FilterRow[] | undefined {
  if (!filter) return []
  const parts: Filter[] = 'and' in filter && Array.isArray((filter as { and: Filter[] }).and) ? (filter as { and: Filter[] }).and : [filter]
  const rows: FilterRow[] = []
  for (const part of parts) {
    const entries = Object.entries(part as Record<string, unknown>)
    if (entries.length !== 1) return undefined
    const [field, ops] = entries[0]
    if (['and', 'or', 'not', '$exists'].includes(field) || !ops || typeof ops !== 'object' || Array.isArray(ops)) return undefined
    const o = Object.entries(ops as Record<string, unknown>)
    if (o.length !== 1 || !ROW_OPS.has(o[0][0])) return undefined
    const [op, value] = o[0]
    if (op === 'isNull' ? value !== true : value !== null && typeof value === 'object') return undefined
    rows.push({ id: rows.length + 1, field, op: op as OperatorName, value: op === 'isNull' ? '' : (value as Scalar) })
  }
  return rows
}

/** The builder's rows as a filter (rows without a value left out), undefined for none. */
export function filterOf(rows: FilterRow[]): Filter | undefined {
  return buildFilter(undefined, rows)
}

/** Problems the preview found in the draft (`/doc/measures/0/fn`) at the document's pointers (`/measures/0/fn`). */
export function docPointers<P extends { pointer: string }>(problems: P[]): P[] {
  return problems.filter((p) => p.pointer === '/doc' || p.pointer.startsWith('/doc/')).map((p) => ({ ...p, pointer: p.pointer.slice('/doc'.length) }))
}

/**
 * Measures the modules register in the engine (core/reports/measures.ts), with the entity each
 * applies to; the designer offers them for a report of that entity.
 */
export const MODULE_MEASURES: Array<{ fn: `${string}.${string}`; entity: string }> = [
  'servicedesk.sla_met',
  'servicedesk.breached',
  'servicedesk.resolution_hours_avg',
  'servicedesk.resolution_hours_p90',
  'servicedesk.backlog',
  'servicedesk.csat',
  'servicedesk.not_solved',
]
  .map((fn) => ({ fn: fn as `${string}.${string}`, entity: 'ticket' }))
  .concat([{ fn: 'telephony.callbacks_on_time', entity: 'callback' }])

/**
 * The dashboard with the report as a new panel of width `w` (of 12) and 4 rows: beside the
 * last row's panels when they leave room, else on a new row below them.
 */
export function withPanel(dashboard: DashboardDoc, report: string, w = 6): DashboardDoc {
  const width = Math.min(12, Math.max(1, Math.round(w)))
  const panels = dashboard.panels ?? []
  const bottom = panels.reduce((max, p) => Math.max(max, p.y + p.h), 0)
  const lastRow = panels.filter((p) => p.y + p.h === bottom)
  const top = lastRow.reduce((min, p) => Math.min(min, p.y), bottom)
  const right = lastRow.reduce((max, p) => Math.max(max, p.x + p.w), 0)
  const fits = lastRow.length > 0 && right + width <= 12
  return { ...dashboard, panels: [...panels, { report, x: fits ? right : 0, y: fits ? top : bottom, w: width, h: 4 }] }
}
