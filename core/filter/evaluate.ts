import type { ExistsFilter, Filter, FilterVariables, Operators, OperatorName } from '../shared/filter.js'
import type { HopGuard } from './to_sql.js'
import { EXISTS_KEY, normalizeValue, operand, operandList, resolveField, splitPath, textOperand, UNMATCHABLE, type FilterSchema, type Normal, type ResolvedField, type ValueKind } from './context.js'
import { assertFilter } from './validate.js'

/** Loads a related record for a path (`building.street`); undefined when there is none. */
export type ResolveRecord = (entityKey: string, id: string) => Promise<Record<string, unknown> | undefined>

/** Records of `entityKey` whose field `via` (a reference, or a multi_reference) points at `id`. */
export type ResolveReferencing = (entityKey: string, via: string, id: string) => Promise<Array<Record<string, unknown>>>

/** Options of {@link evaluateFilter}. */
export interface EvaluateOptions {
  /** As in applyFilter: the condition every related record must also meet. */
  guard?: HopGuard
  /** Needed by `$exists`; without it a filter with `$exists` throws. */
  referencing?: ResolveReferencing
}

type Row = Record<string, unknown>

/**
 * Evaluates a filter on one record, with the meaning of the SQL compiler (see applyFilter):
 * NULL-safe `ne`, two-valued `not`, a null or missing related record failing every condition
 * behind it, unmatchable variables comparing false.
 *
 * The record carries its columns as pg returns them (a missing key counts as null) and each
 * multi_reference as an array of ids. `resolve` is called at most once per related record in
 * one evaluation; it should return soft-deleted records too, as SQL does not exclude them.
 * Values compare by kind: numbers exactly (decimal strings included), datetimes as instants
 * (Date or ISO string; no offset means Kyiv time), dates as `YYYY-MM-DD` (a Date from pg's
 * default parser is read in local time), text with ILIKE-like contains/startsWith.
 * `$exists` asks `options.referencing` for the records that point at this one (soft-deleted
 * ones too, as SQL does not exclude them); `options.guard` is checked on every related record.
 *
 * @throws FilterError when the filter does not validate.
 */
export async function evaluateFilter(
  schema: FilterSchema,
  entityKey: string,
  filter: Filter,
  record: Row,
  variables: FilterVariables,
  resolve: ResolveRecord,
  options: EvaluateOptions = {}
): Promise<boolean> {
  assertFilter(schema, entityKey, filter)
  const loaded = new Map<string, Promise<Row | undefined>>()
  const load = (entity: string, id: string) => {
    const key = `${entity}\u0000${id}`
    let row = loaded.get(key)
    if (!row) loaded.set(key, (row = resolve(entity, id)))
    return row
  }
  const ctx: Ctx = { schema, variables, load, guard: options.guard, referencing: options.referencing }
  return node(ctx, filter, entityKey, record)
}

interface Ctx {
  schema: FilterSchema
  variables: FilterVariables
  load(entity: string, id: string): Promise<Row | undefined>
  guard?: HopGuard
  referencing?: ResolveReferencing
}

/** Whether a related record may be reached: it matches its entity's guard (unguarded inside). */
async function passes(ctx: Ctx, entity: string, row: Row): Promise<boolean> {
  const guard = ctx.guard?.(entity)
  if (guard === undefined) return true
  if (guard === false) return false
  assertFilter(ctx.schema, entity, guard)
  return node({ ...ctx, guard: undefined }, guard, entity, row)
}

async function reverse(ctx: Ctx, filter: ExistsFilter, record: Row): Promise<boolean> {
  const { entity, via, where } = filter[EXISTS_KEY]
  if (!ctx.referencing) throw new Error(`${EXISTS_KEY} needs a way to find referencing records (options.referencing)`)
  const id = normalizeValue('uuid', record.id)
  if (typeof id !== 'string') return false
  for (const row of await ctx.referencing(entity, via, id)) {
    if ((where === undefined || (await node(ctx, where, entity, row))) && (await passes(ctx, entity, row))) return true
  }
  return false
}

async function node(ctx: Ctx, filter: Filter, entity: string, record: Row): Promise<boolean> {
  if (Object.hasOwn(filter, 'and')) {
    for (const f of (filter as { and: Filter[] }).and) if (!(await node(ctx, f, entity, record))) return false
    return true
  }
  if (Object.hasOwn(filter, 'or')) {
    for (const f of (filter as { or: Filter[] }).or) if (await node(ctx, f, entity, record)) return true
    return false
  }
  if (Object.hasOwn(filter, 'not')) return !(await node(ctx, (filter as { not: Filter }).not, entity, record))
  if (Object.hasOwn(filter, EXISTS_KEY)) return reverse(ctx, filter as ExistsFilter, record)
  for (const [path, ops] of Object.entries(filter as Record<string, Operators>)) {
    if (!(await pathCondition(ctx, entity, record, splitPath(path)!, ops))) return false
  }
  return true
}

async function pathCondition(ctx: Ctx, entity: string, record: Row, segments: string[], ops: Operators): Promise<boolean> {
  const field = resolveField(ctx.schema, entity, segments[0])!
  const raw = record[field.key]
  if (segments.length === 1) return leaf(ctx, field, raw, ops)
  const target = field.to!
  const rest = segments.slice(1)
  // like EXISTS: some related record satisfies every operator of the condition
  for (const id of field.kind === 'set' ? idList(raw) : [normalizeValue('uuid', raw)]) {
    if (typeof id !== 'string') continue
    const related = await ctx.load(target, id)
    if (related && (await pathCondition(ctx, target, related, rest, ops)) && (await passes(ctx, target, related))) return true
  }
  return false
}

function leaf(ctx: Ctx, field: ResolvedField, raw: unknown, ops: Operators): boolean {
  return (Object.keys(ops) as OperatorName[]).every((op) => (field.kind === 'set' ? setHolds(ctx, idList(raw), op, ops[op]) : holds(ctx, field.kind, recordValue(field.kind, raw), op, ops[op])))
}

function holds(ctx: Ctx, kind: ValueKind, value: Normal | null, op: OperatorName, raw: unknown): boolean {
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = operand(kind, raw, ctx.variables)
      if (v === UNMATCHABLE) return false
      const same = v === null ? value === null : value !== null && compare(kind, value, v) === 0
      return op === 'eq' ? same : !same
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const v = operand(kind, raw, ctx.variables)
      if (v === UNMATCHABLE || v === null || value === null) return false
      const c = compare(kind, value, v)
      return op === 'lt' ? c < 0 : op === 'lte' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0
    }
    case 'between': {
      const [low, high] = (raw as unknown[]).map((v) => operand(kind, v, ctx.variables))
      if (low === UNMATCHABLE || low === null || high === UNMATCHABLE || high === null || value === null) return false
      return compare(kind, value, low) >= 0 && compare(kind, value, high) <= 0
    }
    case 'in': {
      const { values, withNull } = operandList(kind, raw as unknown[], ctx.variables)
      if (value === null) return withNull
      return values.some((v) => compare(kind, value, v) === 0)
    }
    case 'contains':
    case 'startsWith': {
      const text = textOperand(raw, ctx.variables)
      if (text === UNMATCHABLE || typeof value !== 'string') return false
      const haystack = lower(value)
      return op === 'contains' ? haystack.includes(lower(text)) : haystack.startsWith(lower(text))
    }
    case 'isNull':
      return (value === null) === raw
  }
}

function setHolds(ctx: Ctx, ids: string[], op: OperatorName, raw: unknown): boolean {
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = operand('set', raw, ctx.variables)
      if (v === UNMATCHABLE) return false
      const same = v === null ? ids.length === 0 : ids.includes(v as string)
      return op === 'eq' ? same : !same
    }
    case 'in': {
      const { values, withNull } = operandList('set', raw as unknown[], ctx.variables)
      return values.some((v) => ids.includes(v as string)) || (withNull && ids.length === 0)
    }
    case 'isNull':
      return (ids.length === 0) === raw
    default:
      throw new Error(`Operator ${op} is not supported on a multi_reference`)
  }
}

/** A record's multi_reference value: its ids, lower-cased; anything else counts as none. */
function idList(raw: unknown): string[] {
  if (!Array.isArray(raw)) return []
  return raw.map((id) => normalizeValue('uuid', id)).filter((id): id is string => typeof id === 'string')
}

/** A column value as the compiler's operands are normalised; null when absent or unreadable. */
function recordValue(kind: ValueKind, raw: unknown): Normal | null {
  if (raw === null || raw === undefined) return null
  if (kind === 'opaque') return true
  // pg's default date parser gives local midnight: its local calendar date is the stored one
  if (kind === 'date' && raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return null
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${String(raw.getFullYear()).padStart(4, '0')}-${pad(raw.getMonth() + 1)}-${pad(raw.getDate())}`
  }
  // bigint columns may arrive as strings of more than 16 digits
  if (kind === 'integer' && typeof raw === 'string') return normalizeValue('number', raw) ?? null
  return normalizeValue(kind, raw) ?? null
}

/** Order of two normalised values of one kind (only equality matters for unordered kinds). */
function compare(kind: ValueKind, a: Normal, b: Normal): number {
  switch (kind) {
    case 'integer':
    case 'number':
      return compareNumbers(a as number | string, b as number | string)
    case 'datetime':
      return Math.sign((a as Date).getTime() - (b as Date).getTime())
    case 'date':
      return order(a as string, b as string)
    default:
      return a === b ? 0 : 1
  }
}

/** Exact comparison of numbers and decimal strings, as PostgreSQL's numeric does. */
export function compareNumbers(a: number | string, b: number | string): number {
  const x = decimal(a)
  const y = decimal(b)
  if (!x || !y) return Math.sign(Number(a) - Number(b))
  if (x.sign !== y.sign) return Math.sign(x.sign - y.sign)
  if (x.sign === 0) return 0
  const width = Math.max(x.frac.length, y.frac.length)
  const c = x.int.length - y.int.length || order(x.int, y.int) || order(x.frac.padEnd(width, '0'), y.frac.padEnd(width, '0'))
  return Math.sign(c) * x.sign
}

/** Sign, integer digits and fraction digits without padding zeros; undefined for exponent forms. */
function decimal(value: number | string) {
  let s = String(value)
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined
  let sign = 1
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1
    s = s.slice(1)
  }
  const [whole, fraction = ''] = s.split('.')
  const int = whole.replace(/^0+/, '')
  const frac = fraction.replace(/0+$/, '')
  return { sign: int || frac ? sign : 0, int, frac }
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function lower(text: string): string {
  return text.toLocaleLowerCase('uk')
}
