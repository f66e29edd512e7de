/**
 * Business durations as people write them ("3 робочі дні", "4 год", "1 д 2 год 30 хв",
 * "3 working days", "4 h") ↔ the ISO 8601 subset the SLA metadata stores (`P3D`, `PT4H`,
 * `P1DT2H30M`). Shared by the SLA designer (browser) and its specs. Reading is the one duration
 * parser's business mode (core/shared/duration.ts).
 */
import { parseDuration } from '../../../core/shared/duration.js'

/** The ISO duration of a human one, or null when it cannot be read (or is zero): the shared parser's business mode. */
export function parseHumanDuration(text: string): string | null {
  return parseDuration(text, { business: true }) ?? null
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
