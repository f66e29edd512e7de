/** Kyiv wall-clock parts of an instant through formatters made once (luxon per request costs more than the routing). */
const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Kyiv', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) {
  return parts.find((p) => p.type === type)!.value
}

/** `HH:mm` in Kyiv. */
export function kyivHourMinute(at: Date) {
  const parts = clock.formatToParts(at)
  return `${part(parts, 'hour')}:${part(parts, 'minute')}`
}

/** The year in Kyiv. */
export function kyivYear(at: Date) {
  return Number(part(clock.formatToParts(at), 'year'))
}
