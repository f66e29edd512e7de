/** The report engine's actions (modules/reports) as the screens call them, and the catalog of what this user may open. */
import { useSyncExternalStore } from 'react'
import { get, post } from '../../../core/ui/src/api/client.js'
import type { UiBootstrap } from '../../../core/ui/src/types/bootstrap.js'
import type { Label } from '../../../core/shared/metadata.js'
import type { DashboardDoc, ReportDoc, ReportParameter, ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import { navigationChanged } from '../../../core/ui/src/extensions.js'

export interface ReportListItem {
  key: string
  label: Label
  entity: string
  presentation: ReportPresentation
  parameters?: ReportParameter[]
}
export interface DashboardListItem {
  key: string
  label: Label
  /** The dashboard is the start page of one of the caller's roles. */
  home?: boolean
}
export interface ReportCatalog {
  reports: ReportListItem[]
  dashboards: DashboardListItem[]
}

/** Some actions answer `{ data: … }`, others the object itself: accept both. */
const unwrap = <T>(body: any): T => (body && typeof body === 'object' && 'data' in body && Object.keys(body).length === 1 ? body.data : body)

export const runReport = (report: string, params: Record<string, unknown>) => post('/api/v1/actions/reports.run', { report, params }).then((b) => unwrap<ReportResult>(b))
export const listReports = () => get('/api/v1/actions/reports.list').then((b) => unwrap<ReportCatalog>(b))
export const loadDashboard = (key: string) =>
  get(`/api/v1/actions/reports.dashboard?key=${encodeURIComponent(key)}`).then((b) => unwrap<{ dashboard: DashboardDoc; reports: Record<string, ReportDoc> }>(b))

/**
 * What reports and dashboards this user may open, loaded once per bootstrap (user and metadata
 * revision): the navigation shows "Звіти" only when there is something in it.
 */
let catalog: { for: string; value?: ReportCatalog } | undefined
const listeners = new Set<() => void>()
const bootKey = (boot: UiBootstrap) => `${boot.user.id}:${boot.revision}`

export function catalogOf(boot: UiBootstrap): ReportCatalog | undefined {
  return catalog?.for === bootKey(boot) ? catalog.value : undefined
}

/** Loads the catalog for this bootstrap unless it is loaded or loading. */
export function loadCatalog(boot: UiBootstrap) {
  const key = bootKey(boot)
  if (catalog?.for === key) return
  catalog = { for: key }
  listReports()
    .then((value) => {
      if (catalog?.for !== key) return
      catalog = { for: key, value }
      listeners.forEach((l) => l())
      navigationChanged()
    })
    .catch(() => {
      // no reports module or no right to list: no entry, and no retry for this bootstrap
      if (catalog?.for === key) catalog = { for: key, value: { reports: [], dashboards: [] } }
    })
}

export function useCatalog(boot: UiBootstrap): ReportCatalog | undefined {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => void listeners.delete(l)),
    () => catalogOf(boot)
  )
}

export const hasRole = (boot: UiBootstrap, ...keys: string[]) => boot.roles.some((r) => keys.includes(r.key))
