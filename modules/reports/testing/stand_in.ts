/**
 * For specs of the exports and deliveries: a report engine that answers what the spec says
 * (its `run`), and — while the report engine's module is not installed — stand-in kinds
 * `report` and `dashboard` that take any document, so specs can publish them.
 */
import type { OpContext } from '#core/records/context'
import type { DashboardDoc, ReportDoc, ReportResult } from '#core/shared/reports'
import { notFound } from '#core/errors/problem'
import { getKind, registerKind } from '#core/metadata/kinds/index'
import { expandRoles, isAdmin } from '#core/permissions/policy'
import { ajv } from '#core/validation/ajv'
import type { ReportEngine } from '../export/source.js'

export function ensureReportKinds() {
  for (const kind of ['report', 'dashboard']) {
    if (getKind(kind)) continue
    registerKind({ kind })
    ajv.addSchema({ $id: `https://vikno.city/schemas/${kind}.schema.json`, type: 'object' })
  }
}

/** `run` for every report; dashboards from the published set, seen by admins and their `roles` and `home` roles (as the engine's). */
export function standInEngine(run: (op: OpContext, key: string, params?: Record<string, unknown>) => Promise<ReportResult>): ReportEngine {
  return {
    run,
    async dashboard(op, key) {
      const doc = op.set.get<DashboardDoc>('dashboard', key)
      const mine = new Set(expandRoles(op.set, op.actor.roles).map((r) => r.key))
      if (!doc || !(isAdmin(op.set, op.actor) || [...(doc.roles ?? []), ...(doc.home ?? [])].some((r) => mine.has(r)))) throw notFound()
      const reports: Record<string, ReportDoc> = {}
      for (const panel of doc.panels) {
        const report = op.set.get<ReportDoc>('report', panel.report)
        if (report) reports[report.key] = report
      }
      return { dashboard: doc, reports }
    },
  }
}
