/**
 * A calendar's working time compiled into sorted epoch-ms intervals with running totals, so
 * that "business time between", "instant after n business minutes" and "next opening" are
 * binary searches instead of a walk over days with a time-zone library in the loop. The days
 * are compiled in chunks, forward as queries reach them (backward rebuilds), by the `source`
 * (the only place that meets time zones). One timeline per calendar revision (see calendar.ts).
 */

const DAY = 86_400_000
/** Days compiled at a time: a year, so a request's whole life usually needs one chunk. */
const CHUNK = 400

/** What the timeline is compiled from: local midnights and a day's merged working spans. */
export interface DaySource {
  /** Epoch ms of the start of local day `d` (days since 1970-01-01). */
  midnight(d: number): number
  /** The day's working spans as sorted, disjoint epoch-ms pairs [s0, e0, s1, e1, …]. */
  spans(d: number): number[]
}

export class WorkingTimeline {
  /** Compiled local days [lo, hi). */
  private lo = 0
  private hi = 0
  /** midnights[i] = start of day lo + i; one more than the days, so a day's end is the next. */
  private midnights: number[] = []
  private starts: number[] = []
  private ends: number[] = []
  /** cum[k] = working ms in spans before span k; cum[starts.length] = the total. */
  private cum: number[] = [0]
  /** firstSpan[i] = index of the first span of day lo + i (length days + 1). */
  private firstSpan: number[] = []

  constructor(private readonly source: DaySource) {}

  /** The last compiled local day. */
  get lastDay(): number {
    return this.hi - 1
  }

  /** Makes sure the local day of `ms` (and a day either side) is compiled. */
  cover(ms: number): void {
    const d = Math.floor(ms / DAY) // a zone's offset is under a day, so the local day is d-1..d+1
    this.coverDays(d - 1, d + 2)
  }

  /** Makes sure local days [a, b) are compiled. */
  coverDays(a: number, b: number): void {
    if (this.hi > this.lo && a >= this.lo && b <= this.hi) return
    if (this.hi === this.lo || a < this.lo) {
      const hi = Math.max(this.hi, b + CHUNK)
      this.reset(Math.min(a, this.hi === this.lo ? a : this.lo) - CHUNK)
      this.append(hi)
    } else this.append(Math.max(b, this.hi + CHUNK))
  }

  /** The compiled local day that contains `ms` (call `cover(ms)` first). */
  dayOf(ms: number): number {
    return this.lo + lastAtOrBefore(this.midnights, ms)
  }

  /** Start of compiled day `d`. */
  midnight(d: number): number {
    return this.midnights[d - this.lo]
  }

  /** Working ms from the compiled start to `t` (call `cover(t)` first). */
  elapsed(t: number): number {
    const k = lastAtOrBefore(this.starts, t)
    if (k < 0) return 0
    return this.cum[k] + Math.min(t, this.ends[k]) - this.starts[k]
  }

  /** The earliest instant at which `elapsed` equals `target`, or null when past the compiled days. */
  instantAt(target: number): number | null {
    // smallest k with cum[k + 1] >= target
    let a = 0
    let b = this.starts.length
    while (a < b) {
      const m = (a + b) >> 1
      if (this.cum[m + 1] >= target) b = m
      else a = m + 1
    }
    return a < this.starts.length ? this.starts[a] + (target - this.cum[a]) : null
  }

  /** Index of the first span that ends after `ms`, or -1 when none is compiled. */
  spanEndingAfter(ms: number): number {
    const k = lastAtOrBefore(this.ends, ms) + 1
    return k < this.ends.length ? k : -1
  }

  /** Span `k` as [start, end]. */
  span(k: number): [number, number] {
    return [this.starts[k], this.ends[k]]
  }

  /** The spans of compiled day `d`, flat [s0, e0, …]. */
  daySpans(d: number): number[] {
    const i = d - this.lo
    const out: number[] = []
    for (let k = this.firstSpan[i]; k < this.firstSpan[i + 1]; k++) out.push(this.starts[k], this.ends[k])
    return out
  }

  /** Working ms of compiled day `d`. */
  dayTotal(d: number): number {
    const i = d - this.lo
    return this.cum[this.firstSpan[i + 1]] - this.cum[this.firstSpan[i]]
  }

  private reset(lo: number) {
    this.lo = this.hi = lo
    this.midnights = [this.source.midnight(lo)]
    this.starts = []
    this.ends = []
    this.cum = [0]
    this.firstSpan = [0]
  }

  private append(hi: number) {
    for (let d = this.hi; d < hi; d++) {
      const spans = this.source.spans(d)
      for (let i = 0; i < spans.length; i += 2) {
        this.starts.push(spans[i])
        this.ends.push(spans[i + 1])
        this.cum.push(this.cum[this.cum.length - 1] + spans[i + 1] - spans[i])
      }
      this.firstSpan.push(this.starts.length)
      this.midnights.push(this.source.midnight(d + 1))
    }
    this.hi = hi
  }
}

/** Index of the last element ≤ x in a sorted array, -1 when none. */
function lastAtOrBefore(sorted: number[], x: number): number {
  let a = 0
  let b = sorted.length
  while (a < b) {
    const m = (a + b) >> 1
    if (sorted[m] <= x) a = m + 1
    else b = m
  }
  return a - 1
}
