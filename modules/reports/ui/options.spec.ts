import type { ReportColumn, ReportResult } from '../../../core/shared/reports.js'
import { axisValues, chartOptions, hasFigures, heatmapModel, kpiFigures, mergePresentation, seriesModel, tableModel } from './options.js'

const NBSP = '\u00a0'
const dim = (key: string, extra: Partial<ReportColumn> = {}): ReportColumn => ({ key, label: { uk: key, en: key }, role: 'dimension', type: 'reference', ...extra })
const measure = (key: string, uk: string, extra: Partial<ReportColumn> = {}): ReportColumn => ({ key, label: { uk, en: key }, role: 'measure', type: 'number', ...extra })
const result = (columns: ReportColumn[], rows: Array<Record<string, unknown>>, extra: Partial<ReportResult> = {}): ReportResult => ({
  report: 'r',
  columns,
  rows,
  labels: {},
  params: {},
  truncated: false,
  computedAt: '2026-03-10T12:00:00Z',
  cached: false,
  ...extra,
})

/** Requests per month by contractor: the shape of a stacked bar. */
const byMonth = result(
  [dim('month', { type: 'bucket', bucket: 'month' }), dim('contractor'), measure('count', 'Кількість'), measure('overdue', 'Прострочено')],
  [
    { month: '2026-02-01', contractor: 'w', count: 10, overdue: 1 },
    { month: '2026-01-01', contractor: 'w', count: 1200, overdue: 3 },
    { month: '2026-01-01', contractor: 'h', count: 5, overdue: 0 },
    { month: '2026-03-01', contractor: null, count: 2, overdue: null },
  ],
  { labels: { contractor: { w: 'Водоканал', h: { uk: 'Тепломережа', en: 'Heating' } } } }
)

describe('report chart options', () => {
  it('merges a panel presentation over the report one, ignoring undefined overrides', () => {
    expect(mergePresentation({ type: 'bar', stacked: true, y: ['a'] }, { type: 'line', y: undefined })).toEqual({ type: 'line', stacked: true, y: ['a'] })
  })

  it('puts date buckets in time order and fills the hours and weekdays of a heatmap', () => {
    expect(axisValues(byMonth, byMonth.columns[0]!)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01'])
    expect(axisValues(byMonth, dim('h', { bucket: 'hour_of_day' }), true).length).toBe(24)
    // a non-bucket dimension keeps the rows' order (a ranking)
    expect(axisValues(byMonth, byMonth.columns[1]!)).toEqual(['w', 'h', null])
  })

  it('draws one series per measure, rows sharing a category summed, with Ukrainian month names', () => {
    const m = seriesModel({ type: 'bar' }, byMonth, 'uk')
    expect(m.categories.map((c) => c.name)).toEqual(['січ. 2026', 'лют. 2026', 'бер. 2026'])
    expect(m.series.map((s) => s.name)).toEqual(['Кількість', 'Прострочено'])
    expect(m.series[0]!.data).toEqual([1205, 10, 2])
    expect(m.series[1]!.data).toEqual([3, 1, null])
  })

  it('splits a measure into series by a dimension, named by the labels', () => {
    const m = seriesModel({ type: 'bar', series: 'contractor', y: ['count'] }, byMonth, 'en')
    expect(m.categories.map((c) => c.name)).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026'])
    expect(m.series.map((s) => s.name)).toEqual(['Водоканал', 'Heating', '—'])
    expect(m.series[0]!.data).toEqual([1200, 10, null])
    expect(m.series[1]!.data).toEqual([5, null, null])
    expect(m.series[2]!.data).toEqual([null, null, 2])
  })

  it('builds a stacked bar with a legend, aria on, and Ukrainian numbers in the tooltip', () => {
    const o: any = chartOptions({ type: 'bar', series: 'contractor', stacked: true }, byMonth, 'uk', 'Звернення за місяцями')
    expect(o.aria.enabled).toBe(true)
    expect(o.title.text).toBe('Звернення за місяцями')
    expect(o.legend).toBeDefined()
    expect(o.xAxis.type).toBe('category')
    expect(o.xAxis.data).toEqual(['січ. 2026', 'лют. 2026', 'бер. 2026'])
    expect(o.series.every((s: any) => s.type === 'bar' && s.stack === 'total')).toBe(true)
    expect(o.tooltip.valueFormatter(1200)).toBe(`1${NBSP}200`)
    // counts: whole ticks on the value axis, a fractional tick (a ratio) keeps its digit
    expect(o.yAxis.minInterval).toBe(1)
    expect(o.yAxis.axisLabel.formatter(1500)).toBe(`1${NBSP}500`)
    expect(o.yAxis.axisLabel.formatter(2.5)).toBe('2,5')
  })

  it('turns a horizontal bar into a ranking: categories on the y axis, first row on top', () => {
    const o: any = chartOptions({ type: 'bar', horizontal: true, x: 'contractor', y: ['count'] }, byMonth, 'uk', 'Рейтинг')
    expect(o.yAxis.type).toBe('category')
    expect(o.yAxis.inverse).toBe(true)
    expect(o.yAxis.data).toEqual(['Водоканал', 'Тепломережа', '—'])
    expect(o.xAxis.type).toBe('value')
    expect(o.legend).toBeUndefined()
    expect(o.series[0].data).toEqual([1210, 5, 2])
  })

  it('draws lines and areas, the area filled', () => {
    const line: any = chartOptions({ type: 'line', y: ['count'] }, byMonth, 'uk', 'Лінія')
    const area: any = chartOptions({ type: 'area', y: ['count'] }, byMonth, 'uk', 'Площа')
    expect(line.series[0].type).toBe('line')
    expect(line.series[0].areaStyle).toBeUndefined()
    expect(area.series[0].type).toBe('line')
    expect(area.series[0].areaStyle).toBeDefined()
  })

  it('draws a pie of the first measure by the x dimension', () => {
    const o: any = chartOptions({ type: 'pie', x: 'contractor' }, byMonth, 'uk', 'Частки')
    expect(o.series[0].type).toBe('pie')
    expect(o.series[0].data).toEqual([
      { name: 'Водоканал', value: 1210 },
      { name: 'Тепломережа', value: 5 },
      { name: '—', value: 2 },
    ])
  })

  it('lays a heatmap over hours of day and Ukrainian weekdays', () => {
    const heat = result(
      [dim('hour', { type: 'bucket', bucket: 'hour_of_day' }), dim('day', { type: 'bucket', bucket: 'weekday' }), measure('calls', 'Дзвінки')],
      [
        { hour: 9, day: 1, calls: 40 },
        { hour: 9, day: 1, calls: 2 },
        { hour: 23, day: 7, calls: 3 },
      ]
    )
    const model = heatmapModel({ type: 'heatmap' }, heat, 'uk')!
    expect(model.x.length).toBe(24)
    expect(model.x[9]).toBe('09:00')
    expect(model.y).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Нд'])
    expect(model.data).toContain([9, 0, 42])
    expect(model.data).toContain([23, 6, 3])
    expect(model.max).toBe(42)
    const o: any = chartOptions({ type: 'heatmap' }, heat, 'uk', 'Навантаження')
    expect(o.series[0].type).toBe('heatmap')
    expect(o.visualMap.max).toBe(42)
    expect(o.tooltip.formatter({ value: [9, 0, 42] })).toBe('Пн, 09:00: <b>42</b>')
  })

  it('writes larger everywhere for a wall screen', () => {
    const o: any = chartOptions({ type: 'bar', series: 'contractor' }, byMonth, 'uk', 'Стіна', 18)
    expect([o.textStyle.fontSize, o.xAxis.axisLabel.fontSize, o.yAxis.axisLabel.fontSize, o.legend.textStyle.fontSize, o.series[0].label.fontSize]).toEqual([18, 18, 18, 18, 18])
    // the rest of the axis stays
    expect(o.xAxis.data).toEqual(['січ. 2026', 'лют. 2026', 'бер. 2026'])
    expect((chartOptions({ type: 'bar' }, byMonth, 'uk', 'Стіл') as any).xAxis.axisLabel.fontSize).toBeUndefined()
  })

  it('tells a chart with figures from one whose drawn measures are all empty', () => {
    expect(hasFigures({ type: 'bar' }, byMonth)).toBe(true)
    expect(hasFigures({ type: 'bar', y: ['overdue'] }, result(byMonth.columns, [{ month: '2026-01-01', overdue: null }]))).toBe(false)
    expect(hasFigures({ type: 'bar' }, result(byMonth.columns, []))).toBe(false)
  })

  it('leaves table, kpi and map to HTML', () => {
    for (const type of ['table', 'kpi', 'map'] as const) expect(chartOptions({ type }, byMonth, 'uk', 't')).toBeUndefined()
  })

  it('compares a KPI with the previous period, coloured by which way is better', () => {
    const kpi = result([measure('open', 'Відкриті'), measure('sla', 'У строк', { type: 'percent', digits: 1 })], [{ open: 1320, sla: 91.5 }], {
      previous: { period: { from: '2026-02-01', to: '2026-02-28' }, row: { open: 1200, sla: 93 } },
    })
    const [open, sla] = kpiFigures({ type: 'kpi', compare: 'previous_period', better: 'lower' }, kpi, 'uk')
    expect(open!.text).toBe(`1${NBSP}320`)
    expect(open!.direction).toBe('up')
    expect(open!.tone).toBe('bad')
    expect(open!.previous!.diffText).toBe('+120')
    expect(open!.previous!.pctText).toBe('+10,0 %')
    expect(sla!.text).toBe('91,5 %')
    expect(sla!.direction).toBe('down')
    expect(sla!.tone).toBe('good')
    expect(sla!.previous!.diffText).toBe('-1,5 п. п.')
    const [higher] = kpiFigures({ type: 'kpi' }, kpi, 'en')
    expect(higher!.tone).toBe('good')
    expect(higher!.label).toBe('open')
  })

  it('gives a KPI without a previous period or figures no comparison', () => {
    const [plain] = kpiFigures({ type: 'kpi' }, result([measure('n', 'N')], []), 'uk')
    expect(plain!.text).toBe('—')
    expect(plain!.previous).toBeUndefined()
    expect(plain!.tone).toBe('neutral')
    const flat = kpiFigures({ type: 'kpi' }, result([measure('n', 'N')], [{ n: 0 }], { previous: { period: { from: 'a', to: 'b' }, row: { n: 0 } } }), 'uk')[0]!
    expect(flat.direction).toBe('flat')
    expect(flat.previous!.pctText).toBe('')
  })

  it('makes the accessible table from every column, cells named and numbers formatted', () => {
    const t = tableModel(byMonth, 'uk')
    expect(t.columns.map((c) => [c.label, c.numeric])).toEqual([
      ['month', false],
      ['contractor', false],
      ['Кількість', true],
      ['Прострочено', true],
    ])
    expect(t.rows[1]!.cells).toEqual(['січ. 2026', 'Водоканал', `1${NBSP}200`, '3'])
    expect(t.rows[3]!.cells).toEqual(['бер. 2026', '—', '2', '—'])
  })
})
