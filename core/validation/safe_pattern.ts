import { checkSync } from 'recheck'
import type { RegExpEngine } from 'ajv/dist/types/index.js'

/**
 * Regular expressions written by administrators and supervisors (field `pattern`s, request
 * types' extra fields) run on the event loop for every write, so a catastrophic one (`^(a+)+$`)
 * would stop the server on a 30-character value. Two guards:
 *
 * 1. Metadata validation refuses patterns that `recheck` finds exponential or worse than
 *    quadratic, or cannot prove safe within PATTERN_CHECK_MS (`unsafePatternReason`).
 * 2. Every pattern match of the one ajv instance goes through `boundedRegExp`: values longer
 *    than MAX_PATTERN_INPUT do not match, so even a quadratic pattern stays in milliseconds.
 */
export const MAX_PATTERN_INPUT = 2000
export const PATTERN_CHECK_MS = 3000

const verdicts = new Map<string, string | null>()

/** Why a pattern is refused (invalid or catastrophic), or undefined when it is safe. */
export function unsafePatternReason(pattern: string): string | undefined {
  if (!verdicts.has(pattern)) verdicts.set(pattern, judge(pattern))
  return verdicts.get(pattern) ?? undefined
}

function judge(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u')
  } catch {
    return 'not a valid regular expression'
  }
  const d = checkSync(pattern, 'u', { timeout: PATTERN_CHECK_MS })
  if (d.status === 'safe') return null
  if (d.status === 'unknown') return 'could not be shown safe from catastrophic backtracking (ReDoS): simplify it'
  const c = d.complexity
  if (c.type === 'polynomial' && c.degree <= 2) return null // bounded by MAX_PATTERN_INPUT
  const attack = d.attack ? ` (e.g. "${d.attack.pattern}")` : ''
  return `catastrophic backtracking (ReDoS): ${c.type === 'exponential' ? 'exponential' : `degree-${c.degree} polynomial`} time on some inputs${attack}; nested or overlapping repetition like (a+)+ or (a|a)* is not allowed`
}

/**
 * Every `pattern` and `patternProperties` key of a JSON Schema, with its JSON pointer below
 * `base` (schemas nest: items, properties, anyOf, …).
 */
export function schemaPatterns(schema: unknown, base = ''): Array<{ pointer: string; pattern: string }> {
  const out: Array<{ pointer: string; pattern: string }> = []
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`))
    if (!node || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
      if (key === 'pattern' && typeof value === 'string') out.push({ pointer: here, pattern: value })
      else if (key === 'patternProperties' && value && typeof value === 'object') {
        for (const [p, sub] of Object.entries(value)) {
          out.push({ pointer: `${here}/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`, pattern: p })
          walk(sub, `${here}/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`)
        }
      } else if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples') walk(value, here)
    }
  }
  walk(schema, base)
  return out
}

/** ajv's regular expressions, bounded by input length (see the top of this file). */
export const boundedRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const re = new RegExp(pattern, flags)
    // ajv caches compiled patterns by toString(): it must name this pattern, not "[object Object]"
    return { test: (value: string) => value.length <= MAX_PATTERN_INPUT && re.test(value), toString: () => re.toString() }
  },
  { code: 'new RegExp' }
)
