import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { BusinessCalendar, businessCalendar } from './calendar.js'
import type { CalendarDoc } from './types.js'

const ZONE = 'Europe/Kyiv'
const load = (name: string): CalendarDoc => JSON.parse(readFileSync(join(process.cwd(), 'modules/servicedesk/calendars', name), 'utf8'))
/** A Kyiv wall time as an instant: kyiv('2026-03-02 10:00'). */
const kyiv = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate()
/** An instant as a Kyiv wall time with its weekday, for readable expectations. */
const wall = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm ccc')

const office = load('kyiv_office.calendar.json')
const cal = new BusinessCalendar(office)
const withDoc = (patch: Partial<CalendarDoc>) => new BusinessCalendar({ ...office, ...patch })

describe('BusinessCalendar: working days 08:00–17:00 with a 12:00–13:00 lunch', () => {
  // [start, duration, due] — 2026-03-02 is a Monday; martial law in force, so 8 March is not moved.
  const table: [string, string, string][] = [
    ['2026-03-02 10:00', 'P3D', '2026-03-05 10:00 Thu'],
    ['2026-03-06 16:30', 'PT2H', '2026-03-09 09:30 Mon'],
    ['2026-03-02 12:30', 'PT2H', '2026-03-02 15:00 Mon'], // filed during lunch: starts at 13:00
    ['2026-03-02 12:30', 'PT30M', '2026-03-02 13:30 Mon'],
    ['2026-03-02 11:30', 'PT1H', '2026-03-02 13:30 Mon'], // the lunch does not count
    ['2026-03-02 06:00', 'PT1H', '2026-03-02 09:00 Mon'], // before opening
    ['2026-03-07 11:00', 'PT1H', '2026-03-09 09:00 Mon'], // Saturday
    ['2026-03-02 08:00', 'PT8H', '2026-03-02 17:00 Mon'],
    ['2026-03-02 08:00', 'P1D', '2026-03-02 17:00 Mon'], // ≡ Tue 08:00; results take the earliest form
    ['2026-03-02 12:30', 'P3D', '2026-03-05 12:00 Thu'], // filed during lunch: Thu 13:00 ≡ 12:00
    ['2026-03-02 16:59', 'P1D', '2026-03-03 16:59 Tue'],
    ['2026-03-02 17:00', 'P1D', '2026-03-03 17:00 Tue'], // after closing = Tue 08:00 → Wed 08:00 ≡ Tue 17:00
    ['2026-03-06 10:00', 'P1D', '2026-03-09 10:00 Mon'],
    ['2026-03-02 10:00', 'P1DT2H', '2026-03-03 12:00 Tue'], // the earliest instant: 12:00, not 13:00,
    ['2026-03-02 10:00', 'PT90M', '2026-03-02 11:30 Mon'],
    ['2026-03-02 10:00', 'P10D', '2026-03-16 10:00 Mon'],
  ]
  for (const [start, duration, due] of table) {
    it(`${start} + ${duration} = ${due}`, () => {
      expect(wall(cal.addBusinessDuration(kyiv(start), duration))).toBe(due)
    })
  }

  it('counts business minutes between two instants, either order', () => {
    expect(cal.businessMinutesBetween(kyiv('2026-03-02 10:00'), kyiv('2026-03-05 10:00'))).toBe(3 * 480)
    expect(cal.businessMinutesBetween(kyiv('2026-03-05 10:00'), kyiv('2026-03-02 10:00'))).toBe(-3 * 480)
    expect(cal.businessMinutesBetween(kyiv('2026-03-06 16:30'), kyiv('2026-03-09 09:30'))).toBe(120)
    expect(cal.businessMinutesBetween(kyiv('2026-03-07 00:00'), kyiv('2026-03-08 23:59'))).toBe(0)
    expect(cal.durationMinutes(kyiv('2026-03-02 10:00'), 'P3D')).toBe(1440)
  })

  it('answers working time, intervals and the next opening', () => {
    expect(cal.isWorkingTime(kyiv('2026-03-02 08:00'))).toBeTrue()
    expect(cal.isWorkingTime(kyiv('2026-03-02 12:30'))).toBeFalse()
    expect(cal.isWorkingTime(kyiv('2026-03-02 17:00'))).toBeFalse()
    expect(cal.isWorkingTime(kyiv('2026-03-07 10:00'))).toBeFalse()
    expect(cal.workingIntervals(kyiv('2026-03-02 09:00'), kyiv('2026-03-03 09:00')).map((i) => `${wall(i.start)}–${wall(i.end)}`)).toEqual([
      '2026-03-02 09:00 Mon–2026-03-02 12:00 Mon',
      '2026-03-02 13:00 Mon–2026-03-02 17:00 Mon',
      '2026-03-03 08:00 Tue–2026-03-03 09:00 Tue',
    ])
    expect(wall(cal.nextOpening(kyiv('2026-03-06 17:00')))).toBe('2026-03-09 08:00 Mon')
    expect(wall(cal.nextOpening(kyiv('2026-03-02 12:00')))).toBe('2026-03-02 13:00 Mon')
    expect(wall(cal.nextOpening(kyiv('2026-03-02 10:15')))).toBe('2026-03-02 10:15 Mon')
  })

  it('works on holidays under martial law and moves nothing', () => {
    expect(cal.holidayOn('2024-05-08')).toBeUndefined()
    expect(cal.isWorkingTime(kyiv('2024-05-08 10:00'))).toBeTrue() // Day of Remembrance, a Wednesday
    expect(cal.isWorkingTime(kyiv('2026-03-09 10:00'))).toBeTrue() // 8 March was a Sunday
  })

  it('closes on holidays and on the day a weekend holiday moved to, outside martial law', () => {
    const peace = withDoc({ martialLaw: { from: '2022-02-24', to: '2025-12-31' } })
    expect(peace.isWorkingTime(kyiv('2026-03-09 10:00'))).toBeFalse()
    expect(peace.holidayOn('2026-03-09')).toEqual(jasmine.objectContaining({ transferredFrom: '2026-03-08' }))
    expect(wall(peace.addBusinessDuration(kyiv('2026-03-06 16:30'), 'PT2H'))).toBe('2026-03-10 09:30 Tue')
    expect(peace.holidayOn('2026-05-08')?.name.en).toBe('Day of Remembrance and Victory over Nazism')

    // 2021, before martial law: 1 May (Sat) → Mon 3 May, Easter 2 May → Tue 4 May
    const y2021 = withDoc({ martialLaw: undefined })
    expect(y2021.hoursOn('2021-05-03')).toEqual([])
    expect(y2021.hoursOn('2021-05-04')).toEqual([])
    expect(wall(y2021.addBusinessDuration(kyiv('2021-04-30 16:00'), 'PT2H'))).toBe('2021-05-05 09:00 Wed')
    expect(wall(y2021.addBusinessDuration(kyiv('2021-04-30 10:00'), 'P1D'))).toBe('2021-05-05 10:00 Wed')
  })

  it('applies exceptions: a day off and a short day', () => {
    const exceptional = withDoc({
      exceptions: [
        { date: '2026-03-04', hours: [], note: { uk: 'Санітарний день' } },
        { date: '2026-03-05', hours: [{ from: '08:00', to: '12:00' }] },
        { date: '2026-03-07', hours: [{ from: '09:00', to: '13:00' }] }, // a working Saturday
        { date: '2026-03-10', hours: [{ from: '10:00', to: '14:00' }] }, // opens late
      ],
    })
    expect(wall(exceptional.addBusinessDuration(kyiv('2026-03-02 10:00'), 'P3D'))).toBe('2026-03-06 10:00 Fri')
    expect(wall(exceptional.addBusinessDuration(kyiv('2026-03-03 15:00'), 'P1D'))).toBe('2026-03-05 12:00 Thu') // position 6 h on a 4 h day: its close
    expect(wall(exceptional.addBusinessDuration(kyiv('2026-03-05 11:00'), 'PT2H'))).toBe('2026-03-06 09:00 Fri')
    expect(wall(exceptional.addBusinessDuration(kyiv('2026-03-06 16:00'), 'PT2H'))).toBe('2026-03-07 10:00 Sat')
    expect(wall(exceptional.addBusinessDuration(kyiv('2026-03-09 11:00'), 'P1D'))).toBe('2026-03-10 11:00 Tue')
    expect(wall(exceptional.addBusinessDuration(kyiv('2026-03-09 09:30'), 'P1DT1H'))).toBe('2026-03-10 11:00 Tue') // 09:30 → its 10:00 opening
  })

  it('refuses unknown zones, reversed ranges and durations it cannot count in working time', () => {
    expect(() => withDoc({ timeZone: 'Europe/Kiev-ish' })).toThrowError(/time zone/)
    expect(() => withDoc({ week: { mon: [{ from: '17:00', to: '08:00' }] } })).toThrowError(/ends before it starts/)
    expect(() => cal.addBusinessDuration(new Date(), 'P1W')).toThrowError(/not a business duration/)
    expect(() => withDoc({ week: {}, exceptions: [] }).nextOpening(new Date())).toThrowError(/no working time/)
  })

  it('answers the same wherever its compiled days start (a year later, then years earlier)', () => {
    const fresh = withDoc({})
    const later = kyiv('2027-03-01 10:00') // compiled first, then 2026 and 2019 are added before it
    const due2027 = wall(fresh.addBusinessDuration(later, 'P3D'))
    expect(wall(fresh.addBusinessDuration(kyiv('2026-03-02 10:00'), 'P3D'))).toBe('2026-03-05 10:00 Thu')
    expect(wall(fresh.addBusinessDuration(kyiv('2019-03-06 10:00'), 'P1D'))).toBe('2019-03-07 10:00 Thu')
    expect(fresh.businessMinutesBetween(kyiv('2026-03-02 10:00'), kyiv('2026-03-05 10:00'))).toBe(3 * 480)
    expect(wall(fresh.addBusinessDuration(later, 'P3D'))).toBe(due2027)
    expect(due2027).toBe(wall(cal.addBusinessDuration(later, 'P3D')))
  })
})

describe('BusinessCalendar: 24/7 across DST in Kyiv (03:00 local, last Sundays of March and October)', () => {
  const always = businessCalendar(load('always_open.calendar.json'))

  it('counts the real hours of a 23-hour and a 25-hour day', () => {
    expect(always.businessMinutesBetween(kyiv('2026-03-29 00:00'), kyiv('2026-03-30 00:00'))).toBe(23 * 60)
    expect(always.businessMinutesBetween(kyiv('2026-10-25 00:00'), kyiv('2026-10-26 00:00'))).toBe(25 * 60)
    expect(always.isWorkingTime(kyiv('2026-01-01 03:00'))).toBeTrue() // no holidays on this calendar
  })

  it('PT24H is 24 real hours; P1D is the same wall time the next day', () => {
    // Spring: Sat 12:00 EET (10:00Z) + 24 h = Sun 10:00Z = 13:00 EEST; P1D = Sun 12:00 (23 real hours)
    expect(wall(always.addBusinessDuration(kyiv('2026-03-28 12:00'), 'PT24H'))).toBe('2026-03-29 13:00 Sun')
    expect(wall(always.addBusinessDuration(kyiv('2026-03-28 12:00'), 'P1D'))).toBe('2026-03-29 12:00 Sun')
    // Autumn: Sat 12:00 EEST (09:00Z) + 24 h = Sun 09:00Z = 11:00 EET; P1D = Sun 12:00 (25 real hours)
    expect(wall(always.addBusinessDuration(kyiv('2026-10-24 12:00'), 'PT24H'))).toBe('2026-10-25 11:00 Sun')
    expect(wall(always.addBusinessDuration(kyiv('2026-10-24 12:00'), 'P1D'))).toBe('2026-10-25 12:00 Sun')
    // Across the jump: 02:00 + PT4H = 07:00, since 03:00–04:00 does not exist that night
    expect(wall(always.addBusinessDuration(kyiv('2026-03-29 02:00'), 'PT4H'))).toBe('2026-03-29 07:00 Sun')
  })

  it('counts the elapsed minutes of a working range that spans the change', () => {
    const night = new BusinessCalendar({ ...office, key: 'night', week: { sun: [{ from: '00:00', to: '08:00' }] }, holidays: false })
    expect(night.businessMinutesBetween(kyiv('2026-03-29 00:00'), kyiv('2026-03-30 00:00'))).toBe(7 * 60)
    expect(night.businessMinutesBetween(kyiv('2026-10-25 00:00'), kyiv('2026-10-26 00:00'))).toBe(9 * 60)
    expect(wall(night.addBusinessDuration(kyiv('2026-03-29 01:00'), 'PT3H'))).toBe('2026-03-29 05:00 Sun')
  })
})
