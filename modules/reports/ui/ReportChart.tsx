import { Suspense, lazy, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import { chartOptions, hasFigures, kpiFigures, tableModel } from './options.js'
import { formatPeriod } from './format.js'
import { mapView } from './mapView.js'

// echarts is loaded with the first chart, not with the app
const EChart = lazy(() => import('./EChart.js'))

interface Props {
  presentation: ReportPresentation
  result: ReportResult
  /** The panel's title: the chart's accessible name and the table's caption. */
  title: string
  /** Set by a host that draws the "Table" toggle itself (a dashboard panel's header); else the chart draws it. */
  asTable?: boolean
  /** Text size of the chart in px (a wall screen writes larger); ECharts' own when absent. */
  fontSize?: number
}

/** Whether a presentation has a chart to switch to a table (a table, a KPI, or a map without its component do not). */
export function hasTableToggle(type: ReportPresentation['type']): boolean {
  return type === 'map' ? !!mapView.Component : type !== 'table' && type !== 'kpi'
}

/** The "Table" toggle: a pressed button while the table shows. */
export function TableToggle({ pressed, onToggle }: { pressed: boolean; onToggle(): void }) {
  const { t } = useTranslation()
  return (
    <button type="button" className="table-toggle" aria-pressed={pressed} onClick={onToggle}>
      {t('reports.table')}
    </button>
  )
}

/**
 * A report's result as its presentation says: a table, KPI figures, a chart (bar, line, area,
 * pie, heatmap) or a map, with a "Table" toggle that shows the same figures as an HTML table.
 */
export function ReportChart({ presentation, result, title, asTable: hosted, fontSize }: Props) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const [own, setOwn] = useState(false)
  const asTable = hosted ?? own
  const option = useMemo(() => chartOptions(presentation, result, lang, title, fontSize), [presentation, result, lang, title, fontSize])
  const type = presentation.type
  // rows whose drawn measures are all empty (no rated request yet) draw nothing: say so, as the table does
  const empty = !hasFigures(presentation, result)

  if (type === 'kpi') return <Kpi presentation={presentation} result={result} title={title} />
  // in a dashboard panel the card's heading already shows the title
  const table = <ReportTable result={result} title={title} captionHidden={hosted !== undefined} />
  if (type === 'table') return table
  const MapComponent = mapView.Component
  return (
    <figure className={`report-chart chart-${type}`} aria-label={title}>
      {hosted === undefined && hasTableToggle(type) && (
        <div className="chart-tools">
          <TableToggle pressed={own} onToggle={() => setOwn(!own)} />
        </div>
      )}
      {asTable ? (
        table
      ) : empty ? (
        <p className="empty report-empty">{t('reports.empty')}</p>
      ) : type === 'map' ? (
        MapComponent ? (
          <MapComponent presentation={presentation} result={result} title={title} />
        ) : (
          <>
            <p className="muted report-note">{t('reports.noMap')}</p>
            {table}
          </>
        )
      ) : option ? (
        <Suspense fallback={<p className="muted report-note">{t('reports.loading')}</p>}>
          <EChart option={option} label={title} />
        </Suspense>
      ) : (
        table
      )}
    </figure>
  )
}

/** The figures as a table: caption, column headers, the first column heading each row. */
export function ReportTable({ result, title, captionHidden }: { result: ReportResult; title: string; captionHidden?: boolean }) {
  const { t, i18n } = useTranslation()
  const model = useMemo(() => tableModel(result, i18n.language), [result, i18n.language])
  if (!result.rows.length) return <p className="empty report-empty">{t('reports.empty')}</p>
  const rowHeader = !model.columns[0]?.numeric
  return (
    <div className="report-table-box" tabIndex={0} role="region" aria-label={title}>
      <table className="records report-table">
        <caption className={captionHidden ? 'sr-only' : undefined}>{title}</caption>
        <thead>
          <tr>
            {model.columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} title={c.hidden ? t('reports.hiddenColumn') : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((cell, i) =>
                i === 0 && rowHeader ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={model.columns[i]!.numeric ? 'num' : undefined}>
                    {cell}
                  </td>
                )
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {result.truncated && <p className="muted report-note">{t('reports.truncated', { count: result.rows.length })}</p>}
    </div>
  )
}

/** Big numbers with their label, and the change since the previous period: arrow, difference, percent. */
function Kpi({ presentation, result, title }: Props) {
  const { t, i18n } = useTranslation()
  const figures = useMemo(() => kpiFigures(presentation, result, i18n.language), [presentation, result, i18n.language])
  const arrow = { up: '▲', down: '▼', flat: '→' } as const
  return (
    <div className="report-kpis" role="group" aria-label={title}>
      {figures.map((f) => (
        <div key={f.key} className="kpi">
          <span className="kpi-value">{f.text}</span>
          <span className="kpi-label">{f.label}</span>
          {f.previous && f.previous.diff !== null && (
            <span className={`kpi-change kpi-${f.tone}`}>
              {f.direction && <span aria-hidden="true">{arrow[f.direction]} </span>}
              <span className="sr-only">{t(`reports.change.${f.direction ?? 'flat'}`)} </span>
              {f.previous.diffText}
              {f.previous.pctText && ` (${f.previous.pctText})`}
              <span className="kpi-previous muted"> {t('reports.previous', { period: formatPeriod(result.previous?.period, i18n.language), value: f.previous.text })}</span>
            </span>
          )}
        </div>
      ))}
    </div>
  )
}
