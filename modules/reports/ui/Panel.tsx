import { useEffect, useId, useMemo, useRef, useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Label } from '../../../core/shared/metadata.js'
import type { DashboardPanel, ReportParameter, ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { formatDateTime, useLabel } from '../../../core/ui/src/labels.js'
import { runReport } from './api.js'
import { mergePresentation } from './options.js'
import { formatPeriod } from './format.js'
import { panelParams } from './params.js'
import { ExportMenu } from './ExportMenu.js'
import { ReportChart, TableToggle, hasTableToggle } from './ReportChart.js'

/** What a panel needs of its report: the report document or its entry in `reports.list`. */
export interface PanelReport {
  key: string
  label: Label
  presentation: ReportPresentation
  parameters?: ReportParameter[]
}

interface Props {
  panel: Pick<DashboardPanel, 'report' | 'title' | 'presentation' | 'params'>
  report: PanelReport | undefined
  /** The dashboard's parameter values. */
  values: Record<string, unknown>
  /** Changes when the report's figures may have changed (a live event, a reconnect). */
  refresh: number
  style?: CSSProperties
  /** The charts' text size in px (a wall screen). */
  fontSize?: number
}

/**
 * One card of a dashboard: the title, the chart (or its table), when the figures were
 * computed, the export links; runs its report with the parameters it declares.
 */
export function Panel({ panel, report, values, refresh, style, fontSize }: Props) {
  const { t, i18n } = useTranslation()
  const label = useLabel()
  const [result, setResult] = useState<ReportResult>()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(true)
  const [asTable, setAsTable] = useState(false)
  const params = useMemo(() => panelParams(report?.parameters, panel, values), [report, panel, values])
  const paramsKey = JSON.stringify(params)
  const request = useRef(0)
  const title = label(panel.title ?? report?.label, panel.report)
  const presentation = useMemo(() => report && mergePresentation(report.presentation, panel.presentation), [report, panel.presentation])
  const headingId = `panel-${useId()}`

  useEffect(() => {
    if (!report) return
    const mine = ++request.current
    setBusy(true)
    runReport(report.key, params)
      .then((r) => mine === request.current && (setResult(r), setError(undefined)))
      .catch((e) => mine === request.current && setError(e))
      .finally(() => mine === request.current && setBusy(false))
    // `report` changes only when the dashboard is loaded again (a new metadata revision): run it anew
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [report, paramsKey, refresh])

  return (
    <section className="report-panel" style={style} aria-labelledby={headingId} aria-busy={busy} data-report={panel.report}>
      <header className="report-panel-head">
        <h2 id={headingId}>{title}</h2>
        {presentation && hasTableToggle(presentation.type) && result?.rows.length ? <TableToggle pressed={asTable} onToggle={() => setAsTable(!asTable)} /> : null}
        {report && <ExportMenu target={{ report: report.key }} params={params} />}
      </header>
      {result?.period && <p className="report-period-hint muted small">{formatPeriod(result.period, i18n.language)}</p>}
      <div className="report-panel-body">
        {!report ? (
          <p className="alert error" role="alert">
            {t('reports.missing', { key: panel.report })}
          </p>
        ) : error ? (
          <ProblemAlert error={error} />
        ) : result && presentation ? (
          <ReportChart presentation={presentation} result={result} title={title} asTable={asTable} fontSize={fontSize} />
        ) : (
          <p className="muted report-note" role="status">
            {t('reports.loading')}
          </p>
        )}
      </div>
      {result && (
        <p className="report-computed muted small">
          {t(result.cached ? 'reports.computedCached' : 'reports.computed', { time: formatDateTime(result.computedAt, i18n.language) })}
          {busy && <span className="sr-only"> {t('reports.loading')}</span>}
        </p>
      )}
    </section>
  )
}
