import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { businessCalendar } from './calendar.js'
import { computeSla, type SlaClockInput, type SlaStatus, type StateChange } from './sla_clock.js'
import type { CalendarDoc, SlaDoc } from './types.js'

const ZONE = 'Europe/Kyiv'
const read = (rel: string) => JSON.parse(readFileSync(join(process.cwd(), 'modules/servicedesk', rel), 'utf8'))
const kyiv = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate()
const wall = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm ccc') : null)

const sla: SlaDoc = read('slas/standard.sla.json')
const calendar = businessCalendar(read('calendars/kyiv_office.calendar.json') as CalendarDoc)
const createdAt = kyiv('2026-03-02 10:00') // Monday
const states = (...pairs: [string, string][]): StateChange[] => pairs.map(([state, at]) => ({ state, at: kyiv(at) }))
const clock = (now: string, more: Partial<SlaClockInput> = {}) => computeSla({ sla, calendar, priority: 'normal', createdAt, history: states(['new', '2026-03-02 10:00']), now: kyiv(now), ...more })

describe('SLA clock (standard SLA, office calendar, normal: PT4H / P3D)', () => {
  it('sets the due dates in business time and counts the used share', () => {
    const s = clock('2026-03-02 11:00')
    expect(wall(s.responseDue)).toBe('2026-03-02 15:00 Mon') // 10–12 and 13–15
    expect(wall(s.resolutionDue)).toBe('2026-03-05 10:00 Thu')
    expect(s.usedFraction).toBeCloseTo(60 / 1440, 10)
    expect(s.remainingMinutes).toBe(1380)
    expect(s).toEqual(jasmine.objectContaining({ paused: false, pausedMinutes: 0, warning: false, responseBreached: false, resolutionBreached: false, escalationLevel: -1 }))
    expect(wall(s.nextTimerAt)).toBe('2026-03-02 15:00 Mon') // the response deadline comes first
  })

  it('breaches the response when the due instant comes without one', () => {
    expect(clock('2026-03-02 14:59').responseBreached).toBeFalse()
    expect(clock('2026-03-02 15:00').responseBreached).toBeTrue()
    expect(clock('2026-03-03 09:00', { respondedAt: kyiv('2026-03-02 14:00') }).responseBreached).toBeFalse()
    expect(clock('2026-03-03 09:00', { respondedAt: kyiv('2026-03-02 15:30') }).responseBreached).toBeTrue()
  })

  it('warns at 80 % and climbs the escalation ladder (0.8 dispatcher, 1.0 company head, 1.5 supervisor)', () => {
    const respondedAt = kyiv('2026-03-02 11:00')
    // 80 % of 1440 min = 1152 min: Mon 360 + Tue 480 + Wed 312 (08–12, 13:00–14:12)
    const before = clock('2026-03-04 14:11', { respondedAt })
    expect([before.warning, before.escalationLevel]).toEqual([false, -1])
    expect(wall(before.nextTimerAt)).toBe('2026-03-04 14:12 Wed')
    const warned = clock('2026-03-04 14:12', { respondedAt })
    expect([warned.warning, warned.escalationLevel, warned.resolutionBreached]).toEqual([true, 0, false])
    expect(wall(warned.nextTimerAt)).toBe('2026-03-05 10:00 Thu')
    const breached = clock('2026-03-05 10:00', { respondedAt })
    expect([breached.resolutionBreached, breached.escalationLevel, breached.usedFraction]).toEqual([true, 1, 1])
    // 150 % = 2160 min: Thu 10:00 + 720 min = Fri 15:00
    expect(wall(breached.nextTimerAt)).toBe('2026-03-06 15:00 Fri')
    const top = clock('2026-03-06 15:00', { respondedAt })
    expect([top.escalationLevel, top.usedFraction, top.remainingMinutes, top.nextTimerAt]).toEqual([2, 1.5, -720, null])
  })

  it('does not count closed hours after the due instant, but the breach stands', () => {
    const s = clock('2026-03-05 20:00', { respondedAt: kyiv('2026-03-02 11:00') })
    expect(s.usedFraction).toBe(1 + 360 / 1440) // Thu 10–12 and 13–17
    expect(s.resolutionBreached).toBeTrue()
  })

  it('moves the resolution due by the business time spent waiting for the resident', () => {
    const history = states(['new', '2026-03-02 10:00'], ['waiting_resident', '2026-03-03 09:00'], ['in_progress', '2026-03-03 15:00'])
    const s = clock('2026-03-04 09:00', { history, respondedAt: kyiv('2026-03-02 11:00') })
    expect(s.pausedMinutes).toBe(300) // Tue 09–12 and 13–15
    expect(wall(s.resolutionDue)).toBe('2026-03-05 16:00 Thu') // Thu 10:00 + 300 business minutes
    expect(wall(s.responseDue)).toBe('2026-03-02 15:00 Mon') // pauses do not move the response
    expect(s.usedFraction).toBe((360 + 60 + 120 + 60) / 1440)
    expect(s.paused).toBeFalse()
  })

  it('stops the clock while paused, projects the due as if resumed now, and sets no timer', () => {
    const history = states(['new', '2026-03-02 10:00'], ['waiting_resident', '2026-03-03 09:00'])
    const a = clock('2026-03-03 15:00', { history, respondedAt: kyiv('2026-03-02 11:00') })
    const b = clock('2026-03-09 15:00', { history, respondedAt: kyiv('2026-03-02 11:00') })
    expect([a.paused, a.pausedMinutes, wall(a.resolutionDue), a.nextTimerAt]).toEqual([true, 300, '2026-03-05 16:00 Thu', null])
    expect(b.usedFraction).toBe(a.usedFraction)
    expect(b.resolutionBreached).toBeFalse()
    expect(wall(b.resolutionDue)).toBe('2026-03-11 16:00 Wed') // 420 min of 1440 used; 1020 left from Mon 15:00
  })

  it('keeps a breach that happened before a later pause', () => {
    const history = states(['new', '2026-03-02 10:00'], ['waiting_resident', '2026-03-05 11:00'], ['in_progress', '2026-03-06 11:00'])
    const s = clock('2026-03-06 12:00', { history, respondedAt: kyiv('2026-03-02 11:00') })
    expect(wall(s.resolutionDue)).toBe('2026-03-05 10:00 Thu')
    expect(s.resolutionBreached).toBeTrue()
    expect(s.pausedMinutes).toBe(480) // Thu 11–12, 13–17, Fri 08–11
  })

  it('freezes at resolution: on time or late', () => {
    const onTime = clock('2026-03-09 10:00', { resolvedAt: kyiv('2026-03-04 12:00') })
    expect([onTime.usedFraction, onTime.resolutionBreached, onTime.responseBreached, onTime.nextTimerAt]).toEqual([1080 / 1440, false, true, null])
    const late = clock('2026-03-09 10:00', { resolvedAt: kyiv('2026-03-05 10:30'), respondedAt: kyiv('2026-03-02 10:05') })
    expect([late.resolutionBreached, late.responseBreached, late.escalationLevel]).toEqual([true, false, 1])
  })

  it('recomputes a priority change with the same call: targets count from creation', () => {
    const now = '2026-03-02 15:30'
    const normal = clock(now, { respondedAt: kyiv('2026-03-02 10:05') })
    const emergency = clock(now, { respondedAt: kyiv('2026-03-02 10:05'), priority: 'emergency' })
    expect(normal.resolutionBreached).toBeFalse()
    expect([wall(emergency.responseDue), wall(emergency.resolutionDue), emergency.resolutionBreached]).toEqual(['2026-03-02 10:15 Mon', '2026-03-02 15:00 Mon', true])
    const low = clock(now, { priority: 'low' })
    expect([wall(low.responseDue), wall(low.resolutionDue)]).toEqual(['2026-03-03 10:00 Tue', '2026-03-16 10:00 Mon'])
  })

  it('starts a request filed out of hours at the next opening', () => {
    const s = clock('2026-03-07 12:00', { createdAt: kyiv('2026-03-07 11:00'), priority: 'high' }) // Saturday
    expect([wall(s.responseDue), wall(s.resolutionDue), s.usedFraction]).toEqual(['2026-03-09 09:00 Mon', '2026-03-09 17:00 Mon', 0])
  })

  it('changes state exactly at each nextTimerAt, so a durable timer fires once per change', () => {
    const history = states(['new', '2026-03-02 10:00'], ['waiting_resident', '2026-03-03 11:00'], ['in_progress', '2026-03-04 09:30'])
    const facts = (s: SlaStatus) => [s.warning, s.escalationLevel, s.responseBreached, s.resolutionBreached]
    let now = kyiv('2026-03-03 12:00') // paused: a state change, not a timer, resumes the clock
    expect(computeSla({ sla, calendar, priority: 'normal', createdAt, history, now }).nextTimerAt).toBeNull()
    now = kyiv('2026-03-04 09:30')
    const fired: string[] = []
    for (let s = computeSla({ sla, calendar, priority: 'normal', createdAt, history, now }); s.nextTimerAt;) {
      const at = s.nextTimerAt
      const justBefore = computeSla({ sla, calendar, priority: 'normal', createdAt, history, now: new Date(at.getTime() - 1) })
      s = computeSla({ sla, calendar, priority: 'normal', createdAt, history, now: at })
      expect(facts(justBefore)).not.toEqual(facts(s))
      fired.push(`${wall(at)} ${facts(s).join(',')}`)
    }
    // At Wed 09:30: 540 min used (Mon 360, Tue 08–11), 390 paused (Tue 11–12, 13–17, Wed 08–09:30).
    // 80 % = 1152 → Thu 11:42; 100 % = 1440 → Fri 08:30; 150 % = 2160 → Mon 13:30. No response: already breached.
    expect(fired).toEqual(['2026-03-05 11:42 Thu true,0,true,false', '2026-03-06 08:30 Fri true,1,true,true', '2026-03-09 13:30 Mon true,2,true,true'])
  })
})

describe('SLA clock on a 24/7 calendar across the spring DST change', () => {
  it('counts real hours: 01:00 + PT4H = 06:00 when 03:00 jumps to 04:00; 80 % at 05:12', () => {
    const always = businessCalendar(read('calendars/always_open.calendar.json') as CalendarDoc)
    const input = { sla, calendar: always, priority: 'emergency' as const, createdAt: kyiv('2026-03-29 01:00'), history: [] }
    const s = computeSla({ ...input, now: kyiv('2026-03-29 05:12') }) // 3 h 12 min really passed
    expect([wall(s.responseDue), wall(s.resolutionDue), s.usedFraction, s.warning]).toEqual(['2026-03-29 01:15 Sun', '2026-03-29 06:00 Sun', 0.8, true])
  })
})
