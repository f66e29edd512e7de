import type { Filter, OperatorName, Scalar } from '../../../shared/filter.js'
import type { UiEntity, UiField } from '../types/bootstrap.js'

/** One row of the filter builder. */
export interface Condition {
  id: number
  field: string
  op: OperatorName
  value: Scalar
}

const TEXT = new Set(['string', 'text', 'phone', 'email', 'url'])

/** Fields the builder offers: choices (enum, workflow state, lookups), references, text and yes/no. */
export function filterableFields(entity: UiEntity): Array<[string, UiField]> {
  return Object.entries(entity.fields).filter(([, f]) => f.options || f.type === 'reference' || f.type === 'boolean' || TEXT.has(f.type))
}

/** Operators the builder offers for a field, among those its type allows. */
export function operatorsFor(field: UiField): OperatorName[] {
  const wanted: OperatorName[] = field.options || field.type === 'reference' || field.type === 'boolean' ? ['eq', 'ne', 'isNull'] : ['contains', 'startsWith', 'eq', 'isNull']
  return wanted.filter((op) => field.operators.includes(op))
}

/**
 * Rows from the page's address (`?contractor=<id>&sla_warning=true`): a link from elsewhere
 * (a cell of the supervisor's board) opens the list behind it, its conditions shown and editable.
 */
export function conditionsFromUrl(entity: UiEntity | undefined, params: URLSearchParams): Condition[] {
  if (!entity) return []
  const fields = new Map(filterableFields(entity))
  const out: Condition[] = []
  for (const [name, raw] of params) {
    const field = fields.get(name)
    if (!field || !field.operators.includes('eq')) continue
    out.push({ id: out.length + 1, field: name, op: 'eq', value: field.type === 'boolean' ? raw === 'true' : raw })
  }
  return out
}

/** The builder's rows, AND-ed with the view's own filter, in the shared filter language. */
export function buildFilter(base: Filter | undefined, conditions: Condition[]): Filter | undefined {
  const parts: Filter[] = base ? [base] : []
  for (const c of conditions) {
    if (c.op === 'isNull') parts.push({ [c.field]: { isNull: true } })
    else if (c.value !== '' && c.value !== null && c.value !== undefined) parts.push({ [c.field]: { [c.op]: c.value } })
  }
  if (!parts.length) return undefined
  return parts.length === 1 ? parts[0] : { and: parts }
}
