/**
 * A dashboard's parameter values and the URL: the query string holds them (`?period=this_month`,
 * `?period=2026-03-01..2026-03-31`, `?district=<id>`, several ids comma-separated), so a link
 * reproduces the view. Also what each panel's report receives. Pure functions (params.spec.ts).
 */
import type { DashboardPanel, PeriodPreset, PeriodValue, ReportParameter } from '../../../core/shared/reports.js'

/** The presets in the order the picker offers them. */
export const PERIOD_PRESETS: PeriodPreset[] = ['today', 'yesterday', 'this_week', 'last_week', 'last_7_days', 'this_month', 'last_month', 'last_30_days', 'this_quarter', 'this_year', 'last_365_days']

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** `this_month` → the preset; `2026-03-01..2026-03-31` → explicit dates; anything else → undefined. */
export function parsePeriod(text: string | null | undefined): PeriodValue | undefined {
  if (!text) return undefined
  if ((PERIOD_PRESETS as string[]).includes(text)) return text as PeriodPreset
  const [from, to] = text.split('..')
  if (from && to && DATE.test(from) && DATE.test(to)) return from <= to ? { from, to } : { from: to, to: from }
  return undefined
}

export function periodText(value: PeriodValue): string {
  return typeof value === 'string' ? value : `${value.from}..${value.to}`
}

/** The values of these parameters found in a query string (absent or malformed: left out). */
export function paramsFromQuery(parameters: ReportParameter[] | undefined, search: string): Record<string, unknown> {
  const qs = new URLSearchParams(search)
  const out: Record<string, unknown> = {}
  for (const p of parameters ?? []) {
    const raw = qs.get(p.key)
    if (raw === null || raw === '') continue
    if (p.type === 'period') {
      const period = parsePeriod(raw)
      if (period) out[p.key] = period
    } else if (p.type === 'date') {
      if (DATE.test(raw)) out[p.key] = raw
    } else if (p.type === 'reference' || p.type === 'enum') {
      const list = raw.split(',').filter(Boolean)
      out[p.key] = list.length > 1 ? list : list[0]
    } else out[p.key] = raw
  }
  return out
}

/** The query string of these values (other keys of `search`, if given, are kept). */
export function queryFromParams(parameters: ReportParameter[] | undefined, values: Record<string, unknown>, search = ''): string {
  const qs = new URLSearchParams(search)
  for (const p of parameters ?? []) {
    const v = values[p.key]
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) qs.delete(p.key)
    else if (p.type === 'period') qs.set(p.key, periodText(v as PeriodValue))
    else qs.set(p.key, Array.isArray(v) ? v.join(',') : String(v))
  }
  const text = qs.toString()
  return text ? `?${text}` : ''
}

/** What the picker shows before the viewer picks: the parameter's default. */
export function withDefaults(parameters: ReportParameter[] | undefined, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values }
  for (const p of parameters ?? []) if (out[p.key] === undefined && p.default !== undefined) out[p.key] = p.default
  return out
}

/**
 * The values one panel's report runs with: for each parameter the report declares, the
 * panel's fixed value, else the dashboard's. Keys the report does not declare are left out.
 */
export function panelParams(reportParameters: ReportParameter[] | undefined, panel: Pick<DashboardPanel, 'params'>, dashboard: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of reportParameters ?? []) {
    const v = panel.params?.[p.key] !== undefined ? panel.params[p.key] : dashboard[p.key]
    if (v !== undefined && v !== null && v !== '') out[p.key] = v
  }
  return out
}

/** The file's name from a Content-Disposition: `filename*=UTF-8''…` (a Cyrillic title), else `filename="…"`, else the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition?.match(/filename\*=UTF-8''([^;]+)/i)
  if (utf8) return decodeURIComponent(utf8[1]!)
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback
}
