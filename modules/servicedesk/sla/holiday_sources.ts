/**
 * Built-in public-holiday lists by country code, as `calendar.holidays.country` names them.
 * A new country registers here with its own table; generic holiday packages are not used
 * because they are wrong for Ukraine today (martial law, the 2023 changes).
 */
import type { DaysOffOptions, Holiday } from './types.js'
import { ukrainianDaysOff } from './holidays_ua.js'

/** The days off of one year for one calendar's rest days and martial-law period. */
export type HolidaySource = (year: number, options: DaysOffOptions) => Holiday[]

const sources = new Map<string, HolidaySource>()

export function registerHolidaySource(country: string, source: HolidaySource) {
  sources.set(country, source)
}

export function holidaySource(country: string): HolidaySource | undefined {
  return sources.get(country)
}

registerHolidaySource('UA', ukrainianDaysOff)
