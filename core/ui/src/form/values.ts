/**
 * Values as people type and read them versus as the API stores them: Kyiv wall-clock time vs.
 * UTC instants, "3 дні 4 год" vs. ISO 8601 durations, "067 123 45 67" vs. E.164, map points
 * (durations and phones read by the shared parsers in core/shared).
 * Pure functions (unit spec: tests/ui_record_values.spec.ts), used by the widgets.
 */
import { DateTime, Duration } from 'luxon'
import { parsePhone } from '../../../shared/phone.js'
import { parseDuration } from '../../../shared/duration.js'

export const KYIV = 'Europe/Kyiv'

/** An instant as the value of a `datetime-local` input in Kyiv time (`2026-03-29T03:30`). */
export function toKyivLocal(iso: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true })
  return dt.isValid ? dt.setZone(KYIV).toFormat("yyyy-LL-dd'T'HH:mm") : ''
}

/** A Kyiv wall-clock time (`datetime-local` value) as a UTC ISO instant, whatever the browser's zone. */
export function fromKyivLocal(local: string): string | undefined {
  const dt = DateTime.fromISO(local, { zone: KYIV })
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true })! : undefined
}

/** An instant as Ukrainians write it, in Kyiv time and 24 h whatever the browser's locale: `29.03.2026 03:30`. */
export function toKyivText(iso: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true })
  return dt.isValid ? dt.setZone(KYIV).toFormat('dd.LL.yyyy HH:mm') : ''
}

const DAY = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/
const DAY_TIME = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[\sT,]+(\d{1,2})[:.](\d{2}))?\s*$/

/** `29.03.2026 03:30` (or a day alone: midnight) in Kyiv time as a UTC ISO instant; undefined when unreadable. */
export function fromKyivText(text: string): string | undefined {
  const m = DAY_TIME.exec(text)
  if (!m) return undefined
  const dt = DateTime.fromObject({ day: +m[1]!, month: +m[2]!, year: +m[3]!, hour: m[4] ? +m[4] : 0, minute: m[5] ? +m[5] : 0 }, { zone: KYIV })
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true })! : undefined
}

/** A date (`2026-03-29`) as `29.03.2026`. */
export function toDayText(ymd: string): string {
  const dt = DateTime.fromISO(ymd)
  return dt.isValid ? dt.toFormat('dd.LL.yyyy') : ''
}

/** `29.03.2026` as `2026-03-29`; undefined when unreadable. */
export function fromDayText(text: string): string | undefined {
  const m = DAY.exec(text)
  if (!m) return undefined
  const dt = DateTime.fromObject({ day: +m[1]!, month: +m[2]!, year: +m[3]! })
  return dt.isValid ? dt.toISODate()! : undefined
}

type Unit = 'days' | 'hours' | 'minutes' | 'seconds'
const UNITS: Unit[] = ['days', 'hours', 'minutes', 'seconds']

/** Ukrainian plural: 1 день, 2 дні, 5 днів, 21 день. */
function ukPlural(n: number, one: string, few: string, many: string) {
  if (!Number.isInteger(n)) return few
  const m10 = n % 10
  const m100 = n % 100
  if (m10 === 1 && m100 !== 11) return one
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few
  return many
}

function unitWord(unit: Unit, n: number, lang: string) {
  if (lang === 'en') return unit === 'days' ? (n === 1 ? 'day' : 'days') : { hours: 'h', minutes: 'min', seconds: 's' }[unit]
  return unit === 'days' ? ukPlural(n, 'день', 'дні', 'днів') : { hours: 'год', minutes: 'хв', seconds: 'с' }[unit]
}

/** An ISO 8601 duration in words: `P3DT4H` → "3 дні 4 год" (weeks, months and years as days). */
export function durationToHuman(iso: string, lang: string): string {
  const d = Duration.fromISO(iso)
  if (!d.isValid) return iso
  const parts = d.shiftTo(...UNITS).toObject()
  const words = UNITS.filter((u) => parts[u]).map((u) => `${round(parts[u]!)} ${unitWord(u, round(parts[u]!), lang)}`)
  return words.length ? words.join(' ') : `0 ${unitWord('minutes', 0, lang)}`
}

const round = (n: number) => Math.round(n * 100) / 100

/**
 * Words or ISO 8601 to an ISO duration: "3 дні 4 год", "1,5 год", "2d 30m", "PT90M" (the shared
 * parser, general mode). Undefined when the text is not a duration.
 */
export function humanToDuration(text: string): string | undefined {
  return parseDuration(text)
}

/** A phone number as typed: E.164 and the display form (the one rule: core/shared/phone.ts). */
export { parsePhone }

/** An E.164 number as people read it (`+380 67 123 4567`); other text as it is. */
export function displayPhone(value: string): string {
  return parsePhone(value)?.display ?? value
}

export interface GeoPoint {
  lat: number
  lon: number
}

/** Which coordinate is wrong, if any: latitude −90…90, longitude −180…180. */
export function geoProblem(lat: string, lon: string): 'lat' | 'lon' | undefined {
  const ok = (text: string, limit: number) => /^-?\d+(\.\d+)?$/.test(text.trim()) && Math.abs(Number(text)) <= limit
  if (!ok(lat, 90)) return 'lat'
  if (!ok(lon, 180)) return 'lon'
  return undefined
}

/** The point on OpenStreetMap (a link: no tiles are served offline). */
export function mapLink(p: GeoPoint): string {
  return `https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=17/${p.lat}/${p.lon}`
}
