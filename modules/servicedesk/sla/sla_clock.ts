/**
 * The SLA clock of one request, as a pure function of its facts. Nothing is stored between
 * calls: every change (state, priority, type, calendar, response, resolution) recomputes it.
 * A priority change is the same call with the new priority: the new targets count from the
 * request's creation, not from the change, so raising the priority can breach at once.
 */
import type { BusinessCalendar } from './calendar.js'
import type { Priority, SlaDoc } from './types.js'

/** A state the request entered; the first entry is its state at creation. */
export interface StateChange {
  state: string
  at: Date
}

export interface SlaClockInput {
  sla: SlaDoc
  /** The calendar that `sla.calendar` names (cache it: see `businessCalendar`). */
  calendar: BusinessCalendar
  priority: Priority
  createdAt: Date
  history?: StateChange[]
  /** First response; a resolution without one counts as the response. */
  respondedAt?: Date | null
  resolvedAt?: Date | null
  now: Date
}

export interface SlaStatus {
  /** Creation + the response target; pauses do not move it. */
  responseDue: Date
  /** When the running (unpaused) business time reaches the target; while paused, as if resumed now. */
  resolutionDue: Date
  /** Running business time / resolution target, at resolution or now; above 1 when overdue. */
  usedFraction: number
  /** Business minutes left to `resolutionDue`, negative when overdue. */
  remainingMinutes: number
  /** In a pause state now (never once resolved). */
  paused: boolean
  /** Business minutes spent in pause states between creation and resolution or now. */
  pausedMinutes: number
  /** Running business minutes (pauses excluded) from creation to resolution or now. */
  usedMinutes: number
  /** `usedFraction >= warnAt`. */
  warning: boolean
  /** Responded after the due instant, or not responded and the due instant has come. */
  responseBreached: boolean
  /** Resolved after the due instant, or not resolved and the due instant has come. */
  resolutionBreached: boolean
  /** Index in `sla.escalation` of the highest step reached, -1 when none. */
  escalationLevel: number
  /**
   * The earliest instant after `now` at which `warning`, a breach or `escalationLevel` changes
   * if nothing else happens; null when resolved or when only an event (e.g. leaving a pause)
   * can change them. The durable timer fires here and recomputes.
   */
  nextTimerAt: Date | null
}

const MINUTE = 60_000
type Segment = [number, number] // epoch ms [start, end); end may be Infinity

/**
 * Computes the SLA status. Business time is counted on the calendar (see BusinessCalendar);
 * pause states stop the resolution clock only. Thresholds (warning, escalation steps given as
 * fractions, breach) are reached when the running time is at least the threshold.
 * @example computeSla({ sla, calendar: businessCalendar(calDoc), priority: 'normal', createdAt, history, now: new Date() })
 */
export function computeSla(input: SlaClockInput): SlaStatus {
  const { sla, calendar, createdAt, now } = input
  const target = sla.targets[input.priority]
  if (!target) throw new Error(`sla ${sla.key}: no target for priority "${input.priority}"`)
  const created = createdAt.getTime()
  const resolved = input.resolvedAt ? Math.min(input.resolvedAt.getTime(), now.getTime()) : null
  const stop = resolved ?? now.getTime()

  // epoch-ms arithmetic on the compiled calendar: no Date objects in the loops
  const between = (a: number, b: number) => calendar.businessMs(a, b)
  const after = (a: number, ms: number) => calendar.addMs(a, ms)
  const fromCreation = (iso: string) => between(created, calendar.addDurationMs(created, iso))

  const pauses = pausedSpans(input.history ?? [], new Set(sla.pauseStates ?? []), created, stop)
  const running = runningSegments(pauses, created)
  const usedAt = (t: number) => running.reduce((sum, [a, b]) => (a < Math.min(b, t) ? sum + between(a, Math.min(b, t)) : sum), 0)
  const instantAt = (ms: number) => {
    let left = ms
    for (const [a, b] of running) {
      const span = b === Infinity ? Infinity : between(a, b)
      if (left <= span) return after(a, left)
      left -= span
    }
    return Infinity // unreachable: the last segment is open-ended
  }

  const total = fromCreation(target.resolution)
  const used = usedAt(stop)
  const resolutionDue = instantAt(total)
  const responseDue = calendar.addDurationMs(created, target.response)
  const state = stateAt(input.history ?? [], stop)
  const paused = resolved === null && state !== undefined && (sla.pauseStates ?? []).includes(state)
  const responded = (input.respondedAt ?? input.resolvedAt)?.getTime() ?? null

  const warnAt = sla.warnAt === undefined ? null : Math.round(sla.warnAt * total)
  const steps = (sla.escalation ?? []).map((s) => (typeof s.after === 'number' ? Math.round(s.after * total) : fromCreation(s.after)))
  const escalationLevel = steps.reduce((level, threshold, i) => (used >= threshold ? i : level), -1)

  let next = Infinity
  if (resolved === null) {
    if (responded === null && now.getTime() < responseDue) next = responseDue
    if (!paused) {
      for (const threshold of [warnAt, total, ...steps]) if (threshold !== null && used < threshold) next = Math.min(next, instantAt(threshold))
    }
  }

  return {
    responseDue: new Date(responseDue),
    resolutionDue: new Date(resolutionDue),
    usedFraction: used / total,
    remainingMinutes: (total - used) / MINUTE,
    paused,
    pausedMinutes: pauses.reduce((sum, [a, b]) => sum + between(a, b), 0) / MINUTE,
    usedMinutes: used / MINUTE,
    warning: warnAt !== null && used >= warnAt,
    responseBreached: responded !== null ? responded > responseDue : now.getTime() >= responseDue,
    resolutionBreached: resolved !== null ? resolved > resolutionDue : now.getTime() >= resolutionDue,
    escalationLevel,
    nextTimerAt: next === Infinity ? null : new Date(next),
  }
}

/** Spans in a pause state, clipped to [from, to], merged. */
function pausedSpans(history: StateChange[], pauseStates: Set<string>, from: number, to: number): Segment[] {
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime())
  const spans: Segment[] = []
  sorted.forEach((change, i) => {
    if (!pauseStates.has(change.state)) return
    const s = Math.max(change.at.getTime(), from)
    const e = Math.min(sorted[i + 1]?.at.getTime() ?? Infinity, to)
    if (s >= e) return
    const last = spans[spans.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else spans.push([s, e])
  })
  return spans
}

/** The complement of the pauses from `from` on; the clock runs again after the last pause. */
function runningSegments(pauses: Segment[], from: number): Segment[] {
  const out: Segment[] = []
  let cursor = from
  for (const [s, e] of pauses) {
    if (s > cursor) out.push([cursor, s])
    cursor = e
  }
  out.push([cursor, Infinity])
  return out
}

/** The state the request was in at `t` (the latest change at or before it). */
function stateAt(history: StateChange[], t: number): string | undefined {
  let best: StateChange | undefined
  for (const c of history) if (c.at.getTime() <= t && (!best || c.at.getTime() >= best.at.getTime())) best = c
  return best?.state
}
