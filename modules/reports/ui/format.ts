/**
 * How a report's cells read: numbers and percents in the UI's language (uk-UA: spaces between
 * thousands, a decimal comma), date buckets as people name them ("бер. 2026", "I кв. 2026"),
 * dimension values by the result's labels. Pure functions, no DOM: the charts, tables and KPI
 * cards all read through these, and format.spec.ts pins them down.
 */
import type { Label } from '../../../core/shared/metadata.js'
import type { DateBucket, ReportColumn, ReportResult } from '../../../core/shared/reports.js'

export type Lang = 'uk' | 'en' | string

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'uk-UA')
const numberFormats = new Map<string, Intl.NumberFormat>()

/** A label in the language, Ukrainian when there is no English. */
export function pickLabel(label: string | Label | undefined, lang: Lang): string {
  if (label === undefined) return ''
  if (typeof label === 'string') return label
  return (lang === 'en' ? label.en : label.uk) || label.uk || ''
}

/** Digits after the decimal point of a measure: the column's own, else 0 for whole numbers and 1 otherwise. */
export function digitsOf(column: Pick<ReportColumn, 'digits'> | undefined, value?: number | null): number {
  if (column?.digits !== undefined) return column.digits
  return value === undefined || value === null || Number.isInteger(value) ? 0 : 1
}

/** `1 234,5` (uk) / `1,234.5` (en); `—` for no value. */
export function formatNumber(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  const key = `${lang}:${digits}`
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits })))
  return f.format(value)
}

/** A percentage 0–100 as `45,5 %` (uk) / `45.5%` (en). */
export function formatPercent(value: number | null | undefined, lang: Lang, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  return lang === 'en' ? `${formatNumber(value, lang, digits)}%` : `${formatNumber(value, lang, digits)} %`
}

/** A measure's value by its column type (`percent` or `number`). */
export function formatMeasure(column: Pick<ReportColumn, 'type' | 'digits'> | undefined, value: unknown, lang: Lang): string {
  const n = typeof value === 'number' ? value : value === null || value === undefined || value === '' ? null : Number(value)
  if (column?.type === 'percent') return formatPercent(n, lang, column.digits ?? 1)
  return formatNumber(n, lang, digitsOf(column, n))
}

const WEEKDAYS: Record<'uk' | 'en', string[]> = {
  uk: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Нд'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
}
const ROMAN = ['I', 'II', 'III', 'IV']

/** Short weekday name, 1 = Monday … 7 = Sunday. */
export function weekdayName(day: number, lang: Lang): string {
  return WEEKDAYS[lang === 'en' ? 'en' : 'uk'][day - 1] ?? String(day)
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${JSON.stringify(options)}`
  let f = dateFormats.get(key)
  // bucket starts are local calendar values: read them as UTC so no zone shifts the day
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale(lang), { ...options, timeZone: 'UTC' })))
  return f
}

/** `2026-03-01` or `2026-03-01T14:00` as a UTC instant of the same wall clock. */
function wall(value: string): Date {
  const [date, time = '00:00'] = value.split('T')
  return new Date(`${date}T${time.slice(0, 5)}:00Z`)
}

const dmy = (d: Date, lang: Lang) => dateFormat(lang, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d)
const dm = (d: Date, lang: Lang) => dateFormat(lang, { day: '2-digit', month: '2-digit' }).format(d)

/**
 * A date bucket's start as its name: hour `01.03.2026 14:00`, day `01.03.2026`, week
 * `02.03–08.03.2026`, month `бер. 2026`, quarter `I кв. 2026` / `Q1 2026`, year `2026`,
 * hour of day `14:00`, weekday `Пн`.
 */
export function formatBucket(value: unknown, bucket: DateBucket, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—'
  if (bucket === 'hour_of_day') return `${String(Number(value)).padStart(2, '0')}:00`
  if (bucket === 'weekday') return weekdayName(Number(value), lang)
  const text = String(value)
  const d = wall(text)
  if (Number.isNaN(d.getTime())) return text
  switch (bucket) {
    case 'hour':
      return `${dmy(d, lang)} ${text.slice(11, 16) || '00:00'}`
    case 'day':
      return dmy(d, lang)
    case 'week': {
      const end = new Date(d.getTime() + 6 * 86_400_000)
      return `${dm(d, lang)}–${dmy(end, lang)}`
    }
    case 'month':
      // Intl writes `бер. 2026 р.`; the year's abbreviation adds nothing on an axis
      return dateFormat(lang, { month: 'short', year: 'numeric' })
        .format(d)
        .replace(/\s*р\.$/, '')
    case 'quarter': {
      const q = Math.floor(d.getUTCMonth() / 3)
      return lang === 'en' ? `Q${q + 1} ${d.getUTCFullYear()}` : `${ROMAN[q]} кв. ${d.getUTCFullYear()}`
    }
    case 'year':
      return String(d.getUTCFullYear())
    default:
      return text
  }
}

/** A dimension cell as its name: the result's label, a bucket's name, yes/no, or the raw value. */
export function formatDimension(result: Pick<ReportResult, 'labels'>, column: Pick<ReportColumn, 'key' | 'type' | 'bucket'>, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—'
  const label = result.labels?.[column.key]?.[String(value)]
  if (label !== undefined) return pickLabel(label, lang)
  if (column.bucket) return formatBucket(value, column.bucket, lang)
  if (typeof value === 'boolean') return lang === 'en' ? (value ? 'Yes' : 'No') : value ? 'Так' : 'Ні'
  if (typeof value === 'number') return formatNumber(value, lang, Number.isInteger(value) ? 0 : 1)
  if (column.type === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return formatInstant(value, lang)
  if (column.type === 'date' && typeof value === 'string') return formatBucket(value, 'day', lang)
  return String(value)
}

/** A moment as Kyiv's local date and time: `06.10.2026, 16:49`. */
export function formatInstant(value: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    new Date(value)
  )
}

/** Any cell of a result: dimensions by name, measures as numbers. */
export function formatCell(result: Pick<ReportResult, 'labels'>, column: ReportColumn, value: unknown, lang: Lang): string {
  return column.role === 'measure' ? formatMeasure(column, value, lang) : formatDimension(result, column, value, lang)
}

/** A local period `{from, to}` (to inclusive) as `01.03.2026 – 31.03.2026`. */
export function formatPeriod(period: { from: string; to: string } | undefined, lang: Lang): string {
  if (!period) return ''
  const from = formatBucket(period.from, 'day', lang)
  const to = formatBucket(period.to, 'day', lang)
  return from === to ? from : `${from} – ${to}`
}
