import type { Knex } from 'knex'
import type { ExistsFilter, Filter, FilterVariables, Operators, OperatorName } from '../shared/filter.js'
import { EXISTS_KEY, operand, operandList, resolveField, splitPath, textOperand, UNMATCHABLE, type FilterSchema, type ResolvedField, type ValueKind } from './context.js'
import { assertFilter } from './validate.js'

/**
 * A piece of SQL in knex's raw template: `?` binds a value, `??` quotes an identifier. Values
 * are never written into the text, and every identifier goes through knex's quoting.
 */
interface Fragment {
  sql: string
  bindings: unknown[]
}

const TRUE: Fragment = { sql: 'TRUE', bindings: [] }
const FALSE: Fragment = { sql: 'FALSE', bindings: [] }

/**
 * Adds the filter to a query's WHERE (ANDed with what is there, in parentheses).
 *
 * Columns are qualified with `alias` (default: the entity's table), so pass the alias the
 * query uses: `applyFilter(db.from({ t: 'ticket' }), schema, 'ticket', filter, vars, 't')`.
 * Subqueries use aliases `_vf1`, `_vf2`, ...: do not give the outer table such an alias.
 *
 * Meaning (the in-memory evaluator has the same):
 * - a path through a reference is a subquery, `"t"."building" IN (SELECT "id" FROM "building"
 *   ...)`: a null or dangling reference fails every condition behind it, `isNull` included;
 *   through a multi_reference it is `EXISTS` (some related record matches all the operators of
 *   the condition). Soft-deleted related rows are not excluded here: the caller scopes.
 * - `eq: null` is IS NULL, `ne` is NULL-safe (IS DISTINCT FROM), `in: []` matches nothing,
 *   `contains`/`startsWith` are ILIKE with `%`, `_` and `\` escaped, empty `and` is true and
 *   empty `or` false, `not` is two-valued (`NOT COALESCE(x, FALSE)`), so `not` of a
 *   comparison with a null column matches.
 * - variables resolve now: a variable that resolves to null (a user without `counterparty`) or
 *   to a value that does not fit the field makes its comparison FALSE, for every operator.
 * - `{ $exists: { entity, via, where } }` is `EXISTS (SELECT 1 FROM entity WHERE via = this.id
 *   AND where)` (through the join table for a multi_reference `via`).
 * - with `options.guard`, every record reached through a path or `$exists` must also match the
 *   guard of its entity (the caller's read scope and soft delete): a hop into a record the
 *   caller may not read matches nothing. Guards are trusted (row scopes): compiled without guards.
 *
 * @throws FilterError when the filter does not validate.
 */
export function applyFilter(
  qb: Knex.QueryBuilder,
  schema: FilterSchema,
  entityKey: string,
  filter: Filter,
  variables: FilterVariables,
  alias?: string,
  options: FilterOptions = {}
): Knex.QueryBuilder {
  const { sql, bindings } = compileFilter(schema, entityKey, filter, variables, alias, options)
  return qb.whereRaw(sql, bindings as Knex.RawBinding[])
}

/**
 * The condition every related record must also meet to be reached by a caller's filter: a
 * filter on that entity, `undefined` for none, `false` when no record of it can be reached.
 */
export type HopGuard = (entityKey: string) => Filter | undefined | false

/** Options of {@link applyFilter}, {@link filterToSql} and the evaluator. */
export interface FilterOptions {
  /** For a caller's filter: the target entity's read scope (and soft delete) at every hop. */
  guard?: HopGuard
}

/**
 * The WHERE fragment of a filter, with identifiers quoted and `?` placeholders for `bindings`
 * (knex style; `db.raw(sql, bindings)` or `.toNative()` semantics apply).
 * @throws FilterError when the filter does not validate.
 */
export function filterToSql(
  db: Knex,
  schema: FilterSchema,
  entityKey: string,
  filter: Filter,
  variables: FilterVariables,
  alias?: string,
  options: FilterOptions = {}
): { sql: string; bindings: readonly unknown[] } {
  const { sql, bindings } = compileFilter(schema, entityKey, filter, variables, alias, options)
  const compiled = db.raw(sql, bindings as Knex.RawBinding[]).toSQL()
  return { sql: compiled.sql, bindings: compiled.bindings }
}

function compileFilter(schema: FilterSchema, entityKey: string, filter: Filter, variables: FilterVariables, alias = schema.table(entityKey), options: FilterOptions = {}): Fragment {
  assertFilter(schema, entityKey, filter)
  let n = 0
  const ctx: Ctx = { schema, variables, alias: () => `_vf${++n}`, guard: options.guard }
  const { sql, bindings } = node(ctx, filter, entityKey, alias)
  return { sql: `(${sql})`, bindings }
}

interface Ctx {
  schema: FilterSchema
  variables: FilterVariables
  /** A fresh subquery alias. */
  alias(): string
  guard?: HopGuard
}

/** The guard of a related entity at `alias`, as SQL (TRUE without one). */
function guarded(ctx: Ctx, entity: string, alias: string): Fragment {
  const guard = ctx.guard?.(entity)
  if (guard === undefined) return TRUE
  if (guard === false) return FALSE
  assertFilter(ctx.schema, entity, guard)
  // a guard is a row scope, not the caller's filter: its own paths are not guarded again
  return node({ ...ctx, guard: undefined }, guard, entity, alias)
}

/** `EXISTS` over the records of another entity that reference the record at `alias`. */
function reverse(ctx: Ctx, filter: ExistsFilter, alias: string): Fragment {
  const { entity, via, where } = filter[EXISTS_KEY]
  const field = resolveField(ctx.schema, entity, via)!
  const sub = ctx.alias()
  const inner = where ? node(ctx, where, entity, sub) : TRUE
  const guard = guarded(ctx, entity, sub)
  const link: Fragment = field.kind === 'set' ? exists(ctx, field, sub, { sql: 'AND ?? = ??', bindings: [`${alias}.id`] }) : { sql: '?? = ??', bindings: [`${sub}.${via}`, `${alias}.id`] }
  const parts = [link, inner, guard].filter((p) => p !== TRUE)
  return {
    sql: `EXISTS (SELECT 1 FROM ?? AS ?? WHERE ${parts.map((p) => p.sql).join(' AND ')})`,
    bindings: [ctx.schema.table(entity), sub, ...parts.flatMap((p) => p.bindings)],
  }
}

function node(ctx: Ctx, filter: Filter, entity: string, alias: string): Fragment {
  if (Object.hasOwn(filter, 'and'))
    return join(
      (filter as { and: Filter[] }).and.map((f) => node(ctx, f, entity, alias)),
      'AND'
    )
  if (Object.hasOwn(filter, 'or'))
    return join(
      (filter as { or: Filter[] }).or.map((f) => node(ctx, f, entity, alias)),
      'OR'
    )
  if (Object.hasOwn(filter, 'not')) {
    // NULL from a comparison must not turn into NULL again under NOT (which WHERE drops):
    // coalescing keeps the filter two-valued, like the evaluator
    const inner = node(ctx, (filter as { not: Filter }).not, entity, alias)
    return { sql: `NOT COALESCE(${inner.sql}, FALSE)`, bindings: inner.bindings }
  }
  if (Object.hasOwn(filter, EXISTS_KEY)) return reverse(ctx, filter as ExistsFilter, alias)
  const conditions = Object.entries(filter as Record<string, Operators>)
  return join(
    conditions.map(([path, ops]) => pathCondition(ctx, entity, alias, splitPath(path)!, ops)),
    'AND'
  )
}

function join(parts: Fragment[], op: 'AND' | 'OR'): Fragment {
  if (parts.length === 0) return op === 'AND' ? TRUE : FALSE
  if (parts.length === 1) return parts[0]
  return { sql: `(${parts.map((p) => p.sql).join(` ${op} `)})`, bindings: parts.flatMap((p) => p.bindings) }
}

function pathCondition(ctx: Ctx, entity: string, alias: string, segments: string[], ops: Operators): Fragment {
  const field = resolveField(ctx.schema, entity, segments[0])!
  if (segments.length === 1) return leaf(ctx, field, alias, ops)
  const target = field.to!
  const sub = ctx.alias()
  const inner = pathCondition(ctx, target, sub, segments.slice(1), ops)
  const guard = guarded(ctx, target, sub)
  const select = {
    sql: `SELECT ?? FROM ?? AS ?? WHERE ${inner.sql}${guard === TRUE ? '' : ` AND ${guard.sql}`}`,
    bindings: [`${sub}.id`, ctx.schema.table(target), sub, ...inner.bindings, ...guard.bindings],
  }
  if (field.kind === 'set') return exists(ctx, field, alias, { sql: `AND ?? IN (${select.sql})`, bindings: select.bindings })
  return { sql: `?? IN (${select.sql})`, bindings: [`${alias}.${field.key}`, ...select.bindings] }
}

/** `EXISTS` over the join table of a multi_reference, for the record at `alias`. */
function exists(ctx: Ctx, field: ResolvedField, alias: string, extra?: Fragment): Fragment {
  const j = ctx.alias()
  // the target column is named by the caller's `extra` as `??`; give it this alias
  const targetBindings = extra ? [`${j}.target_id`, ...extra.bindings] : []
  return {
    sql: `EXISTS (SELECT 1 FROM ?? AS ?? WHERE ?? = ??${extra ? ` ${extra.sql}` : ''})`,
    bindings: [ctx.schema.joinTable(field.entity, field.key), j, `${j}.source_id`, `${alias}.id`, ...targetBindings],
  }
}

function leaf(ctx: Ctx, field: ResolvedField, alias: string, ops: Operators): Fragment {
  const parts = (Object.keys(ops) as OperatorName[]).map((op) => (field.kind === 'set' ? setOperator(ctx, field, alias, op, ops[op]) : operator(ctx, field, alias, op, ops[op])))
  return join(parts, 'AND')
}

const COMPARE: Partial<Record<OperatorName, string>> = { lt: '<', lte: '<=', gt: '>', gte: '>=' }

function operator(ctx: Ctx, field: ResolvedField, alias: string, op: OperatorName, value: unknown): Fragment {
  const column = `${alias}.${field.key}`
  const p = placeholder(field.kind)
  const one = (sql: string, ...bindings: unknown[]): Fragment => ({ sql, bindings: [column, ...bindings] })
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = operand(field.kind, value, ctx.variables)
      if (v === UNMATCHABLE) return FALSE
      if (v === null) return one(op === 'eq' ? '?? IS NULL' : '?? IS NOT NULL')
      return one(op === 'eq' ? `?? = ${p}` : `?? IS DISTINCT FROM ${p}`, v)
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const v = operand(field.kind, value, ctx.variables)
      return v === UNMATCHABLE || v === null ? FALSE : one(`?? ${COMPARE[op]} ${p}`, v)
    }
    case 'between': {
      const [low, high] = (value as unknown[]).map((v) => operand(field.kind, v, ctx.variables))
      if (low === UNMATCHABLE || low === null || high === UNMATCHABLE || high === null) return FALSE
      return one(`?? BETWEEN ${p} AND ${p}`, low, high)
    }
    case 'in': {
      const { values, withNull } = operandList(field.kind, value as unknown[], ctx.variables)
      const parts: Fragment[] = []
      if (values.length) parts.push(one(`?? IN (${values.map(() => p).join(', ')})`, ...values))
      if (withNull) parts.push(one('?? IS NULL'))
      return join(parts, 'OR')
    }
    case 'contains':
    case 'startsWith': {
      const text = textOperand(value, ctx.variables)
      if (text === UNMATCHABLE) return FALSE
      // backslash is PostgreSQL's default LIKE escape character
      const escaped = text.replace(/[\\%_]/g, '\\$&')
      return one('?? ILIKE ?', op === 'contains' ? `%${escaped}%` : `${escaped}%`)
    }
    case 'isNull':
      return one(value ? '?? IS NULL' : '?? IS NOT NULL')
  }
}

function setOperator(ctx: Ctx, field: ResolvedField, alias: string, op: OperatorName, value: unknown): Fragment {
  const any = () => exists(ctx, field, alias)
  const none = () => negate(any())
  const has = (ids: unknown[]) => exists(ctx, field, alias, { sql: `AND ?? IN (${ids.map(() => '?').join(', ')})`, bindings: ids })
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = operand('set', value, ctx.variables)
      if (v === UNMATCHABLE) return FALSE
      if (v === null) return op === 'eq' ? none() : any()
      return op === 'eq' ? has([v]) : negate(has([v]))
    }
    case 'in': {
      const { values, withNull } = operandList('set', value as unknown[], ctx.variables)
      const parts: Fragment[] = []
      if (values.length) parts.push(has(values))
      if (withNull) parts.push(none())
      return join(parts, 'OR')
    }
    case 'isNull':
      return value ? none() : any()
    default:
      // validation allows only the operators above on a multi_reference
      throw new Error(`Operator ${op} is not supported on a multi_reference`)
  }
}

function negate(f: Fragment): Fragment {
  return { sql: `NOT ${f.sql}`, bindings: f.bindings }
}

/**
 * Integers are bound as bigint: PostgreSQL would otherwise type the parameter as the column's
 * int4 and fail on a large value; int4 = int8 still uses the column's index.
 */
function placeholder(kind: ValueKind): string {
  return kind === 'integer' ? '?::bigint' : '?'
}
