import type { SortSpec } from '#core/shared/metadata'
import type { Filter } from '#core/shared/filter'
import { badRequest } from '#core/errors/problem'
import type { ListParams } from '#core/records/read'

/** `a,b` or, as the query-string parser may already split commas, `['a', 'b']`. */
const list = (v: unknown): string[] | undefined => {
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : []))
  const clean = items.map((s) => s.trim()).filter(Boolean)
  return clean.length ? clean : undefined
}
const single = (v: unknown): string | undefined => (Array.isArray(v) ? (v.every((x) => typeof x === 'string') ? v.join(',') : undefined) : typeof v === 'string' ? v : undefined)

/**
 * Query string → list parameters:
 * `filter` (JSON, the filter language), `sort=-created_at,number`, `cursor`, `limit`,
 * `q`, `include=resident,object`, `fields=a,b`, `count=true`.
 */
export function parseListParams(query: Record<string, unknown>): ListParams {
  const params: ListParams = {}
  if (query.filter !== undefined) {
    try {
      params.filter = JSON.parse(single(query.filter) ?? '') as Filter
    } catch {
      throw badRequest('filter is not valid JSON', [{ pointer: '/filter', message: 'invalid JSON', code: 'invalid_json' }])
    }
  }
  const sort = list(query.sort)
  if (sort) params.sort = sort.map((s): SortSpec => (s.startsWith('-') ? { field: s.slice(1), dir: 'desc' } : { field: s, dir: 'asc' }))
  if (typeof query.cursor === 'string' && query.cursor) params.cursor = query.cursor
  if (query.limit !== undefined) {
    const n = Number(query.limit)
    if (!Number.isInteger(n) || n < 1) throw badRequest('limit must be a positive integer', [{ pointer: '/limit', message: 'positive integer', code: 'type' }])
    params.limit = n
  }
  const q = single(query.q)
  if (q && q.trim()) params.q = q.slice(0, 200)
  params.include = list(query.include)
  params.fields = list(query.fields)
  if (query.count === 'true' || query.count === '1') params.count = true
  return params
}

/** `If-Match: "7"` or `If-Match: 7` → 7. */
export function ifMatchVersion(header: string | undefined | null): number | undefined {
  if (!header) return undefined
  const n = Number(header.replace(/^W\//, '').replace(/"/g, ''))
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/** `columns=a,b,ref.c` of an export: at most 60 names, or undefined when not given. */
export function parseColumns(v: unknown): string[] | undefined {
  const names = list(v)
  if (names && names.length > 60) throw badRequest('too many columns', [{ pointer: '/columns', message: 'at most 60 columns', code: 'too_large' }])
  return names
}
