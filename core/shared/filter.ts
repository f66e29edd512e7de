/**
 * The filter language: one JSON format for views, row scopes, guards, routing, automations
 * and the API's `filter` parameter. It compiles to SQL (core/filter/to_sql.ts) and evaluates
 * in memory (core/filter/evaluate.ts) with the same meaning.
 *
 * @example
 * { "and": [ { "status": { "in": ["new", "open"] } },
 *            { "object.street": { "eq": "$user.street" } },
 *            { "or": [ { "priority": { "eq": "emergency" } }, { "dueAt": { "lt": "$now" } } ] } ] }
 *
 * A condition maps a field path (`field` or `reference.field`, any depth) to operators.
 * Several operators in one condition, and several paths in one object, are joined by AND.
 * String values starting with `$` are variables: `$now`, `$today`, `$user.id`,
 * `$user.<attribute>`; `$now` and `$today` take an ISO 8601 duration (`$now-P30D`,
 * `$today+P1D`, `$now-PT2H`); a literal leading `$` is written `$$`.
 */
export type Filter = AndFilter | OrFilter | NotFilter | ExistsFilter | Condition

export interface AndFilter {
  and: Filter[]
}
export interface OrFilter {
  or: Filter[]
}
export interface NotFilter {
  not: Filter
}

/**
 * The reverse of a reference: some record of `entity` whose reference field `via` points at
 * this record (a reference, or a multi_reference that contains it) and that matches `where`.
 * Compiles to `EXISTS`. Allowed in row scopes, views and the API's `filter`; not in workflow
 * guards, automations or routing rules (evaluated in memory without a database).
 *
 * @example a contact that is the resident of an open request of the user's company
 * { "$exists": { "entity": "ticket", "via": "resident",
 *                "where": { "contractor": { "eq": "$user.counterparty" }, "closed_at": { "isNull": true } } } }
 */
export interface ExistsFilter {
  $exists: { entity: string; via: string; where?: Filter }
}

export type Scalar = string | number | boolean | null

export interface Operators {
  eq?: Scalar
  ne?: Scalar
  lt?: Scalar
  lte?: Scalar
  gt?: Scalar
  gte?: Scalar
  in?: Scalar[]
  /** Case-insensitive substring. */
  contains?: string
  /** Case-insensitive prefix. */
  startsWith?: string
  /** true: the value is null (or a multi-reference is empty); false: it is not. */
  isNull?: boolean
  /** Inclusive range [low, high]. */
  between?: [Scalar, Scalar]
}

export type OperatorName = keyof Operators

export const OPERATOR_NAMES: readonly OperatorName[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'startsWith', 'isNull', 'between']

/** A condition: field path → operators. */
export type Condition = { [path: string]: Operators }

/** Values bound to `$...` variables when a filter is compiled or evaluated. */
export interface FilterVariables {
  now: Date
  user?: { id: string; [attribute: string]: unknown }
}
