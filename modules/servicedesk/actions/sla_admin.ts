import { defineAction } from '#core/modules/define'
import { Problem, invalid } from '#core/errors/problem'
import { isAdmin } from '#core/permissions/policy'
import { mayEditKind } from '#core/permissions/metadata_access'
import { getDraft, draftSet } from '#core/metadata/drafts'
import type { OpContext } from '#core/records/context'
import type { MetadataSet } from '#core/metadata/set'
import { BusinessCalendar } from '../sla/calendar.js'
import { computeSla } from '../sla/sla_clock.js'
import { PRIORITIES, WEEKDAYS, type CalendarDoc, type Priority, type SlaDoc } from '../sla/types.js'
import { dayNumber, isoWeekday } from '../sla/local_date.js'
import { slaOfType } from '../hooks/sla.js'
import { recomputeOpenTickets } from '../hooks/sla_recompute.js'
import type { RequestTypeDoc } from '../kinds/request_type.js'

/**
 * The SLA designer's server side: a due-date calculator and a calendar's month, both over a
 * draft's documents (so unpublished changes show), and recomputing the open requests of a type
 * after its targets changed. Administrators and the roles that may edit SLAs or request types.
 */

function adminOnly(op: OpContext) {
  // administrators, and roles allowed to edit SLAs (the supervisor: `metadata.kinds` of its role)
  if (!isAdmin(op.set, op.actor) && !mayEditKind(op.set, op.actor, 'sla') && !mayEditKind(op.set, op.actor, 'request_type')) {
    throw new Problem('forbidden', [], {}, 'administrators and SLA editors only')
  }
}

/** The published documents, or those of the draft `input.draft` when one is named. */
async function documentsOf(op: OpContext, draft: unknown): Promise<MetadataSet> {
  if (draft === undefined || draft === null || draft === '') return op.set
  if (typeof draft !== 'string') throw invalid([{ pointer: '/draft', message: 'a draft id', code: 'type' }])
  return draftSet(op.db, await getDraft(op.db, draft))
}

function calendarOf(set: MetadataSet, key: string, pointer: string): BusinessCalendar {
  const doc = set.get<CalendarDoc>('calendar', key)
  if (!doc) throw invalid([{ pointer, message: `no calendar "${key}"`, code: 'not_found' }])
  try {
    return new BusinessCalendar(doc)
  } catch (error: any) {
    throw invalid([{ pointer, message: String(error.message), code: 'invalid_calendar' }])
  }
}

/** Due dates of a request created at `at` (default now) of a type or under an SLA, with a priority. */
export function previewDue(set: MetadataSet, input: { request_type?: string; sla?: string; priority?: string; at?: Date }) {
  let sla: SlaDoc | undefined
  let priority = input.priority as Priority | undefined
  if (input.request_type) {
    const rt = set.get<RequestTypeDoc>('request_type', input.request_type)
    if (!rt) throw invalid([{ pointer: '/request_type', message: `no request type "${input.request_type}"`, code: 'not_found' }])
    sla = slaOfType(set, rt)
    priority ??= rt.defaultPriority ?? 'normal'
    if (!sla) throw invalid([{ pointer: '/request_type', message: `no sla "${rt.sla}"`, code: 'not_found' }])
  } else if (input.sla) {
    sla = set.get<SlaDoc>('sla', input.sla)
    if (!sla) throw invalid([{ pointer: '/sla', message: `no sla "${input.sla}"`, code: 'not_found' }])
  } else throw invalid([{ pointer: '/request_type', message: 'name a request type or an SLA', code: 'required' }])
  priority ??= 'normal'
  if (!PRIORITIES.includes(priority)) throw invalid([{ pointer: '/priority', message: `one of ${PRIORITIES.join(', ')}`, code: 'enum' }])
  const target = sla.targets?.[priority]
  if (!target) throw invalid([{ pointer: '/priority', message: `the SLA has no target for "${priority}"`, code: 'not_found' }])
  const calendar = calendarOf(set, sla.calendar, '/sla')
  const at = input.at ?? new Date()
  try {
    const status = computeSla({ sla, calendar, priority, createdAt: at, now: at })
    return { sla: sla.key, calendar: sla.calendar, priority, at, target, responseDue: status.responseDue, resolutionDue: status.resolutionDue }
  } catch (error: any) {
    throw invalid([{ pointer: '/sla', message: String(error.message), code: 'invalid_sla' }])
  }
}

/**
 * POST /api/v1/actions/servicedesk.sla_preview { draft?, request_type? | sla?, priority?, at? }:
 * "when would a request that came now (or at `at`) be due", by the real SLA clock over the
 * draft's documents, next to what the published ones say.
 */
export const sla_preview = defineAction({
  method: 'POST',
  summary: "When a request would be due under a draft's SLA documents",
  input: {
    type: 'object',
    properties: {
      draft: { type: ['string', 'null'] },
      request_type: { type: ['string', 'null'] },
      sla: { type: ['string', 'null'] },
      priority: { type: ['string', 'null'] },
      at: { type: ['string', 'null'] },
    },
  },
  async handle(op, input) {
    adminOnly(op)
    let at: Date | undefined
    if (input.at !== undefined && input.at !== null && input.at !== '') {
      at = new Date(String(input.at))
      if (Number.isNaN(at.getTime())) throw invalid([{ pointer: '/at', message: 'a date and time (ISO 8601)', code: 'format' }])
    }
    const query = { request_type: input.request_type || undefined, sla: input.sla || undefined, priority: input.priority || undefined, at }
    const draft = previewDue(await documentsOf(op, input.draft), query)
    let published: ReturnType<typeof previewDue> | null = null
    try {
      published = previewDue(op.set, { ...query, at: draft.at })
    } catch {
      published = null // new in the draft
    }
    return { data: { ...draft, published } }
  },
})

/**
 * GET /api/v1/actions/servicedesk.calendar_month?calendar=&month=YYYY-MM&draft= — each day of
 * the month on the calendar as the draft has it: working hours, holiday, working or not.
 */
export const calendar_month = defineAction({
  method: 'GET',
  summary: 'Each day of a month on a (draft) business calendar',
  input: {
    type: 'object',
    properties: { calendar: { type: 'string', minLength: 1 }, month: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }, draft: { type: 'string' } },
    required: ['calendar', 'month'],
  },
  async handle(op, input) {
    adminOnly(op)
    const month = String(input.month ?? '')
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid([{ pointer: '/month', message: 'YYYY-MM', code: 'format' }])
    if (typeof input.calendar !== 'string' || !input.calendar) throw invalid([{ pointer: '/calendar', message: 'required', code: 'required' }])
    const calendar = calendarOf(await documentsOf(op, input.draft), input.calendar, '/calendar')
    const [y, m] = month.split('-').map(Number)
    const length = new Date(Date.UTC(y, m, 0)).getUTCDate()
    const days = []
    for (let d = 1; d <= length; d++) {
      const date = `${month}-${String(d).padStart(2, '0')}`
      const hours = calendar.hoursOn(date)
      const holiday = calendar.holidayOn(date)
      days.push({ date, weekday: WEEKDAYS[isoWeekday(dayNumber(date)) - 1], hours, working: hours.length > 0, ...(holiday ? { holiday: holiday.name } : {}) })
    }
    return { data: { calendar: calendar.key, timeZone: calendar.timeZone, month, days } }
  },
})

/**
 * POST /api/v1/actions/servicedesk.sla_recompute { request_type } — recomputes the SLA due
 * dates of the type's open requests with the published targets (after a target changed; by
 * default existing requests keep theirs). Returns how many changed.
 */
export const sla_recompute = defineAction({
  method: 'POST',
  summary: "Recomputes the due dates of a request type's open requests",
  input: { type: 'object', properties: { request_type: { type: 'string', minLength: 1 } }, required: ['request_type'] },
  async handle(op, input) {
    adminOnly(op)
    const key = input.request_type
    if (typeof key !== 'string' || !op.set.get('request_type', key)) throw invalid([{ pointer: '/request_type', message: `no request type "${String(key ?? '')}"`, code: 'not_found' }])
    return { data: await recomputeOpenTickets(op.set, op.actor, key) }
  },
})
