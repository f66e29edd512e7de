/** The report engine's actions (modules/reports) as the screens call them, and the catalog of what this user may open. */
import { useSyncExternalStore } from 'react'
import { ApiError, get, post, writeHeaders } from '../../../core/ui/src/api/client.js'
import type { UiBootstrap } from '../../../core/ui/src/types/bootstrap.js'
import type { Label } from '../../../core/shared/metadata.js'
import type { DashboardDoc, ReportDoc, ReportParameter, ReportPresentation, ReportResult } from '../../../core/shared/reports.js'
import { navigationChanged } from '../../../core/ui/src/extensions.js'
import { fileNameOf } from './params.js'

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

export type ExportFormat = 'csv' | 'xlsx' | 'pdf'
export type ExportTarget = { report: string } | { dashboard: string }

/** Downloads a report's or a dashboard's figures (`reports.export`, a POST that answers the file). */
export async function downloadExport(target: ExportTarget, params: Record<string, unknown>, format: ExportFormat) {
  const res = await fetch('/api/v1/actions/reports.export', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...writeHeaders(), accept: '*/*', 'content-type': 'application/json' },
    body: JSON.stringify({ ...target, params, format }),
  })
  if (!res.ok) {
    const problem = await res.json().catch(() => ({ type: 'about:blank', title: res.statusText || String(res.status), status: res.status }))
    throw new ApiError(res.status, problem)
  }
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = fileNameOf(res.headers.get('content-disposition'), `${'report' in target ? target.report : target.dashboard}.${format}`)
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

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
