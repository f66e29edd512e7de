/**
 * The one reader of durations as people type them ("3 дні 4 год", "1,5 год", "2d 30m",
 * "3 робочі дні") or as ISO 8601 ("PT90M"), for the record widget and the SLA designer, on the
 * server and in the browser (no imports).
 *
 * Two modes, because a "day" means two things:
 * - general (a duration field): weeks, days, hours, minutes, seconds, fractions; weeks become
 *   7 days; `1,5 год` → `PT1.5H`; ISO text is kept as written (upper-cased).
 * - business (SLA targets, see modules/servicedesk/sla/duration.ts): working days (whole), hours
 *   and minutes only, "робочі"/"working" allowed, minutes rounded and carried into hours
 *   (`90 хв` → `PT1H30M`); weeks, seconds and zero are refused: their working length is a guess.
 */

type Unit = 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds'

const UNIT_WORDS: Array<[RegExp, Unit]> = [
  [/^(тиж\p{L}*|w|wk|wks|weeks?)$/u, 'weeks'],
  [/^(д|дн|дні|днів|день|доб\p{L}*|діб|d|days?)$/u, 'days'],
  [/^(г|год\p{L}*|h|hr|hrs|hours?)$/u, 'hours'],
  [/^(хв\p{L}*|m|min|mins|minutes?)$/u, 'minutes'],
  [/^(с|сек\p{L}*|s|sec|secs|seconds?)$/u, 'seconds'],
]
/** "Working day" words, read only in business mode. */
const WORKING_DAYS = /^((робоч\p{L}*|working|business) (дн\p{L}*|день|доб\p{L}*|діб|д|days?)|рд|р\.д)$/u
const CONNECTORS = new Set(['і', 'й', 'та', 'and'])

const GENERAL_ISO = /^P(?=.*\d)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/
const BUSINESS_ISO = /^P(?=.*[1-9])(\d{1,4}D)?(T(?=\d)(\d{1,5}H)?(\d{1,6}M)?)?$/

export interface DurationOptions {
  /** SLA business durations (see the module doc); default false. */
  business?: boolean
}

/**
 * The ISO 8601 duration of what was typed, or undefined when it cannot be read.
 * @example parseDuration('3 дні 4 год') // 'P3DT4H'
 * @example parseDuration('3 робочі дні', { business: true }) // 'P3D'
 */
export function parseDuration(text: string, options: DurationOptions = {}): string | undefined {
  const s = text.trim().toLocaleLowerCase('uk')
  if (/^p/.test(s)) {
    const iso = s.toUpperCase().replace(',', '.')
    return (options.business ? BUSINESS_ISO : GENERAL_ISO).test(iso) ? iso : undefined
  }
  const parts = readParts(s, options.business ?? false)
  if (!parts) return undefined
  return options.business ? businessIso(parts) : generalIso(parts)
}

/** Number–unit pairs; undefined when anything else is left over. */
function readParts(s: string, business: boolean): Partial<Record<Unit, number>> | undefined {
  // "2d30m" → "2 d 30 m"; commas between words are separators, between digits decimal marks
  const words = s
    .replace(/(\d)\s*,\s*(?=\d)/g, '$1.')
    .replace(/(\d)(?=[^\d.\s])/gu, '$1 ')
    .replace(/([^\d\s.])(?=\d)/gu, '$1 ')
    .split(/[\s,;]+/)
    .filter((w) => w && !CONNECTORS.has(w))
  const parts: Partial<Record<Unit, number>> = {}
  let i = 0
  while (i < words.length) {
    if (!/^\d+(\.\d+)?$/.test(words[i])) return undefined
    const n = Number(words[i++])
    const phrase: string[] = []
    while (i < words.length && !/^\d/.test(words[i])) phrase.push(words[i++])
    const unit = unitOf(phrase.join(' ').replace(/\.$/, ''), business)
    if (!unit) return undefined
    parts[unit] = (parts[unit] ?? 0) + n
  }
  return i ? parts : undefined
}

function unitOf(phrase: string, business: boolean): Unit | undefined {
  if (business && WORKING_DAYS.test(phrase)) return 'days'
  const unit = UNIT_WORDS.find(([re]) => re.test(phrase))?.[1]
  if (business && (unit === 'weeks' || unit === 'seconds')) return undefined
  return unit
}

function generalIso(p: Partial<Record<Unit, number>>): string {
  const days = (p.weeks ?? 0) * 7 + (p.days ?? 0)
  const time = [p.hours && `${p.hours}H`, p.minutes && `${p.minutes}M`, p.seconds && `${p.seconds}S`].filter(Boolean).join('')
  if (!days && !time) return 'PT0S'
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

function businessIso(p: Partial<Record<Unit, number>>): string | undefined {
  const days = p.days ?? 0
  if (!Number.isInteger(days)) return undefined
  const minutes = Math.round((p.hours ?? 0) * 60 + (p.minutes ?? 0))
  if (!days && !minutes) return undefined
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `P${days ? `${days}D` : ''}${h || m ? `T${h ? `${h}H` : ''}${m ? `${m}M` : ''}` : ''}`
}
