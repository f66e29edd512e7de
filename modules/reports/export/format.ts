/**
 * How a report's result reads outside the screen (CSV, XLSX, PDF, e-mail): column headers,
 * dimension values by `result.labels` (a Label picks the locale), date buckets and numbers in
 * the viewer's locale (uk-UA first), and "—" for a column the viewer may not read.
 */
import type { Label } from '#core/shared/metadata'
import type { ReportColumn, ReportResult } from '#core/shared/reports'

export type ExportLocale = 'uk' | 'en'

/** One titled result: a report alone, or a dashboard's panel. */
export interface ExportPanel {
  title: Label | string
  result: ReportResult
}

/** Shown for every value of a hidden column (the viewer may not read its field). */
export const HIDDEN = '—'

export const TIMEZONE = 'Europe/Kyiv'

export function intlLocale(locale: ExportLocale) {
  return locale === 'en' ? 'en-GB' : 'uk-UA'
}

export function labelText(label: Label | string | undefined, locale: ExportLocale, fallback = ''): string {
  if (label === undefined || label === null) return fallback
  if (typeof label === 'string') return label
  return (locale === 'en' ? label.en : undefined) ?? label.uk ?? fallback
}

/** Reports given bare get their key as title; panels keep theirs. */
export function asPanels(items: Array<ReportResult | ExportPanel>): ExportPanel[] {
  return items.map((item) => ('result' in item ? item : { title: item.report, result: item }))
}

const WEEKDAYS: Record<ExportLocale, string[]> = {
  uk: ['понеділок', 'вівторок', 'середа', 'четвер', "п'ятниця", 'субота', 'неділя'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
}

/** A local date `2026-03-01` (or `2026-03-01T14:00`) in the locale's form, the string itself otherwise. */
function localDate(value: string, locale: ExportLocale, bucket?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value)
  if (!m) return value
  const [, y, mo, d, h, mi] = m
  if (bucket === 'month') return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(+y, +mo - 1, 1))
  if (bucket === 'year') return y
  if (bucket === 'quarter') return `${locale === 'en' ? 'Q' : 'кв. '}${Math.floor((+mo - 1) / 3) + 1} ${y}`
  const date = locale === 'en' ? `${d}/${mo}/${y}` : `${d}.${mo}.${y}`
  return h ? `${date} ${h}:${mi}` : date
}

/** The text of a dimension's value: its label, else its bucket or date in the locale, else itself. */
export function dimensionText(column: ReportColumn, value: unknown, result: ReportResult, locale: ExportLocale): string {
  if (column.hidden) return HIDDEN
  if (value === null || value === undefined || value === '') return ''
  const label = result.labels[column.key]?.[String(value)]
  if (label !== undefined) return labelText(label, locale, String(value))
  if (column.bucket === 'weekday' && Number(value) >= 1 && Number(value) <= 7) return WEEKDAYS[locale][Number(value) - 1]
  if (column.bucket === 'hour_of_day') return `${String(value).padStart(2, '0')}:00`
  if (typeof value === 'boolean') return value ? (locale === 'en' ? 'yes' : 'так') : locale === 'en' ? 'no' : 'ні'
  // a moment (not a bucket's local start) is shown in Kyiv time
  if (typeof value === 'string' && column.type === 'datetime' && !column.bucket && !Number.isNaN(Date.parse(value)))
    return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(
      new Date(value)
    )
  if (typeof value === 'string' && (column.bucket || column.type === 'date' || column.type === 'datetime')) return localDate(value, locale, column.bucket)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** Digits a measure is shown with: its own, else 0 for whole numbers and 1 otherwise. */
export function digitsOf(column: ReportColumn, value: number): number {
  return column.digits ?? (Number.isInteger(value) ? 0 : 1)
}

/** A measure as the locale writes it (`1 234,5`, `87,5 %`); empty when no row counted. */
export function measureText(column: ReportColumn, value: unknown, locale: ExportLocale): string {
  if (column.hidden) return HIDDEN
  if (value === null || value === undefined || Number.isNaN(Number(value))) return ''
  const n = Number(value)
  const digits = digitsOf(column, n)
  const text = new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)
  return column.type === 'percent' ? `${text} %` : text
}

export function cellText(column: ReportColumn, value: unknown, result: ReportResult, locale: ExportLocale): string {
  return column.role === 'measure' ? measureText(column, value, locale) : dimensionText(column, value, result, locale)
}

/** Now in Europe/Kyiv, as the locale writes a date and time. */
export function generatedAt(locale: ExportLocale, now = new Date()): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: TIMEZONE }).format(now)
}

/** A period `{from, to}` (local dates, `to` inclusive) as `01.03.2026 – 31.03.2026`. */
export function periodText(period: { from: string; to: string } | undefined, locale: ExportLocale): string {
  return period ? `${localDate(period.from, locale)} – ${localDate(period.to, locale)}` : ''
}

export function previousLabel(locale: ExportLocale) {
  return locale === 'en' ? 'Previous period' : 'Попередній період'
}

/** The change from `previous` to `current` in percent, or null when there is no base. */
export function changePercent(current: unknown, previous: unknown): number | null {
  const c = Number(current)
  const p = Number(previous)
  if (current === null || previous === null || current === undefined || previous === undefined || !Number.isFinite(c) || !Number.isFinite(p) || p === 0) return null
  return ((c - p) / Math.abs(p)) * 100
}

/** A file name made of a title: letters (Cyrillic too), digits, `_` and `-`. */
export function fileNameOf(title: string, ext: string): string {
  const base = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80)
  return `${base || 'report'}.${ext}`
}
