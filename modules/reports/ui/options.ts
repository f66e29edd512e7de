/**
 * A report's result as what is drawn: ECharts options for bar, line, area, pie and heatmap,
 * the figures of a KPI card, and the rows of the accessible table that every chart can switch
 * to. Pure functions (types only from echarts), so options.spec.ts checks them in node.
 */
import type { EChartsOption } from 'echarts'
import type { ReportColumn, ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import { formatCell, formatDimension, formatMeasure, formatPercent, pickLabel, type Lang } from './format.js'

/** A panel's presentation: the report's, with the panel's overrides on top. */
export function mergePresentation(report: ReportPresentation, panel?: Partial<ReportPresentation>): ReportPresentation {
  const merged: ReportPresentation = { ...report }
  for (const [k, v] of Object.entries(panel ?? {})) if (v !== undefined) (merged as any)[k] = v
  return merged
}

export const dimensionsOf = (result: ReportResult) => result.columns.filter((c) => c.role === 'dimension')

/** The measures drawn: `y` in its order (unknown keys left out), else every measure. */
export function measuresOf(result: ReportResult, y?: string[]): ReportColumn[] {
  const all = result.columns.filter((c) => c.role === 'measure')
  if (!y?.length) return all
  return y.flatMap((k) => all.filter((c) => c.key === k))
}

function column(result: ReportResult, key: string | undefined, fallback: number): ReportColumn | undefined {
  const dims = dimensionsOf(result)
  return (key ? dims.find((d) => d.key === key) : undefined) ?? dims[fallback]
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v))
const keyOf = (v: unknown) => (v === null || v === undefined ? '' : String(v))

/** Distinct values of a dimension: date buckets in time order (full day or week for hour_of_day and weekday), others as the rows come. */
export function axisValues(result: ReportResult, dim: ReportColumn, fill = false): unknown[] {
  if (fill && dim.bucket === 'hour_of_day') return Array.from({ length: 24 }, (_, i) => i)
  if (fill && dim.bucket === 'weekday') return [1, 2, 3, 4, 5, 6, 7]
  const seen = new Map<string, unknown>()
  for (const row of result.rows) if (!seen.has(keyOf(row[dim.key]))) seen.set(keyOf(row[dim.key]), row[dim.key])
  const values = [...seen.values()]
  if (dim.bucket) values.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : keyOf(a).localeCompare(keyOf(b))))
  return values
}

export interface SeriesModel {
  /** Category axis: the raw values and their names. */
  categories: { value: unknown; name: string }[]
  series: { key: string; name: string; column: ReportColumn; data: (number | null)[] }[]
}

/**
 * Categories and series of a bar, line, area or pie chart. With `series` (a dimension), one
 * series per value of it for the first measure; otherwise one series per measure. Rows that
 * share a category (a second dimension not drawn) are summed.
 */
export function seriesModel(presentation: ReportPresentation, result: ReportResult, lang: Lang): SeriesModel {
  const x = column(result, presentation.x, 0)
  const measures = measuresOf(result, presentation.y)
  if (!x || !measures.length) return { categories: [], series: [] }
  const values = axisValues(result, x)
  const index = new Map(values.map((v, i) => [keyOf(v), i]))
  const categories = values.map((value) => ({ value, name: formatDimension(result, x, value, lang) }))
  const split = presentation.series ? dimensionsOf(result).find((d) => d.key === presentation.series && d.key !== x.key) : undefined
  const add = (data: (number | null)[], i: number | undefined, v: unknown) => {
    const n = num(v)
    if (i === undefined || n === null) return
    data[i] = (data[i] ?? 0) + n
  }
  if (split) {
    const m = measures[0]!
    const series = axisValues(result, split).map((sv) => ({
      key: keyOf(sv),
      name: formatDimension(result, split, sv, lang),
      column: m,
      data: values.map(() => null as number | null),
    }))
    const byKey = new Map(series.map((s) => [s.key, s]))
    for (const row of result.rows) add(byKey.get(keyOf(row[split.key]))!.data, index.get(keyOf(row[x.key])), row[m.key])
    return { categories, series }
  }
  const series = measures.map((m) => ({ key: m.key, name: pickLabel(m.label, lang), column: m, data: values.map(() => null as number | null) }))
  for (const row of result.rows) for (const s of series) add(s.data, index.get(keyOf(row[x.key])), row[s.column.key])
  return { categories, series }
}

/** Colours with at least 3:1 contrast on white, told apart by people with the common colour blindnesses (Okabe–Ito, darkened). */
export const PALETTE = ['#0b5cad', '#d55e00', '#007a5e', '#a6317a', '#6b5800', '#3a6fb0', '#8c4a00', '#4d4d4d']

/** The words of ECharts' generated description (its own Ukrainian locale is not among its exported files). */
const ARIA_UK = {
  general: { withTitle: 'Діаграма «{title}»', withoutTitle: 'Діаграма' },
  series: {
    single: { prefix: '', withName: ', ряд «{seriesName}».', withoutName: '.' },
    multiple: { prefix: '. Рядів: {seriesCount}.', withName: ' Ряд {seriesId}: «{seriesName}».', withoutName: ' Ряд {seriesId}.', separator: { middle: '', end: '' } },
  },
  data: { allData: ' Дані: ', partialData: ' Перші {displayCnt} значень: ', withName: '{name} — {value}', withoutName: '{value}', separator: { middle: ', ', end: '. ' } },
}

function base(title: string, lang: Lang): EChartsOption {
  return {
    color: PALETTE,
    animation: false,
    // the card shows the title; here it names the chart for the aria description
    title: { text: title, show: false },
    aria: { enabled: true, decal: { show: false }, ...(lang === 'en' ? {} : { label: ARIA_UK }) },
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif' },
    tooltip: { confine: true },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  }
}

/** Whether a chart has anything to draw: some row with a value in a drawn measure (else "no data" is said instead). */
export function hasFigures(p: ReportPresentation, result: ReportResult): boolean {
  const measures = measuresOf(result, p.y)
  return result.rows.some((row) => measures.some((m) => num(row[m.key]) !== null))
}

/** ECharts options of a bar, line, area, pie or heatmap; undefined for table, kpi and map (drawn as HTML). */
export function chartOptions(presentation: ReportPresentation, result: ReportResult, lang: Lang, title: string, fontSize?: number): EChartsOption | undefined {
  const option = build(presentation, result, lang, title)
  return option && fontSize ? withFontSize(option, fontSize) : option
}

function build(presentation: ReportPresentation, result: ReportResult, lang: Lang, title: string): EChartsOption | undefined {
  switch (presentation.type) {
    case 'bar':
    case 'line':
    case 'area':
      return cartesian(presentation, result, lang, title)
    case 'pie':
      return pie(presentation, result, lang, title)
    case 'heatmap':
      return heatmap(presentation, result, lang, title)
    default:
      return undefined
  }
}

/** Larger text everywhere a chart writes (a wall screen): axes, legend, scale, labels, tooltip. */
export function withFontSize(option: EChartsOption, fontSize: number): EChartsOption {
  const o: any = { ...option, textStyle: { ...(option.textStyle as object), fontSize } }
  const axis = (a: any) => a && { ...a, axisLabel: { ...a.axisLabel, fontSize } }
  if (o.xAxis) o.xAxis = axis(o.xAxis)
  if (o.yAxis) o.yAxis = axis(o.yAxis)
  if (o.legend) o.legend = { ...o.legend, textStyle: { fontSize } }
  if (o.visualMap) o.visualMap = { ...o.visualMap, textStyle: { fontSize } }
  if (o.tooltip) o.tooltip = { ...o.tooltip, textStyle: { fontSize } }
  if (Array.isArray(o.series)) o.series = o.series.map((x: any) => ({ ...x, label: { ...x.label, fontSize } }))
  return o
}

function cartesian(p: ReportPresentation, result: ReportResult, lang: Lang, title: string): EChartsOption {
  const model = seriesModel(p, result, lang)
  const horizontal = p.type === 'bar' && !!p.horizontal
  const first = model.series[0]?.column
  // long names (a company's full legal name) are cut on a horizontal bar's axis, so the bars keep their room; the tooltip and the table have them whole
  const category = {
    type: 'category' as const,
    data: model.categories.map((c) => c.name),
    inverse: horizontal,
    axisLabel: horizontal ? { hideOverlap: true, width: 170, overflow: 'truncate' as const } : { hideOverlap: true },
  }
  // counts have no half steps: whole ticks only, each written as its own value needs
  const whole = model.series.every((s) => s.data.every((v) => v === null || Number.isInteger(v)))
  const value = {
    type: 'value' as const,
    minInterval: whole ? 1 : undefined,
    axisLabel: { formatter: (v: number) => formatMeasure(first && { ...first, digits: Number.isInteger(v) ? 0 : undefined }, v, lang) },
  }
  return {
    ...base(title, lang),
    legend: model.series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
    tooltip: { confine: true, trigger: 'axis', valueFormatter: (v) => formatMeasure(first, v as number, lang) },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: model.series.map((s) => ({
      type: p.type === 'bar' ? 'bar' : 'line',
      name: s.name,
      data: s.data,
      stack: p.stacked ? 'total' : undefined,
      areaStyle: p.type === 'area' ? { opacity: 0.25 } : undefined,
      showSymbol: p.type !== 'bar' ? model.categories.length <= 31 : undefined,
      connectNulls: false,
      emphasis: { focus: 'series' },
    })) as any,
  }
}

function pie(p: ReportPresentation, result: ReportResult, lang: Lang, title: string): EChartsOption {
  const model = seriesModel({ ...p, series: undefined }, result, lang)
  const s = model.series[0]
  return {
    ...base(title, lang),
    legend: { type: 'scroll', bottom: 0 },
    tooltip: { confine: true, trigger: 'item', valueFormatter: (v) => formatMeasure(s?.column, v as number, lang) },
    series: [
      {
        type: 'pie',
        name: s?.name,
        radius: ['32%', '58%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        // the legend names the slices; a label's name would be cut at a narrow card's edge
        label: { formatter: (item: any) => formatPercent(item.percent, lang, 1), overflow: 'none' },
        data: model.categories.map((c, i) => ({ name: c.name, value: s?.data[i] ?? 0 })),
      },
    ],
  }
}

/** Heatmap cells `[x, y, value]` over the x dimension (default the first) and y (`series`, default the second). */
export function heatmapModel(p: ReportPresentation, result: ReportResult, lang: Lang) {
  const x = column(result, p.x, 0)
  const y = p.series ? dimensionsOf(result).find((d) => d.key === p.series) : dimensionsOf(result).find((d) => d.key !== x?.key)
  const m = measuresOf(result, p.y)[0]
  if (!x || !y || !m) return undefined
  const xs = axisValues(result, x, true)
  const ys = axisValues(result, y, true)
  const xi = new Map(xs.map((v, i) => [keyOf(v), i]))
  const yi = new Map(ys.map((v, i) => [keyOf(v), i]))
  const cells = new Map<string, number>()
  for (const row of result.rows) {
    const i = xi.get(keyOf(row[x.key]))
    const j = yi.get(keyOf(row[y.key]))
    const n = num(row[m.key])
    if (i === undefined || j === undefined || n === null) continue
    cells.set(`${i}:${j}`, (cells.get(`${i}:${j}`) ?? 0) + n)
  }
  const data = [...cells].map(([k, v]) => [...k.split(':').map(Number), v] as [number, number, number])
  return {
    x: xs.map((v) => formatDimension(result, x, v, lang)),
    y: ys.map((v) => formatDimension(result, y, v, lang)),
    data,
    max: Math.max(0, ...data.map((d) => d[2])),
    measure: m,
  }
}

function heatmap(p: ReportPresentation, result: ReportResult, lang: Lang, title: string): EChartsOption {
  const model = heatmapModel(p, result, lang)
  if (!model) return { ...base(title, lang) }
  return {
    ...base(title, lang),
    grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
    tooltip: {
      confine: true,
      formatter: (params: any) => `${model.y[params.value[1]]}, ${model.x[params.value[0]]}: <b>${formatMeasure(model.measure, params.value[2], lang)}</b>`,
    },
    xAxis: { type: 'category', data: model.x, splitArea: { show: true } },
    yAxis: { type: 'category', data: model.y, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: model.max || 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      text: [formatMeasure(model.measure, model.max, lang), formatMeasure(model.measure, 0, lang)],
      inRange: { color: ['#eef4fb', '#0b5cad', '#0a2a50'] },
      formatter: (v: any) => formatMeasure(model.measure, Number(v), lang),
    },
    series: [{ type: 'heatmap', name: pickLabel(model.measure.label, lang), data: model.data, label: { show: model.x.length * model.y.length <= 84, fontSize: 11 } }],
  }
}

export interface KpiFigure {
  key: string
  label: string
  value: number | null
  text: string
  /** With `compare`: the previous period's value and the change. */
  previous?: { value: number | null; text: string; diff: number | null; diffText: string; pct: number | null; pctText: string }
  direction: 'up' | 'down' | 'flat' | null
  /** Whether the change is good news (`better`: higher by default). */
  tone: 'good' | 'bad' | 'neutral'
}

/** The big numbers of a KPI card: the first row's measures, compared with `result.previous` when there is one. */
export function kpiFigures(p: ReportPresentation, result: ReportResult, lang: Lang): KpiFigure[] {
  const row = result.rows[0] ?? {}
  return measuresOf(result, p.y).map((m) => {
    const value = num(row[m.key])
    const figure: KpiFigure = { key: m.key, label: pickLabel(m.label, lang), value, text: formatMeasure(m, value, lang), direction: null, tone: 'neutral' }
    if (!result.previous) return figure
    const before = num(result.previous.row[m.key])
    const diff = value !== null && before !== null ? value - before : null
    const pct = diff !== null && before ? (diff / Math.abs(before)) * 100 : null
    const sign = (n: number | null) => (n !== null && n > 0 ? '+' : '')
    const diffText =
      diff === null
        ? '—'
        : `${sign(diff)}${formatMeasure(m.type === 'percent' ? { ...m, type: 'number', digits: m.digits ?? 1 } : m, diff, lang)}${m.type === 'percent' ? (lang === 'en' ? ' pp' : ' п. п.') : ''}`
    figure.previous = {
      value: before,
      text: formatMeasure(m, before, lang),
      diff,
      diffText,
      pct,
      pctText: pct === null ? '' : `${sign(pct)}${formatMeasure({ type: 'percent', digits: 1 }, pct, lang)}`,
    }
    figure.direction = diff === null ? null : diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat'
    const better = p.better ?? 'higher'
    figure.tone = !diff ? 'neutral' : diff > 0 === (better === 'higher') ? 'good' : 'bad'
    return figure
  })
}

export interface TableModel {
  columns: { key: string; label: string; numeric: boolean; hidden: boolean }[]
  rows: { key: string; cells: string[] }[]
}

/** The result as a table's text: every column by its label, cells as `formatCell` names them. */
export function tableModel(result: ReportResult, lang: Lang): TableModel {
  return {
    columns: result.columns.map((c) => ({ key: c.key, label: pickLabel(c.label, lang) || c.key, numeric: c.role === 'measure', hidden: !!c.hidden })),
    rows: result.rows.map((row, i) => ({ key: String(i), cells: result.columns.map((c) => formatCell(result, c, row[c.key], lang)) })),
  }
}
