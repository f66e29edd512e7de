/**
 * Local calendar dates as day numbers (days since 1970-01-01), so that walking from one day to
 * the next is integer arithmetic and never meets a time zone or a DST change.
 */

const DAY_MS = 86_400_000

/** Day number of 'YYYY-MM-DD'. */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number)
  return Date.UTC(y, m - 1, d) / DAY_MS
}

/** Day number of a year, month (1–12) and day. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** Year, month (1–12) and day of a day number. */
export function dateParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1
}
