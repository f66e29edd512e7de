import type { Filter, OperatorName, Scalar } from '../../../shared/filter.js'
import type { SortSpec } from '../../../shared/metadata.js'
import type { Condition } from './filter.js'

/** A saved filter as `/api/v1/ui/saved-filters` returns it. */
export interface SavedFilter {
  id: string
  entity: string
  view: string
  name: string
  filter?: Filter
  sort?: SortSpec[]
  q?: string
  columns?: string[]
}

/** The list's state a saved filter keeps. */
export interface ListState {
  conditions: Condition[]
  sort?: string
  q: string
  columns?: string[]
}

let nextId = 10_000

/** The builder's rows in the shared filter language (without the view's own filter). */
export function conditionsToFilter(conditions: Condition[]): Filter | undefined {
  const parts: Filter[] = []
  for (const c of conditions) {
    if (c.op === 'isNull') parts.push({ [c.field]: { isNull: true } })
    else if (c.value !== '' && c.value !== null && c.value !== undefined) parts.push({ [c.field]: { [c.op]: c.value } })
  }
  if (!parts.length) return undefined
  return parts.length === 1 ? parts[0] : { and: parts }
}

/** Back to builder rows: a single condition or an AND of conditions (what the builder saves). */
export function filterToConditions(filter: Filter | undefined): Condition[] {
  if (!filter || typeof filter !== 'object') return []
  const parts = 'and' in filter && Array.isArray((filter as any).and) ? ((filter as any).and as Filter[]) : [filter]
  const out: Condition[] = []
  for (const part of parts) {
    const [field, ops] = Object.entries(part as Record<string, unknown>)[0] ?? []
    if (!field || !ops || typeof ops !== 'object') continue
    const [op, value] = Object.entries(ops as Record<string, unknown>)[0] ?? []
    if (!op) continue
    out.push({ id: nextId++, field, op: op as OperatorName, value: op === 'isNull' ? '' : (value as Scalar) })
  }
  return out
}

/** `-priority,number` ⇄ `[{field: 'priority', dir: 'desc'}, {field: 'number', dir: 'asc'}]`. */
export function sortToSpecs(sort: string | undefined): SortSpec[] | undefined {
  if (!sort) return undefined
  return sort
    .split(',')
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: 'desc' } : { field: s, dir: 'asc' }))
}

export function specsToSort(specs: SortSpec[] | undefined): string | undefined {
  return specs?.length ? specs.map((s) => (s.dir === 'desc' ? '-' : '') + s.field).join(',') : undefined
}

/** The body to save the list's state under a name. */
export function savedBody(state: ListState) {
  return { filter: conditionsToFilter(state.conditions) ?? null, sort: sortToSpecs(state.sort) ?? null, q: state.q.trim() || null, columns: state.columns ?? null }
}

export function stateOf(saved: SavedFilter): ListState {
  return { conditions: filterToConditions(saved.filter), sort: specsToSort(saved.sort), q: saved.q ?? '', columns: saved.columns }
}
