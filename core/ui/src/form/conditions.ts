import type { Filter, Operators, Scalar } from '../../../shared/filter.js'

/**
 * Evaluates a form's condition (the shared filter language, on the record's own fields) on the
 * values being typed, so a field shows, becomes required or read-only as the operator types.
 * The meta-schema check allows only the record's own fields here; `$user...` variables are
 * unknown in the form and compare false, like an unmatchable variable in SQL.
 */
export function matches(filter: Filter | undefined, data: Record<string, unknown>): boolean {
  if (!filter || typeof filter !== 'object') return true
  if ('and' in filter && Array.isArray(filter.and)) return filter.and.every((f) => matches(f, data))
  if ('or' in filter && Array.isArray(filter.or)) return filter.or.some((f) => matches(f, data))
  if ('not' in filter && filter.not && typeof filter.not === 'object') return !matches(filter.not as Filter, data)
  return Object.entries(filter as Record<string, Operators>).every(([path, ops]) => condition(data[path], ops))
}

const UNKNOWN = Symbol('unknown')

function operand(v: Scalar): Scalar | typeof UNKNOWN {
  if (typeof v !== 'string' || !v.startsWith('$')) return v
  if (v.startsWith('$$')) return v.slice(1)
  if (v === '$now') return new Date().toISOString()
  if (v === '$today') return new Date().toISOString().slice(0, 10)
  return UNKNOWN
}

function empty(v: unknown) {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
}

function compare(a: unknown, b: Scalar): number | undefined {
  if (empty(a) || b === null) return undefined
  const na = Number(a)
  const nb = Number(b)
  if (typeof b === 'number' || (!Number.isNaN(na) && !Number.isNaN(nb) && String(a).trim() !== '' && String(b).trim() !== '')) return na - nb
  return String(a).localeCompare(String(b))
}

function equal(a: unknown, b: Scalar): boolean {
  if (b === null) return empty(a)
  if (Array.isArray(a)) return a.some((x) => equal(x, b))
  if (typeof b === 'boolean') return a === b
  if (typeof b === 'number') return !empty(a) && Number(a) === b
  return a === b
}

function condition(value: unknown, ops: Operators): boolean {
  for (const [op, raw] of Object.entries(ops) as Array<[keyof Operators, unknown]>) {
    if (op === 'isNull') {
      if (empty(value) !== raw) return false
      continue
    }
    if (op === 'in' || op === 'between') {
      const list = (Array.isArray(raw) ? raw : []).map((x) => operand(x as Scalar))
      if (list.some((x) => x === UNKNOWN)) return false
      if (op === 'in' && !list.some((x) => equal(value, x as Scalar))) return false
      if (op === 'between') {
        const lo = compare(value, list[0] as Scalar)
        const hi = compare(value, list[1] as Scalar)
        if (lo === undefined || hi === undefined || lo < 0 || hi > 0) return false
      }
      continue
    }
    const b = operand(raw as Scalar)
    if (b === UNKNOWN) return false
    const text = empty(value) ? '' : String(value).toLowerCase()
    switch (op) {
      case 'eq':
        if (!equal(value, b)) return false
        break
      case 'ne':
        if (equal(value, b)) return false
        break
      case 'contains':
        if (empty(value) || !text.includes(String(b).toLowerCase())) return false
        break
      case 'startsWith':
        if (empty(value) || !text.startsWith(String(b).toLowerCase())) return false
        break
      default: {
        const c = compare(value, b)
        if (c === undefined) return false
        if ((op === 'lt' && !(c < 0)) || (op === 'lte' && !(c <= 0)) || (op === 'gt' && !(c > 0)) || (op === 'gte' && !(c >= 0))) return false
      }
    }
  }
  return true
}
