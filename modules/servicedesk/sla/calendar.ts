import { DateTime, IANAZone } from 'luxon'
import type { CalendarDoc, Holiday, TimeRange } from './types.js'
import { WEEKDAYS } from './types.js'
import { dateParts, dayNumber, isoDate, isoWeekday } from './local_date.js'
import { holidaySource } from './holiday_sources.js'
import { parseBusinessDuration, type BusinessDuration } from './duration.js'
import { WorkingTimeline } from './working_timeline.js'

const MINUTE = 60_000
/** A calendar with no working time for this many days in a row is treated as broken. */
const HORIZON_DAYS = 3660
const DAY = 86_400_000
const ALL_DAY: TimeRange[] = [{ from: '00:00', to: '24:00' }]

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
 * The working time is compiled once into epoch-ms intervals (see WorkingTimeline): luxon runs
 * when a day is compiled, never per query, so instances should be reused (see `businessCalendar`).
 */
export class BusinessCalendar {
  readonly key: string
  readonly timeZone: string
  private readonly doc: CalendarDoc
  private readonly exceptions = new Map<string, TimeRange[]>()
  private readonly timeline: WorkingTimeline
  private readonly durations = new Map<string, BusinessDuration>()
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
    this.timeline = new WorkingTimeline({ midnight: (d) => this.localMidnight(d), spans: (d) => this.buildDay(d) })
  }

  /** Whether the instant is inside working time (ranges are [from, to)). */
  isWorkingTime(instant: Date): boolean {
    const ms = instant.getTime()
    this.timeline.cover(ms)
    const k = this.timeline.spanEndingAfter(ms)
    return k >= 0 && this.timeline.span(k)[0] <= ms
  }

  /** The working intervals inside [from, to), clipped to it, in order. */
  workingIntervals(from: Date, to: Date): WorkingInterval[] {
    const a = from.getTime()
    const b = to.getTime()
    const out: WorkingInterval[] = []
    if (b <= a) return out
    this.timeline.cover(a)
    this.timeline.cover(b)
    for (let k = this.timeline.spanEndingAfter(a); k >= 0; k++) {
      const [s, e] = this.timeline.span(k)
      if (s >= b) break
      out.push({ start: new Date(Math.max(s, a)), end: new Date(Math.min(e, b)) })
      if (e >= b) break
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
    return new Date(this.addDurationMs(start.getTime(), iso))
  }

  /** The business minutes that `iso` means when counted from `start` (P1D depends on the day). */
  durationMinutes(start: Date, iso: string): number {
    return this.businessMinutesBetween(start, this.addBusinessDuration(start, iso))
  }

  /** `businessMinutesBetween` in epoch ms, without Date objects (for the SLA clock's loops). */
  businessMs(a: number, b: number): number {
    if (b < a) return -this.businessMs(b, a)
    this.timeline.cover(a)
    this.timeline.cover(b)
    return this.timeline.elapsed(b) - this.timeline.elapsed(a)
  }

  /** `addBusinessMinutes` in epoch ms: the earliest instant `amount` working ms after `startMs`. */
  addMs(startMs: number, amount: number): number {
    if (amount <= 0) return startMs
    this.timeline.cover(startMs)
    const target = this.timeline.elapsed(startMs) + amount
    for (;;) {
      const at = this.timeline.instantAt(target)
      if (at !== null) return at
      this.tooFar(startMs)
      this.timeline.coverDays(this.timeline.lastDay, this.timeline.lastDay + 2)
    }
  }

  /** `addBusinessDuration` in epoch ms. */
  addDurationMs(startMs: number, iso: string): number {
    let duration = this.durations.get(iso)
    if (!duration) this.durations.set(iso, (duration = parseBusinessDuration(iso)))
    let ms = startMs
    // The earliest instant with as much business time as the wall-time rule gives.
    if (duration.days > 0) ms = this.addMs(ms, this.businessMs(ms, this.addWorkingDays(ms, duration.days)))
    return this.addMs(ms, duration.minutes * MINUTE)
  }

  /** The effective working hours of a local date, for screens. */
  hoursOn(date: string): TimeRange[] {
    return this.rangesOf(dayNumber(date))
  }

  /** The holiday (or moved holiday) that makes a local date a day off, if any. */
  holidayOn(date: string): Holiday | undefined {
    return this.holidaysOf(dateParts(dayNumber(date)).year).get(date)
  }

  /** Epoch ms of the start of local day `d` (24:00 is the next midnight, not always 24 h later). */
  private localMidnight(d: number): number {
    return DateTime.fromObject(dateParts(d), { zone: this.timeZone }).toMillis()
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

  /** A local day's working spans as sorted, merged epoch-ms pairs (compiled once per day). */
  private buildDay(d: number): number[] {
    const { year, month, day } = dateParts(d)
    const at = (hhmm: string) => {
      const [hour, minute] = hhmm.split(':').map(Number)
      if (hour === 24) return this.localMidnight(d + 1)
      return DateTime.fromObject({ year, month, day, hour, minute }, { zone: this.timeZone }).toMillis()
    }
    const pairs = this.rangesOf(d)
      .map((r) => [at(r.from), at(r.to)] as [number, number])
      .filter(([s, e]) => s < e)
      .sort((x, y) => x[0] - y[0])
    const spans: number[] = []
    for (const [s, e] of pairs) {
      const last = spans.length - 1
      if (last > 0 && s <= spans[last])
        spans[last] = Math.max(spans[last], e) // overlapping ranges merge
      else spans.push(s, e)
    }
    return spans
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
    this.timeline.cover(ms)
    for (;;) {
      const k = this.timeline.spanEndingAfter(ms)
      if (k >= 0) return Math.max(this.timeline.span(k)[0], ms)
      this.tooFar(ms)
      this.timeline.coverDays(this.timeline.lastDay, this.timeline.lastDay + 2)
    }
  }

  /** Throws when the compiled days reach past the horizon from `ms` without finding time. */
  private tooFar(ms: number) {
    if (this.timeline.lastDay - Math.floor(ms / DAY) > HORIZON_DAYS) throw this.noWorkingTime(ms)
  }

  /** `n` working days after `ms`: the same wall time on the n-th next working day (class doc). */
  private addWorkingDays(ms: number, n: number): number {
    const start = this.nextOpeningMs(ms)
    const tl = this.timeline
    let d = tl.dayOf(start)
    const wallMs = this.wallTime(d, start)
    for (let found = 0, idle = 0; found < n;) {
      d++
      if (d > tl.lastDay) tl.coverDays(d, d + 1)
      if (tl.dayTotal(d) > 0) {
        found++
        idle = 0
      } else if (++idle > HORIZON_DAYS) throw this.noWorkingTime(start)
    }
    const spans = tl.daySpans(d)
    const at = this.atWallTime(d, wallMs)
    for (let i = 0; i < spans.length; i += 2) if (at < spans[i + 1]) return Math.max(spans[i], at)
    return spans[spans.length - 1]
  }

  /** Wall-clock ms since local midnight of an instant on compiled day `d`. */
  private wallTime(d: number, ms: number): number {
    if (this.isPlainDay(d)) return ms - this.timeline.midnight(d)
    const t = DateTime.fromMillis(ms, { zone: this.timeZone })
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.millisecond
  }

  /** The instant of a wall-clock time (ms since local midnight) on compiled day `d`. */
  private atWallTime(d: number, wallMs: number): number {
    if (this.isPlainDay(d)) return this.timeline.midnight(d) + wallMs
    const ms = wallMs % 1000
    const s = Math.floor(wallMs / 1000)
    const wall = { hour: Math.floor(s / 3600), minute: Math.floor(s / 60) % 60, second: s % 60, millisecond: ms }
    return DateTime.fromObject({ ...dateParts(d), ...wall }, { zone: this.timeZone }).toMillis()
  }

  /** A day of exactly 24 hours, so wall time is elapsed time since midnight (no DST change in it). */
  private isPlainDay(d: number): boolean {
    return this.timeline.midnight(d + 1) - this.timeline.midnight(d) === DAY
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
