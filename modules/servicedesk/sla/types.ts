/**
 * Shapes of the `calendar` and `sla` metadata documents. The meta-schemas
 * (`modules/servicedesk/schemas/calendar.schema.json`, `sla.schema.json`) are the source of truth.
 */
import type { Label, MetaDocument } from '#core/shared/metadata'

/** Weekday keys of `calendar.week`, Monday first (ISO weekday 1..7). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** One working range of a local day: `from` 'HH:MM', `to` 'HH:MM' or '24:00'. */
export interface TimeRange {
  from: string
  to: string
}

/** A period of martial law; `to` is its last day (absent or null: still in force). */
export interface MartialLaw {
  from: string
  to?: string | null
}

export interface CalendarException {
  date: string
  /** `[]` = a day off; otherwise the only working ranges of that day. */
  hours: TimeRange[]
  note?: Label
}

export interface CalendarDoc extends MetaDocument {
  kind: 'calendar'
  label: Label
  /** IANA zone; default `Europe/Kyiv`. */
  timeZone?: string
  /** 24/7: every day 00:00–24:00 local; `week` is ignored. */
  alwaysOpen?: boolean
  week?: Partial<Record<Weekday, TimeRange[]>>
  /** A built-in public-holiday list by country; absent or false = no holidays. */
  holidays?: { country: string } | false
  martialLaw?: MartialLaw
  exceptions?: CalendarException[]
}

export const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const
export type Priority = (typeof PRIORITIES)[number]

/** ISO 8601 business durations, e.g. `PT4H`, `P3D`. */
export interface SlaTarget {
  response: string
  resolution: string
}

export type EscalationLevel = 'dispatcher' | 'company_head' | 'city_supervisor'

export interface EscalationStep {
  /** A business duration from creation, or a fraction of the resolution target (1 = due). */
  after: string | number
  notify?: { role: string }
  level: EscalationLevel
}

export interface SlaDoc extends MetaDocument {
  kind: 'sla'
  label: Label
  calendar: string
  targets: Record<Priority, SlaTarget>
  pauseStates?: string[]
  warnAt?: number
  escalation?: EscalationStep[]
}

/** A non-working day from a public-holiday list. */
export interface Holiday {
  /** 'YYYY-MM-DD' of the day off. */
  date: string
  name: Label
  /** Set on a day off that a holiday on a rest day moved here: the holiday's own date. */
  transferredFrom?: string
}

/** How a holiday list turns holidays into days off for one calendar. */
export interface DaysOffOptions {
  /** While in force, holidays are ordinary working days and nothing moves. */
  martialLaw?: MartialLaw | null
  /** The calendar's weekly rest days ('YYYY-MM-DD' → true); default Saturday and Sunday. */
  isRestDay?: (date: string) => boolean
}
