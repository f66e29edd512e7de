/**
 * The figures an export or a delivery shows: one report's result, or each panel of a
 * dashboard, computed by the report engine as the given user (their row scope applies to every
 * figure). Through the module's own declared actions — `reports.run` {report, params} and
 * `reports.dashboard` {key} — so the engine's access rules, parameter checks (422 at
 * `/params/…`) and cache apply exactly as on screen.
 */
import type { OpContext } from '#core/records/context'
import type { DashboardDoc, ReportDoc, ReportParameter, ReportResult } from '#core/shared/reports'
import { callAction } from '#core/modules/actions'
import { Problem } from '#core/errors/problem'
import { labelText, type ExportLocale, type ExportPanel } from './format.js'

const runReport = (op: OpContext, key: string, params: Record<string, unknown>) => callAction<ReportResult>(op, 'reports.run', { report: key, params })
const openDashboard = (op: OpContext, key: string) => callAction<{ dashboard: DashboardDoc; reports: Record<string, ReportDoc> }>(op, 'reports.dashboard', { key })

/** What to export: a report or a dashboard, with parameter values. */
export interface ExportSource {
  report?: string
  dashboard?: string
  params?: Record<string, unknown>
}

function notFoundAt(pointer: string, what: string) {
  return new Problem('not-found', [{ pointer, message: `no ${what}`, code: 'not_found' }])
}

/**
 * The panels of `source` with their results and the document's title. A dashboard's
 * parameter values (else its defaults) go to each panel whose report declares the same key;
 * a panel's own `params` win. Panels whose report the user may not run are left out.
 */
export async function resultsOf(op: OpContext, source: ExportSource, locale: ExportLocale): Promise<{ title: string; panels: ExportPanel[] }> {
  const params = source.params ?? {}
  if (source.report) {
    const doc = op.set.get<ReportDoc>('report', source.report)
    if (!doc) throw notFoundAt('/report', `report "${source.report}"`)
    const result = await runReport(op, source.report, params)
    const title = labelText(doc.label, locale, doc.key)
    return { title, panels: [{ title, result }] }
  }
  if (!source.dashboard || !op.set.get('dashboard', source.dashboard)) throw notFoundAt('/dashboard', `dashboard "${source.dashboard}"`)
  const { dashboard: doc, reports } = await openDashboard(op, source.dashboard)
  const shared: Record<string, unknown> = {}
  for (const p of doc.parameters ?? []) {
    const value = params[p.key] ?? p.default
    if (value !== undefined) shared[p.key] = value
  }
  const panels: ExportPanel[] = []
  // one after another: the panels share the caller's connection (one on the embedded database)
  for (const panel of [...doc.panels].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const report = reports[panel.report]
    if (!report) continue
    const declared = new Set((report.parameters ?? []).map((p: ReportParameter) => p.key))
    const values = Object.fromEntries(Object.entries(shared).filter(([k]) => declared.has(k)))
    const result = await runReport(op, panel.report, { ...values, ...panel.params })
    panels.push({ title: panel.title ?? report.label, result })
  }
  return { title: labelText(doc.label, locale, doc.key), panels }
}
