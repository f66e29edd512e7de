import { orthodoxEaster, ukrainianDaysOff, ukrainianHolidays } from './holidays_ua.js'
import { dayNumber, isoWeekday } from './local_date.js'

const dates = (list: { date: string }[]) => list.map((h) => h.date)
const martialLaw = { from: '2022-02-24', to: null }

describe('Ukrainian holidays', () => {
  it('computes Orthodox Easter (Julian Meeus → Gregorian)', () => {
    const table: [number, string][] = [
      [2021, '2021-05-02'],
      [2022, '2022-04-24'],
      [2023, '2023-04-16'],
      [2024, '2024-05-05'],
      [2025, '2025-04-20'],
      [2026, '2026-04-12'],
      [2027, '2027-05-02'],
    ]
    for (const [year, easter] of table) {
      expect(orthodoxEaster(year)).withContext(String(year)).toBe(easter)
      expect(isoWeekday(dayNumber(easter)))
        .withContext(easter)
        .toBe(7)
    }
  })

  it('lists the holidays of 2024–2027 under the 2023 law (Trinity = Easter + 49)', () => {
    const fixed = (y: number) => [`${y}-01-01`, `${y}-03-08`, `${y}-05-01`, `${y}-05-08`, `${y}-06-28`, `${y}-07-15`, `${y}-08-24`, `${y}-10-01`, `${y}-12-25`]
    const movable: Record<number, string[]> = {
      2024: ['2024-05-05', '2024-06-23'],
      2025: ['2025-04-20', '2025-06-08'],
      2026: ['2026-04-12', '2026-05-31'],
      2027: ['2027-05-02', '2027-06-20'],
    }
    for (const year of [2024, 2025, 2026, 2027]) {
      expect(dates(ukrainianHolidays(year)))
        .withContext(String(year))
        .toEqual([...fixed(year), ...movable[year]].sort())
    }
    expect(ukrainianHolidays(2024).find((h) => h.date === '2024-06-23')?.name.en).toBe('Trinity (Pentecost)')
  })

  it('follows the law by year: 7 Jan, 9 May and 28 Jul until 2023, 14 Oct until 2022, 2 May until 2017', () => {
    const y2023 = dates(ukrainianHolidays(2023))
    expect(y2023).toContain('2023-01-07')
    expect(y2023).toContain('2023-05-09')
    expect(y2023).toContain('2023-07-28')
    expect(y2023).toContain('2023-10-01')
    expect(y2023).not.toContain('2023-05-08')
    expect(y2023).not.toContain('2023-07-15')
    expect(y2023).not.toContain('2023-10-14')
    expect(dates(ukrainianHolidays(2022))).toContain('2022-10-14')
    expect(dates(ukrainianHolidays(2022))).not.toContain('2022-10-01')
    expect(dates(ukrainianHolidays(2021))).not.toContain('2021-07-28')
    expect(dates(ukrainianHolidays(2017))).toEqual(jasmine.arrayContaining(['2017-05-02', '2017-12-25']))
    expect(dates(ukrainianHolidays(2018))).not.toContain('2018-05-02')
  })

  it('moves a weekend holiday to the next free working day outside martial law (2021)', () => {
    const off = ukrainianDaysOff(2021)
    const moved = off.filter((h) => h.transferredFrom).map((h) => `${h.transferredFrom}→${h.date}`)
    // 1 May Sat → Mon 3 May; Easter Sun 2 May → Tue 4 May (3 May is taken); 9 May Sun → 10 May;
    // Trinity Sun 20 Jun → 21 Jun; 25 Dec Sat → Mon 27 Dec.
    expect(moved).toEqual(['2021-05-01→2021-05-03', '2021-05-02→2021-05-04', '2021-05-09→2021-05-10', '2021-06-20→2021-06-21', '2021-12-25→2021-12-27'])
    expect(dates(off)).toContain('2021-01-07')
  })

  it('gives no day off and moves nothing while martial law is in force', () => {
    for (const year of [2022, 2024, 2025, 2026, 2027]) {
      const off = ukrainianDaysOff(year, { martialLaw })
      // 2022: only the holidays before 24 February are days off
      expect(dates(off))
        .withContext(String(year))
        .toEqual(year === 2022 ? ['2022-01-01', '2022-01-03', '2022-01-07'] : [])
    }
  })

  it('applies the law again from the day after martial law ends', () => {
    const off = ukrainianDaysOff(2025, { martialLaw: { from: '2022-02-24', to: '2025-06-30' } })
    // 28 Jun 2025 (Sat) was still under martial law: no day off, no transfer
    expect(dates(off)).toEqual(['2025-07-15', '2025-08-24', '2025-08-25', '2025-10-01', '2025-12-25'])
  })

  it('moves only holidays that fall on the calendar’s own rest days', () => {
    const sundayOnly = (date: string) => isoWeekday(dayNumber(date)) === 7
    const off = ukrainianDaysOff(2021, { isRestDay: sundayOnly }).filter((h) => h.date.startsWith('2021-05'))
    // Saturday 1 May is a holiday without a transfer; Easter Sunday moves to Monday 3 May
    expect(off.map((h) => `${h.date}${h.transferredFrom ? '←' + h.transferredFrom : ''}`)).toEqual(['2021-05-01', '2021-05-02', '2021-05-03←2021-05-02', '2021-05-09', '2021-05-10←2021-05-09'])
  })

  it('moves a New Year on a weekend into January', () => {
    expect(dates(ukrainianDaysOff(2022)).slice(0, 2)).toEqual(['2022-01-01', '2022-01-03'])
  })
})
