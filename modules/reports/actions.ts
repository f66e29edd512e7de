import type { DashboardDoc, ReportDoc, ReportResult } from '#core/shared/reports'
import type { FieldError } from '#core/shared/problem'
import type { Actor } from '#core/permissions/actor'
import type { OpContext } from '#core/records/context'
import { defineAction } from '#core/modules/define'
import { Problem, invalid, notFound } from '#core/errors/problem'
import { mayEditKind } from '#core/permissions/metadata_access'
import { isAdmin } from '#core/permissions/policy'
import { metaValidator } from '#core/validation/ajv'
import { actorOf } from '#core/auth/identity'
import { checkedParams, runReport } from '#core/reports/run'
import { isHome, maySeeDashboard, mayRun, runnable } from './access.js'
import { reportKind } from './kinds.js'
import { runCached } from './live.js'

const KEY = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' }
const PARAMS = { type: 'object', maxProperties: 20, description: 'Parameter values by key: a period is a preset (this_month…) or {from, to} local dates' }

/** POST /api/v1/actions/reports.run { report, params? }: a published report's figures for the caller. */
export const run = defineAction<{ report: string; params?: Record<string, unknown> }, ReportResult>({
  method: 'POST',
  summary: "Runs a published report under the caller's row scope (cached; 404 for a report the caller may not see)",
  input: { type: 'object', properties: { report: KEY, params: PARAMS }, required: ['report'], additionalProperties: false },
  output: { type: 'object', description: 'ReportResult (core/shared/reports.ts)' },
  async handle(op, input) {
    const doc = runnable(op.set, op.actor, input.report)
    if (!doc) throw notFound()
    return runCached(op, doc, input.params)
  },
})

/** The draft checked by the kind's meta-schema and semantic checks, problems under `/doc`. */
function checkDraft(op: OpContext, doc: Record<string, unknown>): ReportDoc {
  const errors: FieldError[] = []
  const validate = metaValidator('report')!
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue
      let pointer = e.instancePath
      if (e.keyword === 'required') pointer += `/${(e.params as { missingProperty: string }).missingProperty}`
      if (e.keyword === 'additionalProperties') pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`
      errors.push({ pointer: `/doc${pointer}`, message: e.message ?? e.keyword, code: e.keyword })
    }
  } else {
    const set = op.set.with({ [`report/${String(doc.key)}`]: doc as ReportDoc })
    reportKind.check!(doc as ReportDoc, set, (pointer, message) => errors.push({ pointer: `/doc${pointer}`, message, code: 'invalid_report' }))
  }
  if (errors.length) throw invalid(errors)
  return doc as ReportDoc
}

async function previewActor(op: OpContext, id: string): Promise<Actor> {
  const user = await op.db('sys_users').where({ id }).first()
  if (!user) throw invalid([{ pointer: '/asUser', message: 'no such user', code: 'not_found' }])
  return actorOf(user, op.actor.locale, op.actor.requestId)
}

/**
 * POST /api/v1/actions/reports.preview { doc, params?, asUser? }: an unpublished report run for
 * the designer (under their own scope), or, for administrators, as another user would see it
 * (their roles and attributes: their row scope).
 */
export const preview = defineAction<{ doc: Record<string, unknown>; params?: Record<string, unknown>; asUser?: string }, ReportResult>({
  method: 'POST',
  summary: 'Runs a draft report (report designers only), optionally as another user would see it',
  input: {
    type: 'object',
    properties: { doc: { type: 'object' }, params: PARAMS, asUser: { type: 'string', format: 'uuid' } },
    required: ['doc'],
    additionalProperties: false,
  },
  output: { type: 'object', description: 'ReportResult (core/shared/reports.ts), never cached' },
  async handle(op, input) {
    if (!mayEditKind(op.set, op.actor, 'report')) throw new Problem('forbidden', [], {}, 'report designers only')
    // seeing as another user sees is reading what they read: administrators only
    if (input.asUser && !isAdmin(op.set, op.actor)) throw new Problem('forbidden', [], {}, 'only administrators preview as another user')
    const doc = checkDraft(op, input.doc)
    const viewer = input.asUser ? { ...op, actor: await previewActor(op, input.asUser) } : op
    const now = new Date()
    return (await runReport(viewer, doc, checkedParams(viewer, doc, input.params, now), now)).result
  },
})

/** GET /api/v1/actions/reports.list: the reports and dashboards the caller may see. */
export const list = defineAction({
  method: 'GET',
  summary: 'Reports and dashboards the caller may see',
  input: { type: 'object', properties: {}, additionalProperties: false },
  output: { type: 'object', properties: { reports: { type: 'array' }, dashboards: { type: 'array' } } },
  async handle(op) {
    const reports = op.set
      .list<ReportDoc>('report')
      .filter((doc) => mayRun(op.set, op.actor, doc))
      .map((doc) => ({ key: doc.key, label: doc.label, entity: doc.entity, presentation: doc.presentation, parameters: doc.parameters ?? [] }))
    const dashboards = op.set
      .list<DashboardDoc>('dashboard')
      .filter((doc) => maySeeDashboard(op.set, op.actor, doc))
      .map((doc) => ({ key: doc.key, label: doc.label, ...(isHome(op.set, op.actor, doc) ? { home: true } : {}) }))
    return { reports, dashboards }
  },
})

/** GET /api/v1/actions/reports.dashboard?key=: a dashboard with the reports of its panels the caller may run. */
export const dashboard = defineAction<{ key: string }>({
  method: 'GET',
  summary: 'A dashboard and the reports of its panels the caller may run (other panels are left out)',
  input: { type: 'object', properties: { key: KEY }, required: ['key'], additionalProperties: false },
  output: { type: 'object', properties: { dashboard: { type: 'object' }, reports: { type: 'object' } } },
  async handle(op, input) {
    const doc = op.set.get<DashboardDoc>('dashboard', input.key)
    if (!doc || !maySeeDashboard(op.set, op.actor, doc)) throw notFound()
    const reports: Record<string, ReportDoc> = {}
    for (const panel of doc.panels) {
      const report = runnable(op.set, op.actor, panel.report)
      if (report) reports[report.key] = report
    }
    return { dashboard: { ...doc, panels: doc.panels.filter((p) => reports[p.report]) }, reports }
  },
})
