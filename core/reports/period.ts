import { DateTime } from 'luxon'
import type { PeriodPreset, PeriodValue } from '#core/shared/reports'

/** Reports count days in the city's zone: a day is a Kyiv calendar day (23 or 25 hours at a DST switch). */
export const REPORT_ZONE = 'Europe/Kyiv'

export const PERIOD_PRESETS: readonly PeriodPreset[] = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'last_7_days',
  'this_month',
  'last_month',
  'last_30_days',
  'this_quarter',
  'this_year',
  'last_365_days',
]

/**
 * A period resolved: local dates `from`..`to` (both inclusive) and the instants that bound it,
 * `start` (Kyiv midnight of `from`) and `end` (Kyiv midnight after `to`, exclusive).
 */
export interface ResolvedPeriod {
  from: string
  to: string
  start: Date
  end: Date
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A local date `YYYY-MM-DD` that exists, or undefined. */
export function localDate(value: unknown): DateTime | undefined {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return undefined
  const dt = DateTime.fromISO(value, { zone: REPORT_ZONE })
  return dt.isValid ? dt.startOf('day') : undefined
}

/** Whether `value` is a period: a preset, or `{from, to}` local dates with from <= to. */
export function isPeriodValue(value: unknown): value is PeriodValue {
  if (typeof value === 'string') return (PERIOD_PRESETS as readonly string[]).includes(value)
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const { from, to, ...rest } = value as Record<string, unknown>
  const a = localDate(from)
  const b = localDate(to)
  return !!a && !!b && a <= b && Object.keys(rest).length === 0
}

function span(from: DateTime, to: DateTime): ResolvedPeriod {
  return { from: from.toISODate()!, to: to.toISODate()!, start: from.toJSDate(), end: to.plus({ days: 1 }).startOf('day').toJSDate() }
}

/**
 * Resolves a period at `now`, in Europe/Kyiv. Calendar presets are whole (this week is Monday
 * to Sunday, this month its 1st to its last day); `last_N_days` ends today, inclusive.
 * @example resolvePeriod('this_week', new Date('2026-03-27T10:00:00Z')) // 2026-03-23 … 2026-03-29
 */
export function resolvePeriod(value: PeriodValue, now = new Date()): ResolvedPeriod {
  if (typeof value === 'object') return span(localDate(value.from)!, localDate(value.to)!)
  const today = DateTime.fromJSDate(now, { zone: REPORT_ZONE }).startOf('day')
  const whole = (unit: 'week' | 'month' | 'quarter' | 'year', back = 0) => {
    const start = today.minus({ [unit + 's']: back }).startOf(unit)
    return span(start, start.endOf(unit).startOf('day'))
  }
  const lastDays = (n: number) => span(today.minus({ days: n - 1 }), today)
  switch (value) {
    case 'today':
      return span(today, today)
    case 'yesterday':
      return span(today.minus({ days: 1 }), today.minus({ days: 1 }))
    case 'this_week':
      return whole('week')
    case 'last_week':
      return whole('week', 1)
    case 'last_7_days':
      return lastDays(7)
    case 'this_month':
      return whole('month')
    case 'last_month':
      return whole('month', 1)
    case 'last_30_days':
      return lastDays(30)
    case 'this_quarter':
      return whole('quarter')
    case 'this_year':
      return whole('year')
    case 'last_365_days':
      return lastDays(365)
  }
}

/** The period of the same number of days just before `period` (a KPI's comparison). */
export function previousPeriod(period: ResolvedPeriod): ResolvedPeriod {
  const from = localDate(period.from)!
  const days = Math.round(localDate(period.to)!.diff(from, 'days').days) + 1
  return span(from.minus({ days }), from.minus({ days: 1 }))
}
