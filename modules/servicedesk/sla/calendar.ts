import { DateTime, IANAZone } from 'luxon'
import type { CalendarDoc, Holiday, TimeRange } from './types.js'
import { WEEKDAYS } from './types.js'
import { dateParts, dayNumber, isoDate, isoWeekday } from './local_date.js'
import { holidaySource } from './holiday_sources.js'
import { parseBusinessDuration } from './duration.js'

const MINUTE = 60_000
/** A calendar with no working time for this many days in a row is treated as broken. */
const HORIZON_DAYS = 3660
const CACHE_DAYS = 20_000
const ALL_DAY: TimeRange[] = [{ from: '00:00', to: '24:00' }]

/** A local day: its working spans as epoch-ms pairs [start, end), and their total length. */
interface Day {
  spans: number[]
  total: number
}

/** A working interval. */
export interface WorkingInterval {
  start: Date
  end: Date
}

/**
 * Working time of one `calendar` document, in its time zone.
 *
 * A day's working ranges are local wall times turned into real instants with luxon, so a range
 * across a DST change counts the minutes that really pass (00:00–08:00 on 29 Mar 2026 in Kyiv is
 * 7 hours). A wall time that does not exist (03:00–04:00 on the spring change) moves forward an
 * hour; an ambiguous one (03:00–04:00 in October) takes the later, standard-time instant.
 *
 * What a day's hours are, first match wins: a dated exception; a holiday day off (or the day a
 * weekend holiday moved to), unless martial law is in force; `alwaysOpen` (00:00–24:00); the
 * weekday in `week`.
 *
 * Business time. `PTnHnM` is n working hours and minutes. `PnD` is n working days, each working
 * day one unit whatever its working minutes (a short day, a 23-hour day): it reaches the same
 * local wall time on the n-th next working day (Mon 10:00 + P3D = Thu 10:00; on a 24/7 calendar
 * Sat 12:00 + P1D = Sun 12:00 even across a DST change, where PT24H is 24 real hours); when that
 * wall time is not working time that day, the day's next opening, or its close when none is left
 * (Tue 15:00 + P1D on an 08:00–12:00 Wednesday = Wed 12:00). `PnDTnH`: days first, then hours.
 * Every result is the earliest instant with that much business time elapsed, so an opening is
 * written as the previous close: Mon 08:00 + PT8H = Mon 08:00 + P1D = Mon 17:00 (the same
 * business instant as Tue 08:00), Mon 12:30 + P3D = Thu 12:00 (≡ 13:00). One form everywhere
 * keeps "now ≥ due" equal to "the target's business time has passed" for breaches and timers.
 * A start outside working time begins at the next opening.
 *
 * Days are computed once and cached, so instances should be reused (see `businessCalendar`).
 */
export class BusinessCalendar {
  readonly key: string
  readonly timeZone: string
  private readonly doc: CalendarDoc
  private readonly exceptions = new Map<string, TimeRange[]>()
  private readonly days = new Map<number, Day>()
  private readonly daysOff = new Map<number, Map<string, Holiday>>()

  /** Throws on an unknown time zone or a range that ends before it starts. */
  constructor(doc: CalendarDoc) {
    this.doc = doc
    this.key = doc.key
    this.timeZone = doc.timeZone ?? 'Europe/Kyiv'
    if (!IANAZone.isValidZone(this.timeZone)) throw new Error(`calendar ${doc.key}: unknown time zone "${this.timeZone}"`)
    for (const hours of Object.values(doc.week ?? {})) checkRanges(doc.key, hours ?? [])
    for (const e of doc.exceptions ?? []) {
      checkRanges(doc.key, e.hours)
      this.exceptions.set(e.date, e.hours)
    }
    if (doc.holidays && !holidaySource(doc.holidays.country)) throw new Error(`calendar ${doc.key}: no holiday list for "${doc.holidays.country}"`)
  }

  /** Whether the instant is inside working time (ranges are [from, to)). */
  isWorkingTime(instant: Date): boolean {
    const ms = instant.getTime()
    const { spans } = this.day(this.dayOf(ms))
    for (let i = 0; i < spans.length; i += 2) if (spans[i] <= ms && ms < spans[i + 1]) return true
    return false
  }

  /** The working intervals inside [from, to), clipped to it, in order. */
  workingIntervals(from: Date, to: Date): WorkingInterval[] {
    const a = from.getTime()
    const b = to.getTime()
    const out: WorkingInterval[] = []
    if (b <= a) return out
    for (let d = this.dayOf(a), last = this.dayOf(b); d <= last; d++) {
      const { spans } = this.day(d)
      for (let i = 0; i < spans.length; i += 2) {
        const s = Math.max(spans[i], a)
        const e = Math.min(spans[i + 1], b)
        if (s < e) out.push({ start: new Date(s), end: new Date(e) })
      }
    }
    return out
  }

  /** The instant itself when it is working time, else the next opening. */
  nextOpening(instant: Date): Date {
    return new Date(this.nextOpeningMs(instant.getTime()))
  }

  /** Working minutes in [a, b) (negative when b is before a; fractions for seconds). */
  businessMinutesBetween(a: Date, b: Date): number {
    return this.businessMs(a.getTime(), b.getTime()) / MINUTE
  }

  /** The earliest instant at which `minutes` working minutes have passed since `start`. */
  addBusinessMinutes(start: Date, minutes: number): Date {
    return new Date(this.addMs(start.getTime(), Math.round(minutes * MINUTE)))
  }

  /**
   * `start` plus an ISO business duration (`P3D`, `PT4H`, `P1DT2H`): the days first (the same
   * wall time on the n-th next working day), then the hours and minutes as working minutes.
   * @example cal.addBusinessDuration(new Date('2026-03-02T08:00:00Z'), 'P3D') // Thu 10:00 Kyiv
   */
  addBusinessDuration(start: Date, iso: string): Date {
    const { days, minutes } = parseBusinessDuration(iso)
    let ms = start.getTime()
    // The earliest instant with as much business time as the wall-time rule gives.
    if (days > 0) ms = this.addMs(ms, this.businessMs(ms, this.addWorkingDays(ms, days)))
    return new Date(this.addMs(ms, minutes * MINUTE))
  }

  /** The business minutes that `iso` means when counted from `start` (P1D depends on the day). */
  durationMinutes(start: Date, iso: string): number {
    return this.businessMinutesBetween(start, this.addBusinessDuration(start, iso))
  }

  /** The effective working hours of a local date, for screens. */
  hoursOn(date: string): TimeRange[] {
    return this.rangesOf(dayNumber(date))
  }

  /** The holiday (or moved holiday) that makes a local date a day off, if any. */
  holidayOn(date: string): Holiday | undefined {
    return this.holidaysOf(dateParts(dayNumber(date)).year).get(date)
  }

  /** Local day number of an instant in the calendar's zone. */
  private dayOf(ms: number): number {
    const t = DateTime.fromMillis(ms, { zone: this.timeZone })
    return Date.UTC(t.year, t.month - 1, t.day) / 86_400_000
  }

  private day(d: number): Day {
    let day = this.days.get(d)
    if (!day) {
      if (this.days.size > CACHE_DAYS) this.days.clear()
      day = this.buildDay(d)
      this.days.set(d, day)
    }
    return day
  }

  private rangesOf(d: number): TimeRange[] {
    const date = isoDate(d)
    const exception = this.exceptions.get(date)
    if (exception) return exception
    if (this.holidaysOf(dateParts(d).year).has(date)) return []
    return this.weekRanges(d)
  }

  private weekRanges(d: number): TimeRange[] {
    return this.doc.alwaysOpen ? ALL_DAY : (this.doc.week?.[WEEKDAYS[isoWeekday(d) - 1]] ?? [])
  }

  private buildDay(d: number): Day {
    const { year, month, day } = dateParts(d)
    const at = (hhmm: string) => {
      const [hour, minute] = hhmm.split(':').map(Number)
      // 24:00 is the next midnight, which is not always 24 hours after this one.
      const zone = { zone: this.timeZone }
      if (hour === 24) return DateTime.fromObject({ year, month, day }, zone).plus({ days: 1 }).toMillis()
      return DateTime.fromObject({ year, month, day, hour, minute }, zone).toMillis()
    }
    const pairs = this.rangesOf(d)
      .map((r) => [at(r.from), at(r.to)] as [number, number])
      .filter(([s, e]) => s < e)
      .sort((x, y) => x[0] - y[0])
    const spans: number[] = []
    for (const [s, e] of pairs) {
      const last = spans.length - 1
      if (last > 0 && s <= spans[last]) spans[last] = Math.max(spans[last], e) // overlapping ranges merge
      else spans.push(s, e)
    }
    let total = 0
    for (let i = 0; i < spans.length; i += 2) total += spans[i + 1] - spans[i]
    return { spans, total }
  }

  private holidaysOf(year: number): Map<string, Holiday> {
    let map = this.daysOff.get(year)
    if (!map) {
      map = new Map()
      const { holidays, martialLaw } = this.doc
      if (holidays) {
        const isRestDay = (date: string) => this.weekRanges(dayNumber(date)).length === 0
        for (const h of holidaySource(holidays.country)!(year, { martialLaw, isRestDay })) map.set(h.date, h)
      }
      this.daysOff.set(year, map)
    }
    return map
  }

  private nextOpeningMs(ms: number): number {
    const first = this.dayOf(ms)
    for (let d = first; d < first + HORIZON_DAYS; d++) {
      const { spans } = this.day(d)
      for (let i = 0; i < spans.length; i += 2) if (spans[i + 1] > ms) return Math.max(spans[i], ms)
    }
    throw this.noWorkingTime(ms)
  }

  private addMs(startMs: number, amount: number): number {
    if (amount <= 0) return startMs
    let left = amount
    let idle = 0
    for (let d = this.dayOf(startMs); idle < HORIZON_DAYS; d++) {
      const { spans, total } = this.day(d)
      if (total === 0) {
        idle++
        continue
      }
      idle = 0
      for (let i = 0; i < spans.length; i += 2) {
        if (spans[i + 1] <= startMs) continue
        const s = Math.max(spans[i], startMs)
        const available = spans[i + 1] - s
        if (left <= available) return s + left
        left -= available
      }
    }
    throw this.noWorkingTime(startMs)
  }

  private businessMs(a: number, b: number): number {
    if (b < a) return -this.businessMs(b, a)
    let sum = 0
    for (let d = this.dayOf(a), last = this.dayOf(b); d <= last; d++) {
      const { spans, total } = this.day(d)
      if (total === 0) continue
      if (spans[0] >= a && spans[spans.length - 1] <= b) {
        sum += total
        continue
      }
      for (let i = 0; i < spans.length; i += 2) {
        const s = Math.max(spans[i], a)
        const e = Math.min(spans[i + 1], b)
        if (s < e) sum += e - s
      }
    }
    return sum
  }

  /** `n` working days after `ms`: the same wall time on the n-th next working day (class doc). */
  private addWorkingDays(ms: number, n: number): number {
    const start = this.nextOpeningMs(ms)
    const wall = DateTime.fromMillis(start, { zone: this.timeZone })
    let d = Date.UTC(wall.year, wall.month - 1, wall.day) / 86_400_000
    for (let found = 0, idle = 0; found < n; ) {
      if (this.day(++d).total > 0) {
        found++
        idle = 0
      } else if (++idle > HORIZON_DAYS) throw this.noWorkingTime(start)
    }
    const { spans } = this.day(d)
    const { hour, minute, second, millisecond } = wall
    const at = DateTime.fromObject({ ...dateParts(d), hour, minute, second, millisecond }, { zone: this.timeZone }).toMillis()
    for (let i = 0; i < spans.length; i += 2) if (at < spans[i + 1]) return Math.max(spans[i], at)
    return spans[spans.length - 1]
  }

  private noWorkingTime(ms: number) {
    return new Error(`calendar ${this.key}: no working time within ${HORIZON_DAYS} days of ${new Date(ms).toISOString()}`)
  }
}

function checkRanges(key: string, hours: TimeRange[]) {
  for (const r of hours) {
    if (r.from >= r.to) throw new Error(`calendar ${key}: range ${r.from}–${r.to} ends before it starts`)
  }
}

const instances = new WeakMap<CalendarDoc, BusinessCalendar>()

/** One cached BusinessCalendar per calendar document object (a new revision = a new object). */
export function businessCalendar(doc: CalendarDoc): BusinessCalendar {
  let cal = instances.get(doc)
  if (!cal) instances.set(doc, (cal = new BusinessCalendar(doc)))
  return cal
}
