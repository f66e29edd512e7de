/**
 * The figures an export or a delivery shows: one report's result, or each panel of a
 * dashboard, computed by the report engine as the given user (their row scope applies to every
 * figure). The engine's `runReport(op, key, params)` (core/reports/run.ts) is found at the
 * first call; `useReportRunner` puts another in its place (specs, or a wiring of its own).
 */
import type { OpContext } from '#core/records/context'
import type { DashboardDoc, ReportDoc, ReportParameter, ReportResult } from '#core/shared/reports'
import { expandRoles, isAdmin } from '#core/permissions/policy'
import { Problem } from '#core/errors/problem'
import { labelText, type ExportLocale, type ExportPanel } from './format.js'

export type RunReport = (op: OpContext, key: string, params?: Record<string, unknown>) => Promise<ReportResult>

let runner: RunReport | undefined

/** Uses `run` to compute reports (instead of core/reports/run.ts). */
export function useReportRunner(run: RunReport | undefined) {
  runner = run
}

async function run(op: OpContext, key: string, params: Record<string, unknown>): Promise<ReportResult> {
  if (!runner) {
    // a specifier in a variable: this module builds before the report engine exists
    const path = '#core/reports/run'
    const engineModule = (await import(path)) as { runReport?: RunReport }
    if (!engineModule.runReport) throw new Error('core/reports/run.ts exports no runReport')
    runner = engineModule.runReport
  }
  return runner(op, key, params)
}

/** What to export: a report or a dashboard, with parameter values. */
export interface ExportSource {
  report?: string
  dashboard?: string
  params?: Record<string, unknown>
}

/** Whether the actor sees the dashboard: admins always, else one of its roles (none listed: everyone). */
export function seesDashboard(op: OpContext, doc: DashboardDoc): boolean {
  if (isAdmin(op.set, op.actor) || !doc.roles?.length) return true
  const mine = new Set(expandRoles(op.set, op.actor.roles).map((r) => r.key))
  return doc.roles.some((r) => mine.has(r))
}

function notFoundAt(pointer: string, what: string) {
  return new Problem('not-found', [{ pointer, message: `no ${what}`, code: 'not_found' }])
}

/**
 * The panels of `source` with their results and the document's title. A dashboard's
 * parameter values (else its defaults) go to each panel whose report declares the same key;
 * a panel's own `params` win.
 */
export async function resultsOf(op: OpContext, source: ExportSource, locale: ExportLocale): Promise<{ title: string; panels: ExportPanel[] }> {
  const params = source.params ?? {}
  if (source.report) {
    const doc = op.set.get<ReportDoc>('report', source.report)
    if (!doc) throw notFoundAt('/report', `report "${source.report}"`)
    const result = await run(op, source.report, params)
    const title = labelText(doc.label, locale, doc.key)
    return { title, panels: [{ title, result }] }
  }
  const doc = source.dashboard ? op.set.get<DashboardDoc>('dashboard', source.dashboard) : undefined
  if (!doc || !seesDashboard(op, doc)) throw notFoundAt('/dashboard', `dashboard "${source.dashboard}"`)
  const shared: Record<string, unknown> = {}
  for (const p of doc.parameters ?? []) {
    const value = params[p.key] ?? p.default
    if (value !== undefined) shared[p.key] = value
  }
  const panels: ExportPanel[] = []
  // one after another: the panels share the caller's connection (one on the embedded database)
  for (const panel of [...doc.panels].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const report = op.set.get<ReportDoc>('report', panel.report)
    if (!report) continue
    const declared = new Set((report.parameters ?? []).map((p: ReportParameter) => p.key))
    const values = Object.fromEntries(Object.entries(shared).filter(([k]) => declared.has(k)))
    const result = await run(op, panel.report, { ...values, ...panel.params })
    panels.push({ title: panel.title ?? report.label, result })
  }
  return { title: labelText(doc.label, locale, doc.key), panels }
}
