/**
 * Business durations as people write them ("3 робочі дні", "4 год", "1 д 2 год 30 хв",
 * "3 working days", "4 h") ↔ the ISO 8601 subset the SLA metadata stores (`P3D`, `PT4H`,
 * `P1DT2H30M`). Shared by the SLA designer (browser) and its specs; no imports.
 */

const ISO = /^P(?=.*[1-9])(\d{1,4}D)?(T(?=\d)(\d{1,5}H)?(\d{1,6}M)?)?$/i

const UNITS: Array<[RegExp, 'D' | 'H' | 'M']> = [
  [/^(робоч\p{L}*\s+)?(дн\p{L}*|день|доба|доби|діб|д|рд|р\.д\.?|working\s+days?|business\s+days?|days?|d)$/u, 'D'],
  [/^(годин\p{L}*|год\.?|г|hours?|hrs?|h)$/u, 'H'],
  [/^(хвилин\p{L}*|хв\.?|minutes?|mins?|m)$/u, 'M'],
]

/** The ISO duration of a human one, or null when it cannot be read (or is zero). */
export function parseHumanDuration(text: string): string | null {
  const s = text.trim().toLocaleLowerCase('uk').replace(/,/g, '.')
  if (ISO.test(s.toUpperCase())) return s.toUpperCase()
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)\s*([^\d\s.][^\d]*?)?\s*(?=\d|$)/gu)]
  if (!parts.length || parts.map((p) => p[0]).join('').replace(/\s+/g, '') !== s.replace(/\s+/g, '')) return null
  let days = 0
  let minutes = 0
  for (const [, number, rawUnit] of parts) {
    const unit = (rawUnit ?? '').trim().replace(/\s+/g, ' ')
    const kind = UNITS.find(([re]) => re.test(unit))?.[1]
    if (!kind) return null
    const n = Number(number)
    if (kind === 'D') {
      if (!Number.isInteger(n)) return null
      days += n
    } else minutes += kind === 'H' ? n * 60 : n
  }
  minutes = Math.round(minutes)
  if (days === 0 && minutes === 0) return null
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `P${days ? `${days}D` : ''}${h || m ? `T${h ? `${h}H` : ''}${m ? `${m}M` : ''}` : ''}`
}

function ukDays(n: number) {
  const t = n % 10
  const h = n % 100
  if (t === 1 && h !== 11) return `${n} робочий день`
  if (t >= 2 && t <= 4 && (h < 12 || h > 14)) return `${n} робочі дні`
  return `${n} робочих днів`
}

/** How an ISO business duration reads in the UI's language; the ISO text itself when it is not one. */
export function formatHumanDuration(iso: string, lang: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso ?? '')
  if (!m || iso === 'P') return iso ?? ''
  const [, d, h, min] = m.map((x) => (x === undefined ? 0 : Number(x))) as number[]
  const out: string[] = []
  if (d) out.push(lang === 'en' ? `${d} working day${d === 1 ? '' : 's'}` : ukDays(d))
  if (h) out.push(lang === 'en' ? `${h} h` : `${h} год`)
  if (min) out.push(lang === 'en' ? `${min} min` : `${min} хв`)
  return out.join(' ') || iso
}
