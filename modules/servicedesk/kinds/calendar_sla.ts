import type { MetaDocument } from '#core/shared/metadata'
import type { ModuleKind } from '#core/modules/define'
import { BusinessCalendar } from '../sla/calendar.js'
import type { CalendarDoc } from '../sla/types.js'

interface CalendarLike extends MetaDocument {
  timeZone?: string
  week?: Record<string, Array<{ from: string; to: string }>>
  exceptions?: Array<{ date: string; hours: Array<{ from: string; to: string }> }>
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Working intervals of a day must be ordered and must not overlap. */
function checkIntervals(list: Array<{ from: string; to: string }>, at: string, report: (p: string, m: string) => void) {
  let end = -1
  list.forEach((iv, i) => {
    const a = minutes(iv.from)
    const b = minutes(iv.to)
    if (b <= a) report(`${at}/${i}`, `${iv.from}–${iv.to} ends before it starts`)
    if (a < end) report(`${at}/${i}`, `${iv.from}–${iv.to} overlaps the previous interval`)
    end = Math.max(end, b)
  })
}

/** Business calendars: working hours by weekday, exceptions and holidays, a time zone. */
export const calendarKind: ModuleKind = {
  kind: 'calendar',
  schema: 'schemas/calendar.schema.json',
  check(doc, _set, report) {
    const cal = doc as CalendarLike
    if (cal.timeZone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: cal.timeZone })
      } catch {
        report('/timeZone', `unknown time zone "${cal.timeZone}"`)
      }
    }
    for (const [day, list] of Object.entries(cal.week ?? {})) checkIntervals(list, `/week/${day}`, report)
    cal.exceptions?.forEach((ex, i) => checkIntervals(ex.hours, `/exceptions/${i}/hours`, report))
    try {
      new BusinessCalendar(cal as unknown as CalendarDoc) // holiday source, ranges, time zone as the clock reads them
    } catch (error: any) {
      report('', String(error.message).replace(/^calendar \S+: /, ''))
    }
  },
}

/** Service levels: response and resolution targets by priority over a calendar. */
export const slaKind: ModuleKind = {
  kind: 'sla',
  schema: 'schemas/sla.schema.json',
  check(doc, set, report) {
    const calendar = (doc as MetaDocument & { calendar: string }).calendar
    if (!set.get('calendar', calendar)) report('/calendar', `no calendar "${calendar}"`)
  },
}
