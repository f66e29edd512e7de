import type { FieldError } from '#core/shared/problem'
import { message, pointerSegment, type Locale } from './messages.js'

/** Deeper JSON than this is refused: no record, filter or metadata document needs it. */
export const MAX_DEPTH = 32

/** Keys that would reach an object's prototype if some code merged the value naively. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export interface InputProblem extends FieldError {
  /** 400: the body as a whole (too deep); 422: one value at `pointer`. */
  status: 400 | 422
}

/**
 * The first thing in a parsed input (a JSON body, a query string, CSV rows) that no field
 * may hold: a NUL character in a string or a key (PostgreSQL text and jsonb cannot store it),
 * a prototype key (`__proto__`, `constructor`, `prototype`), or nesting deeper than
 * MAX_DEPTH. Iterative, so a hostile depth cannot overflow the stack. Undefined when clean.
 *
 * @example inspectInput({ a: 'x\u0000' }, 'uk') // { pointer: '/a', code: 'nul_character', status: 422, … }
 */
export function inspectInput(value: unknown, locale: Locale, prefix = ''): InputProblem | undefined {
  const stack: Array<[unknown, string, number]> = [[value, prefix, 0]]
  const problem = (pointer: string, code: string, status: 400 | 422 = 422): InputProblem => ({ pointer: pointer || '/', message: message(code, locale), code, status })
  while (stack.length) {
    const [item, pointer, depth] = stack.pop()!
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return problem(pointer, 'nul_character')
      continue
    }
    if (item === null || typeof item !== 'object') continue
    if (depth >= MAX_DEPTH) return problem(prefix, 'too_deep', 400)
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${pointer}/${i}`, depth + 1])
      continue
    }
    for (const key of Object.keys(item)) {
      const at = `${pointer}/${pointerSegment(key)}`
      if (key.includes('\u0000')) return problem(at, 'nul_character')
      if (PROTOTYPE_KEYS.has(key)) return problem(at, 'forbidden_key')
      stack.push([(item as Record<string, unknown>)[key], at, depth + 1])
    }
  }
  return undefined
}
