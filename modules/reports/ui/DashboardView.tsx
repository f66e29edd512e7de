import { useCallback, useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react'
import { useLocation, useSearch } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { DashboardDoc, ReportDoc } from '../../../core/shared/reports.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { onMetadataRevision } from '../../../core/ui/src/api/realtime.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { loadDashboard } from './api.js'
import { paramsFromQuery, queryFromParams, withDefaults } from './params.js'
import { useLiveReports } from './useLiveReports.js'
import { ParamsBar } from './ParamsBar.js'
import { Panel } from './Panel.js'
import './reports.css'

interface Props {
  dashboardKey: string
  /** `wall`: large type for a wall screen (the mayor's report). */
  variant?: 'wall'
  /** Buttons of the header (the mayor's PDF). */
  actions?(values: Record<string, unknown>): ReactNode
  /** Also refetch every panel on this clock (a wall screen: "today" moves on at midnight). */
  refreshEveryMs?: number
}

/**
 * A dashboard: its parameters above a 12-column grid of panels placed by the document (one
 * column on a phone). The parameters live in the URL; each panel refetches, after the
 * dashboard's debounce, when its report's figures change (live) and after a reconnect.
 */
export function DashboardView({ dashboardKey, variant, actions, refreshEveryMs }: Props) {
  const { t } = useTranslation()
  const label = useLabel()
  const [data, setData] = useState<{ dashboard: DashboardDoc; reports: Record<string, ReportDoc> }>()
  const [error, setError] = useState<unknown>()
  const [location, navigate] = useLocation()
  const search = useSearch()

  const load = useCallback(
    () =>
      loadDashboard(dashboardKey).then(
        (d) => (setData(d), setError(undefined)),
        (e) => setError(e)
      ),
    [dashboardKey]
  )
  useEffect(() => void load(), [load])
  // an edited dashboard reaches open screens: a newer metadata revision → the document again
  useEffect(() => onMetadataRevision((revision) => revision !== null && void load()), [load])

  const dashboard = data?.dashboard
  const parameters = useMemo(() => dashboard?.parameters ?? [], [dashboard])
  const values = useMemo(() => withDefaults(parameters, paramsFromQuery(parameters, search)), [parameters, search])
  const setValues = (next: Record<string, unknown>) => navigate(`${location}${queryFromParams(parameters, next, search)}`, { replace: true })
  const panels = useMemo(() => [...(dashboard?.panels ?? [])].sort((a, b) => a.y - b.y || a.x - b.x), [dashboard])
  const ticks = useLiveReports(
    panels.map((p) => p.report),
    dashboard?.refreshDebounceMs ?? 2000
  )
  const [clock, setClock] = useState(0)
  useEffect(() => {
    if (!refreshEveryMs) return
    const timer = setInterval(() => setClock((n) => n + 1), refreshEveryMs)
    return () => clearInterval(timer)
  }, [refreshEveryMs])
  const reports = useMemo(() => Object.values(data?.reports ?? {}), [data])

  return (
    <div className={`dashboard${variant ? ` dashboard-${variant}` : ''}`}>
      <div className="toolbar dashboard-head">
        <h1>{dashboard ? label(dashboard.label) : t('reports.dashboard')}</h1>
        <span className="muted small live-mark">● {t('reports.live')}</span>
        <span className="spacer" />
        {actions?.(values)}
      </div>
      {dashboard?.description && <p className="muted dashboard-description">{label(dashboard.description)}</p>}
      <ProblemAlert error={error} />
      {dashboard && (
        <>
          <ParamsBar parameters={parameters} values={values} onChange={setValues} reports={reports} />
          <div className="dashboard-grid">
            {panels.map((p, i) => (
              <Panel
                key={`${p.report}:${i}`}
                panel={p}
                report={data!.reports[p.report]}
                values={values}
                refresh={(ticks[p.report] ?? 0) + clock}
                fontSize={variant === 'wall' ? 16 : undefined}
                style={{ '--x': p.x + 1, '--y': p.y + 1, '--w': p.w, '--h': p.h } as CSSProperties}
              />
            ))}
          </div>
          {!panels.length && <p className="empty">{t('reports.noPanels')}</p>}
        </>
      )}
    </div>
  )
}
