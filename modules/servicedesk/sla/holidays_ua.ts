/**
 * Ukrainian public holidays (Labour Code, art. 73) and the weekend transfer (art. 67), as data.
 *
 * Sources, from memory of the laws (verify before relying on a year boundary):
 * - KZpP art. 73 lists the holidays; art. 67: a holiday on a weekly rest day moves the rest day
 *   to the next working day.
 * - Law 2205-VIII (Nov 2017): 25 Dec becomes a holiday (first observed 2017), 2 May stops being
 *   one (last observed 2017).
 * - Defender of Ukraine Day, 14 Oct: a day off since 2015.
 * - Statehood Day, 28 Jul: added in 2021, first observed 2022.
 * - Law 3221-IX (14 Jul 2023, signed 28 Jul 2023): drops 7 Jan Christmas, moves Statehood Day
 *   to 15 Jul and Defenders Day to 1 Oct. It came into force after 15 Jul 2023, so 7 Jan and
 *   28 Jul were still holidays in 2023, 15 Jul is one from 2024 and 1 Oct from 2023.
 * - Law of 29 May 2023 (bill 9304): 9 May Victory Day → 8 May Day of Remembrance and Victory.
 *   It passed after 9 May 2023, so 9 May was the holiday in 2023 and 8 May is from 2024.
 * - Law 2136-IX (15 Mar 2022): during martial law (since 24 Feb 2022) art. 73 and the transfer
 *   do not apply: holidays are working days. That is a calendar option (`martialLaw`).
 * Years before 2015 are not modelled. Bridge days the Cabinet recommends (work a Saturday, rest
 * on a Monday) are recommendations, not law: add them as calendar exceptions.
 */
import type { Label } from '#core/shared/metadata'
import type { DaysOffOptions, Holiday } from './types.js'
import { dateParts, dayNumber, dayNumberOf, isoDate, isoWeekday } from './local_date.js'

/** One row of the holiday table: a fixed date or a day counted from Orthodox Easter. */
export type HolidayRule = ({ month: number; day: number } | { easterOffset: number }) & {
  /** First year the holiday is in the law (inclusive); absent = always. */
  fromYear?: number
  /** Last year the holiday is in the law (inclusive); absent = still. */
  toYear?: number
  name: Label
}

/** The table, in calendar order. Changing the law = changing rows, never code. */
export const UA_HOLIDAY_RULES: readonly HolidayRule[] = [
  { month: 1, day: 1, name: { uk: 'Новий рік', en: "New Year's Day" } },
  { month: 1, day: 7, toYear: 2023, name: { uk: 'Різдво Христове (7 січня)', en: 'Christmas (7 January)' } },
  { month: 3, day: 8, name: { uk: 'Міжнародний жіночий день', en: "International Women's Day" } },
  { easterOffset: 0, name: { uk: 'Великдень (Пасха)', en: 'Easter' } },
  { month: 5, day: 1, name: { uk: 'День праці', en: 'Labour Day' } },
  { month: 5, day: 2, toYear: 2017, name: { uk: 'День праці (2 травня)', en: 'Labour Day (2 May)' } },
  {
    month: 5,
    day: 8,
    fromYear: 2024,
    name: { uk: 'День пам’яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років', en: 'Day of Remembrance and Victory over Nazism' },
  },
  { month: 5, day: 9, toYear: 2023, name: { uk: 'День перемоги над нацизмом у Другій світовій війні', en: 'Victory Day' } },
  { easterOffset: 49, name: { uk: 'Трійця', en: 'Trinity (Pentecost)' } },
  { month: 6, day: 28, name: { uk: 'День Конституції України', en: 'Constitution Day' } },
  { month: 7, day: 15, fromYear: 2024, name: { uk: 'День Української Державності', en: 'Statehood Day' } },
  { month: 7, day: 28, fromYear: 2022, toYear: 2023, name: { uk: 'День Української Державності', en: 'Statehood Day' } },
  { month: 8, day: 24, name: { uk: 'День Незалежності України', en: 'Independence Day' } },
  { month: 10, day: 1, fromYear: 2023, name: { uk: 'День захисників і захисниць України', en: 'Defenders Day' } },
  { month: 10, day: 14, fromYear: 2015, toYear: 2022, name: { uk: 'День захисників і захисниць України', en: 'Defenders Day' } },
  { month: 12, day: 25, fromYear: 2017, name: { uk: 'Різдво Христове', en: 'Christmas' } },
]

/**
 * Orthodox Easter of a year as a Gregorian 'YYYY-MM-DD': Meeus' Julian algorithm, then the
 * Julian→Gregorian offset (13 days in 1900–2099). Example: `orthodoxEaster(2025)` = '2025-04-20'.
 */
export function orthodoxEaster(year: number): string {
  const a = year % 4
  const b = year % 7
  const c = year % 19
  const d = (19 * c + 15) % 30
  const e = (2 * a + 4 * b - d + 34) % 7
  const month = Math.floor((d + e + 114) / 31)
  const day = ((d + e + 114) % 31) + 1
  const offset = Math.floor(year / 100) - Math.floor(year / 400) - 2
  return isoDate(dayNumberOf(year, month, day) + offset)
}

/** The holidays the law lists for a year, in date order (before martial law and transfers). */
export function ukrainianHolidays(year: number): Holiday[] {
  const easter = dayNumber(orthodoxEaster(year))
  const out: Holiday[] = []
  for (const rule of UA_HOLIDAY_RULES) {
    if ((rule.fromYear ?? -Infinity) > year || (rule.toYear ?? Infinity) < year) continue
    const day = 'easterOffset' in rule ? easter + rule.easterOffset : dayNumberOf(year, rule.month, rule.day)
    out.push({ date: isoDate(day), name: rule.name })
  }
  return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
}

const weekend = (date: string) => isoWeekday(dayNumber(date)) >= 6

/**
 * The days off that Ukrainian holidays give in a year: each holiday outside martial law, plus,
 * for one on a rest day, the next day that is neither a rest day, a holiday nor already taken
 * (2021: 1 May Sat → Mon 3 May; Easter Sun 2 May → Tue 4 May). During martial law: none.
 */
export function ukrainianDaysOff(year: number, options: DaysOffOptions = {}): Holiday[] {
  const { martialLaw, isRestDay = weekend } = options
  const inForce = (date: string) => !!martialLaw && date >= martialLaw.from && (martialLaw.to == null || date <= martialLaw.to)
  // Last year's late holidays may move into January.
  const active = [...ukrainianHolidays(year - 1), ...ukrainianHolidays(year)].filter((h) => !inForce(h.date))
  const dates = new Set(active.map((h) => h.date))
  const out: Holiday[] = []
  for (const holiday of active) {
    out.push(holiday)
    if (!isRestDay(holiday.date)) continue
    let day = dayNumber(holiday.date) + 1
    for (let guard = 0; guard < 31; guard++, day++) {
      const date = isoDate(day)
      if (isRestDay(date) || dates.has(date)) continue
      dates.add(date)
      out.push({ date, name: holiday.name, transferredFrom: holiday.date })
      break
    }
  }
  return out.filter((h) => dateParts(dayNumber(h.date)).year === year).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
}
