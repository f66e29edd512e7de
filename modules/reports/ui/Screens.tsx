import { useEffect, useMemo, type CSSProperties } from 'react'
import { Link, useLocation, useSearch } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { loadCatalog, useCatalog } from './api.js'
import { DashboardView } from './DashboardView.js'
import { ParamsBar } from './ParamsBar.js'
import { Panel } from './Panel.js'
import { paramsFromQuery, queryFromParams, withDefaults } from './params.js'
import { useLiveReports } from './useLiveReports.js'
import { ExportButton } from './ExportMenu.js'
import './reports.css'

/** The screens of the reports, loaded with the first of them (dashboard.screen.tsx, mayor.screen.tsx register them). */
/** The dashboards and reports this user may open. */
export function DashboardList() {
  const { t } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const catalog = useCatalog(boot)
  useEffect(() => loadCatalog(boot), [boot])
  const byLabel = <T extends { label: { uk: string; en?: string } }>(list: T[]) => [...list].sort((a, b) => label(a.label).localeCompare(label(b.label), 'uk'))
  return (
    <div className="dashboards">
      <div className="toolbar">
        <h1>{t('reports.title')}</h1>
      </div>
      {!catalog ? (
        <p className="muted" role="status">
          {t('reports.loading')}
        </p>
      ) : (
        <div className="dashboards-lists">
          <section aria-labelledby="dashboards-h">
            <h2 id="dashboards-h">{t('reports.dashboards')}</h2>
            {catalog.dashboards.length ? (
              <ul className="report-links">
                {byLabel(catalog.dashboards).map((d) => (
                  <li key={d.key}>
                    <Link href={d.key === 'mayor' ? '/mayor' : `/dashboards/${d.key}`}>{label(d.label)}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{t('reports.noDashboards')}</p>
            )}
          </section>
          <section aria-labelledby="reports-h">
            <h2 id="reports-h">{t('reports.reports')}</h2>
            {catalog.reports.length ? (
              <ul className="report-links">
                {byLabel(catalog.reports).map((r) => (
                  <li key={r.key}>
                    <Link href={`/reports/${r.key}`}>{label(r.label)}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{t('reports.noReports')}</p>
            )}
          </section>
        </div>
      )}
    </div>
  )
}

export function DashboardScreen({ params }: { params: Record<string, string | undefined> }) {
  return <DashboardView key={params.key} dashboardKey={params.key!} />
}

/** One report on its own, full width, with its own parameters. */
export function ReportScreen({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const catalog = useCatalog(boot)
  useEffect(() => loadCatalog(boot), [boot])
  const report = catalog?.reports.find((r) => r.key === params.key)
  const [location, navigate] = useLocation()
  const search = useSearch()
  const parameters = useMemo(() => report?.parameters ?? [], [report])
  const values = useMemo(() => withDefaults(parameters, paramsFromQuery(parameters, search)), [parameters, search])
  const ticks = useLiveReports(report ? [report.key] : [])
  const panel = useMemo(() => ({ report: params.key! }), [params.key])
  return (
    <div className="dashboard">
      <div className="toolbar dashboard-head">
        <Link href="/dashboards">{t('reports.title')}</Link>
        <span aria-hidden="true">›</span>
        <h1>{report ? label(report.label) : params.key}</h1>
        <span className="muted small live-mark">● {t('reports.live')}</span>
      </div>
      {catalog && !report && (
        <p className="alert error" role="alert">
          {t('reports.missing', { key: params.key })}
        </p>
      )}
      {report && (
        <>
          <ParamsBar parameters={parameters} values={values} onChange={(v) => navigate(`${location}${queryFromParams(parameters, v, search)}`, { replace: true })} reports={[report]} />
          <div className="dashboard-grid">
            <Panel panel={panel} report={report} values={values} refresh={ticks[report.key] ?? 0} style={{ '--x': 1, '--y': 1, '--w': 12, '--h': 6 } as CSSProperties} />
          </div>
        </>
      )}
    </div>
  )
}

/** Wall screens also refresh on a clock: "today" moves on at midnight even when nothing changes. */
const CLOCK_REFRESH_MS = 5 * 60_000

/**
 * The Mayor's report: the dashboard `mayor`, in large high-contrast type for a wall screen
 * (panels stacked on a phone), live, with its PDF.
 */
export function MayorReport() {
  const { t } = useTranslation()
  return (
    <DashboardView
      dashboardKey="mayor"
      variant="wall"
      refreshEveryMs={CLOCK_REFRESH_MS}
      actions={(values) => <ExportButton target={{ dashboard: 'mayor' }} params={values} format="pdf" label={t('reports.pdf')} />}
    />
  )
}
