/**
 * Kyiv wall-clock parts of an instant through one formatter made once, its answer kept for the
 * minute (Kyiv's UTC offset is whole hours, so a UTC minute is one Kyiv minute): luxon or
 * `formatToParts` per request cost more than the routing itself.
 */
const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Kyiv', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
let last = { minute: NaN, hourMinute: '', year: 0 }

function partsAt(at: Date) {
  const minute = Math.floor(at.getTime() / 60_000)
  if (minute !== last.minute) {
    const parts = clock.formatToParts(at)
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value
    last = { minute, hourMinute: `${part('hour')}:${part('minute')}`, year: Number(part('year')) }
  }
  return last
}

/** `HH:mm` in Kyiv. */
export function kyivHourMinute(at: Date) {
  return partsAt(at).hourMinute
}

/** The year in Kyiv. */
export function kyivYear(at: Date) {
  return partsAt(at).year
}
