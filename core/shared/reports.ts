/**
 * Reports and dashboards as metadata (kinds `report` and `dashboard`), and what running a
 * report returns. Shared by the server (core/reports) and the UI. The meta-schemas
 * `modules/reports/schemas/{report,dashboard}.schema.json` are the source of truth; these mirror them.
 */
import type { Filter } from './filter.js'
import type { Label, MetaDocument } from './metadata.js'

/** How a date/datetime dimension is bucketed, in Europe/Kyiv (hour_of_day 0–23, weekday 1 = Monday … 7). */
export type DateBucket = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'hour_of_day' | 'weekday'

/** One grouping column: a field or a path through references (`object.parent`, `contractor`). */
export interface ReportDimension {
  /** Column key in the result (snake_case). */
  key: string
  label?: Label
  /** A field path from the report's entity; a reference shows its target's display value. */
  field: string
  /** Only for date and datetime fields. */
  bucket?: DateBucket
}

/** Generic aggregate functions; module measures (below) are named `<module>.<name>`. */
export type MeasureFn = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max' | 'percentile' | 'ratio'

/**
 * One aggregate column.
 * - `count` (no field: rows; with a field: non-null values), `count_distinct`, `sum`, `avg`,
 *   `min`, `max`, `percentile` (`p` 0–1, continuous) over a numeric field, or over a duration
 *   between two datetime fields: `field` minus `from`, in `unit`.
 * - `ratio`: the percentage (0–100) of the rows that match `where`.
 * - `where` (every fn): only rows matching this filter count (`count(*) FILTER (WHERE …)`).
 * - a module measure, e.g. `servicedesk.sla_met`: its own SQL, registered by the module
 *   (core/reports/measures.ts); it declares which entities it applies to. Registered now, and
 *   offered by the report designer (MODULE_MEASURES in modules/reports/ui/designer/report_state.ts):
 *   on `ticket` servicedesk.sla_met, .breached, .resolution_hours_avg, .resolution_hours_p90,
 *   .backlog, .csat, .not_solved; on `callback` telephony.callbacks_on_time.
 */
export interface ReportMeasure {
  key: string
  label?: Label
  fn: MeasureFn | `${string}.${string}`
  field?: string
  /** For a duration: the start datetime field (`field` is the end). */
  from?: string
  unit?: 'seconds' | 'minutes' | 'hours' | 'days'
  /** percentile: 0 < p < 1. */
  p?: number
  where?: Filter
  /** Digits after the decimal point when shown (default 0 for counts, 1 otherwise). */
  digits?: number
}

/** Values a period parameter takes, resolved in Europe/Kyiv at run time. */
export type PeriodPreset = 'today' | 'yesterday' | 'this_week' | 'last_week' | 'last_7_days' | 'this_month' | 'last_month' | 'last_30_days' | 'this_quarter' | 'this_year' | 'last_365_days'

/** A period: a preset, or explicit local dates (`to` inclusive) `{ from: '2026-03-01', to: '2026-03-31' }`. */
export type PeriodValue = PeriodPreset | { from: string; to: string }

/**
 * A value the viewer picks (or the dashboard passes). When it has a value, the engine ANDs
 * a condition on `field` (or any of `fields`, ORed: a district reached at several depths of
 * the object tree) with the report's filter: a period is `>= from AND < to + 1 day`, other
 * types are `eq` (`in` for an array of values). No value (and no default): no condition.
 */
export interface ReportParameter {
  key: string
  label?: Label
  type: 'period' | 'reference' | 'enum' | 'string' | 'date'
  /** Field path(s) the value applies to; a period parameter without fields only sets the period (`backlog` at its end). */
  field?: string
  fields?: string[]
  /** reference: the target entity (for the picker); enum: taken from the field. */
  to?: string
  default?: unknown
  required?: boolean
}

export type PresentationType = 'table' | 'kpi' | 'bar' | 'line' | 'area' | 'pie' | 'heatmap' | 'map'

export interface ReportPresentation {
  type: PresentationType
  /** bar/line/area/pie/heatmap: the dimension on the category axis (default: the first). */
  x?: string
  /** heatmap: the second dimension (default: the second). bar/line: a dimension split into series. */
  series?: string
  /** Measures drawn (default: all). */
  y?: string[]
  /** bar: horizontal bars (a ranking). */
  horizontal?: boolean
  stacked?: boolean
  /** kpi: also compute the previous period of the same length (needs a period parameter). */
  compare?: 'previous_period'
  /** kpi: whether a rise is good (green) or bad (red); default good. */
  better?: 'higher' | 'lower'
  /** map: the dimension whose value is a geo_point (or an object with a location). */
  location?: string
}

export interface ReportSort {
  /** A dimension or measure key. */
  key: string
  dir?: 'asc' | 'desc'
}

export interface ReportDoc extends MetaDocument {
  kind: 'report'
  label: Label
  description?: Label
  entity: string
  dimensions?: ReportDimension[]
  measures: ReportMeasure[]
  filter?: Filter
  parameters?: ReportParameter[]
  sort?: ReportSort[]
  /** Rows returned (default 1000, at most 10000). */
  limit?: number
  presentation: ReportPresentation
  /** Roles that see the report in their lists (admins always). Row scope still applies to every figure. */
  roles?: string[]
}

/** One panel of a dashboard grid (12 columns). */
export interface DashboardPanel {
  report: string
  /** Overrides of the report's label and presentation for this panel. */
  title?: Label
  presentation?: Partial<ReportPresentation>
  /** Grid position: column 0–11, width 1–12, row and height in row units (~80 px). */
  x: number
  y: number
  w: number
  h: number
  /** Parameter values fixed for this panel (the dashboard's own parameters win otherwise). */
  params?: Record<string, unknown>
}

export interface DashboardDoc extends MetaDocument {
  kind: 'dashboard'
  label: Label
  description?: Label
  /** Parameters shown once above the grid, passed to every panel whose report declares the same key. */
  parameters?: ReportParameter[]
  panels: DashboardPanel[]
  /** Roles that see the dashboard (admins always); `home` for roles whose start page it is. */
  roles?: string[]
  home?: string[]
  /** How long a dashboard waits after a change before refreshing its panels (ms, default 2000). */
  refreshDebounceMs?: number
}

/** A column of a report's result. */
export interface ReportColumn {
  key: string
  label: Label
  role: 'dimension' | 'measure'
  /** dimension: the field type (or `bucket` for a date bucket); measure: `number` or `percent`. */
  type: string
  bucket?: DateBucket
  digits?: number
  /** The viewer may not read the field: every value in this column is null. */
  hidden?: boolean
}

/**
 * What `reports.run` returns. A dimension cell holds the raw value (a reference's id, an
 * enum's option, a bucket's local start `2026-03-01` / `2026-03-01T14:00` / hour 0–23 /
 * weekday 1–7); `labels[dimension][value]` names it (display value of a reference, option
 * label of an enum). Measures are numbers (null when no row counts).
 */
export interface ReportResult {
  report: string
  columns: ReportColumn[]
  rows: Array<Record<string, unknown>>
  labels: Record<string, Record<string, string | Label>>
  /** The parameter values used, periods resolved to local dates. */
  params: Record<string, unknown>
  period?: { from: string; to: string }
  /** kpi with compare: the same measures over the previous period (one row). */
  previous?: { period: { from: string; to: string }; row: Record<string, unknown> }
  /** True when more rows matched than `limit`. */
  truncated: boolean
  /** When the figures were computed (ISO); from the cache when older than the request. */
  computedAt: string
  cached: boolean
}

/** Realtime: a report's figures may have changed (sent to sockets in `report:<key>` rooms, debounced). */
export interface ReportChangedEvent {
  report: string
}
