import type { EntityDoc, FieldTypeName } from '../shared/metadata.js'
import type { FilterVariables, OperatorName } from '../shared/filter.js'
import { DateTime, Duration } from 'luxon'
import { joinTableName } from '../schema/definitions.js'

/**
 * What the filter compiler and evaluator need to know about the entities. The metadata
 * registry implements it; specs build one with {@link createFilterSchema}.
 */
export interface FilterSchema {
  /** Entity metadata by key, or undefined when there is no such entity. */
  entity(key: string): EntityDoc | undefined
  /** Table of an entity (`doc.table ?? key`); may be schema-qualified (`auth.users`). */
  table(key: string): string
  /** Join table of a multi_reference field (`${entity}__${field}`), columns `source_id`, `target_id`. */
  joinTable(entity: string, field: string): string
  /** Operators the field type registry allows for a type. */
  operators(type: FieldTypeName): readonly OperatorName[]
}

/**
 * How values of a field are compared. Several field types share a kind; a kind decides which
 * operators the compiler can translate and how operands are normalised.
 * `set` is a multi_reference (a set of ids); `opaque` values (json, file, geo_point) are only
 * tested for presence.
 */
export type ValueKind = 'uuid' | 'integer' | 'number' | 'date' | 'datetime' | 'boolean' | 'text' | 'enum' | 'set' | 'opaque'

const KIND_OF: Record<FieldTypeName, ValueKind> = {
  string: 'text',
  text: 'text',
  phone: 'text',
  email: 'text',
  url: 'text',
  integer: 'integer',
  // decimal and money arrive from pg as strings
  decimal: 'number',
  money: 'number',
  // duration is a PostgreSQL interval: only presence is filtered until interval operands are compiled
  duration: 'opaque',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  enum: 'enum',
  reference: 'uuid',
  multi_reference: 'set',
  json: 'opaque',
  file: 'opaque',
  geo_point: 'opaque',
}

const ORDERED: readonly OperatorName[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between', 'isNull']

/**
 * Operators the compiler can translate per kind, whatever the registry allows. Strings get no
 * ordering: SQL orders by collation and JavaScript by code unit, so `lt` would not mean the
 * same thing in both places.
 */
export const SUPPORTED_OPERATORS: Record<ValueKind, readonly OperatorName[]> = {
  uuid: ['eq', 'ne', 'in', 'isNull'],
  set: ['eq', 'ne', 'in', 'isNull'],
  integer: ORDERED,
  number: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  boolean: ['eq', 'ne', 'isNull'],
  text: ['eq', 'ne', 'in', 'contains', 'startsWith', 'isNull'],
  enum: ['eq', 'ne', 'in', 'isNull'],
  opaque: ['isNull'],
}

/** The operators of each field type when the registry says nothing else: all the compiler supports. */
export function defaultOperators(type: FieldTypeName): readonly OperatorName[] {
  const kind = KIND_OF[type]
  return kind ? SUPPORTED_OPERATORS[kind] : []
}

/**
 * A FilterSchema over a fixed set of entities, with the default naming rules.
 * @example createFilterSchema([ticketDoc, tagDoc], { table: (k) => `tenant1.${k}` })
 */
export function createFilterSchema(entities: Iterable<EntityDoc>, overrides: Partial<FilterSchema> = {}): FilterSchema {
  const byKey = new Map<string, EntityDoc>()
  for (const doc of entities) byKey.set(doc.key, doc)
  return {
    entity: (key) => byKey.get(key),
    table: (key) => byKey.get(key)?.table ?? key,
    joinTable: (entity, field) => joinTableName(byKey.get(entity)?.table ?? entity, field),
    operators: defaultOperators,
    ...overrides,
  }
}

/** A path segment resolved against an entity. */
export interface ResolvedField {
  /** Entity the column belongs to. */
  entity: string
  /** Field key, which is the column name. */
  key: string
  kind: ValueKind
  /** Target entity of a reference (or created_by/updated_by), through which a path may walk. */
  to?: string
  /** Operators allowed: the registry's for the type, narrowed to what the compiler supports. */
  operators: readonly OperatorName[]
  system: boolean
}

const UUID_OPERATORS: readonly OperatorName[] = ['eq', 'ne', 'in', 'isNull']

// Field keys are snake_case identifiers; anything else cannot be a column of ours, and refusing
// it here keeps odd text from ever reaching an identifier position in SQL.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/** Resolves one field key (or system column) of an entity; undefined when it does not exist. */
export function resolveField(schema: FilterSchema, entityKey: string, key: string): ResolvedField | undefined {
  const doc = schema.entity(entityKey)
  if (!doc || !IDENTIFIER.test(key)) return undefined
  const def = Object.hasOwn(doc.fields ?? {}, key) ? doc.fields[key] : undefined
  if (def) {
    const kind = KIND_OF[def.type]
    if (!kind) return undefined
    const allowed = schema.operators(def.type) ?? []
    const operators = SUPPORTED_OPERATORS[kind].filter((op) => allowed.includes(op))
    const to = kind === 'uuid' || kind === 'set' ? def.to : undefined
    return { entity: entityKey, key, kind, to, operators, system: false }
  }
  const system = (kind: ValueKind, operators: readonly OperatorName[], to?: string): ResolvedField => ({ entity: entityKey, key, kind, to, operators, system: true })
  const narrowed = (kind: ValueKind, type: FieldTypeName) => SUPPORTED_OPERATORS[kind].filter((op) => (schema.operators(type) ?? []).includes(op))
  switch (key) {
    case 'id':
      return system('uuid', UUID_OPERATORS)
    case 'created_by':
    case 'updated_by':
      return system('uuid', UUID_OPERATORS, 'user')
    case 'created_at':
    case 'updated_at':
      return system('datetime', narrowed('datetime', 'datetime'))
    case 'version':
      return system('integer', narrowed('integer', 'integer'))
    case 'deleted_at':
      return doc.softDelete ? system('datetime', narrowed('datetime', 'datetime')) : undefined
    default:
      return undefined
  }
}

/** Splits `a.b.c` into segments; undefined when a segment is empty. */
export function splitPath(path: string): string[] | undefined {
  const segments = path.split('.')
  return segments.every((s) => s.length > 0) ? segments : undefined
}

/**
 * Keys that make a filter node a group rather than a condition: a field named `and`, `or` or
 * `not` cannot be filtered on.
 */
export const GROUP_KEYS = ['and', 'or', 'not'] as const

/** The key of the reverse-relation node (`{ "$exists": { entity, via, where } }`). */
export const EXISTS_KEY = '$exists'

/** Limits that keep an admin- or user-written filter from costing the server too much. */
export const FILTER_LIMITS = {
  /** Nesting of and/or/not. */
  maxDepth: 12,
  /** Filter nodes plus conditions (path → operators). */
  maxNodes: 500,
  /** Segments of one path (`a.b.c` is 3). */
  maxPathSegments: 5,
  /** Values of one `in`. */
  maxInValues: 1000,
}

// ---------------------------------------------------------------------------------------------
// Operands: literal values and `$variables`, normalised per kind so that SQL and the in-memory
// evaluator compare the same things.

/** The city's time zone: `$today`, dates of instants and datetimes without offset use it. */
export const FILTER_ZONE = 'Europe/Kyiv'

/** A normalised operand: uuid lower-cased, integer a number, number a number or decimal string,
 * date `YYYY-MM-DD`, datetime a Date, text and enum a string. */
export type Normal = string | number | boolean | Date

/** A variable resolved to nothing (or to a value that does not fit the field): the comparison is false. */
export const UNMATCHABLE: unique symbol = Symbol('unmatchable')
export type Operand = Normal | null | typeof UNMATCHABLE

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const INTEGER = /^[+-]?\d{1,16}$/
// plain decimals only: exponents like 1e999999 would overflow numeric in PostgreSQL
const DECIMAL = /^[+-]?(\d{1,60}(\.\d{0,60})?|\.\d{1,60})$/

/** Parses an instant: a Date, or an ISO/SQL string (without offset: Kyiv time). */
export function toInstant(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  if (typeof value !== 'string') return undefined
  let dt = DateTime.fromISO(value, { zone: FILTER_ZONE })
  if (!dt.isValid) dt = DateTime.fromSQL(value, { zone: FILTER_ZONE })
  return dt.isValid ? dt.toJSDate() : undefined
}

/**
 * A value normalised for a kind, or undefined when it does not fit (which validation reports
 * for literals, and which makes a variable unmatchable).
 */
export function normalizeValue(kind: ValueKind, value: unknown): Normal | undefined {
  switch (kind) {
    case 'uuid':
    case 'set':
      return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined
    case 'integer':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined
      if (typeof value === 'string' && INTEGER.test(value)) {
        const n = Number(value)
        return Number.isSafeInteger(n) ? n : undefined
      }
      return undefined
    case 'number':
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
      return typeof value === 'string' && DECIMAL.test(value) ? value : undefined
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined
    case 'date': {
      // a calendar date as written, else the Kyiv date of an instant
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return DateTime.fromISO(value).isValid ? value : undefined
      }
      const instant = toInstant(value)
      return instant ? DateTime.fromJSDate(instant, { zone: FILTER_ZONE }).toISODate()! : undefined
    }
    case 'datetime':
      return toInstant(value)
    case 'text':
    case 'enum':
      // PostgreSQL rejects NUL in text: refuse it here instead of failing the query
      return typeof value === 'string' && !value.includes('\u0000') ? value : undefined
    default:
      return undefined
  }
}

/** A `$...` operand: a variable reference, or a literal once `$$` is unescaped. */
export type ParsedOperand = { literal: unknown } | { variable: 'now' | 'today'; offset?: { sign: 1 | -1; duration: Duration } } | { variable: 'user'; attribute: string } | { unknown: string }

// `$now-P30D`, `$today+P1D`: a time variable moved by an ISO 8601 duration (at most 40 characters)
const SHIFTED = /^\$(now|today)([+-])(P[0-9YMWDTHS.]{1,40})$/

/**
 * Tells literals from variables: `$now`, `$today` (optionally shifted by an ISO 8601 duration,
 * `$now-P30D`), `$user.<attribute>`; `$$x` is the text `$x`.
 */
export function parseOperand(raw: unknown): ParsedOperand {
  if (typeof raw !== 'string' || !raw.startsWith('$')) return { literal: raw }
  if (raw.startsWith('$$')) return { literal: raw.slice(1) }
  if (raw === '$now') return { variable: 'now' }
  if (raw === '$today') return { variable: 'today' }
  const shifted = SHIFTED.exec(raw)
  if (shifted) {
    const duration = Duration.fromISO(shifted[3])
    if (!duration.isValid) return { unknown: raw }
    return { variable: shifted[1] as 'now' | 'today', offset: { sign: shifted[2] === '-' ? -1 : 1, duration } }
  }
  if (raw.startsWith('$user.') && raw.length > '$user.'.length) {
    return { variable: 'user', attribute: raw.slice('$user.'.length) }
  }
  return { unknown: raw }
}

/** The value of a variable; a missing user or attribute is null. */
export function variableValue(parsed: ParsedOperand, variables: FilterVariables): unknown {
  if (!('variable' in parsed)) return 'literal' in parsed ? parsed.literal : null
  if (parsed.variable !== 'user') {
    let at = DateTime.fromJSDate(variables.now, { zone: FILTER_ZONE })
    if (parsed.variable === 'today') at = at.startOf('day')
    // calendar units (days, months) move in Kyiv time, so P1D across a DST change is a calendar day
    if (parsed.offset) at = parsed.offset.sign < 0 ? at.minus(parsed.offset.duration) : at.plus(parsed.offset.duration)
    if (!at.isValid) return null
    return parsed.variable === 'now' ? at.toJSDate() : at.toISODate()
  }
  const user = variables.user
  return user && Object.hasOwn(user, parsed.attribute) ? (user[parsed.attribute] ?? null) : null
}

/**
 * One operand, normalised for the field's kind. A literal `null` stays null (eq → IS NULL); a
 * variable that resolves to null, to nothing, or to a value that does not fit becomes
 * UNMATCHABLE, so a scope like `{counterparty: {eq: '$user.counterparty'}}` matches no rows for
 * a user without a counterparty instead of matching every row without one.
 */
export function operand(kind: ValueKind, raw: unknown, variables: FilterVariables): Operand {
  const parsed = parseOperand(raw)
  if ('unknown' in parsed) throw new Error(`Unknown filter variable ${parsed.unknown}`)
  if ('literal' in parsed) {
    if (parsed.literal === null) return null
    const value = normalizeValue(kind, parsed.literal)
    if (value === undefined) throw new Error(`Filter value does not fit a ${kind}`)
    return value
  }
  return normalizeValue(kind, variableValue(parsed, variables)) ?? UNMATCHABLE
}

/**
 * The values of an `in`. Literal nulls ask for IS NULL too; a variable that resolves to an
 * array contributes its elements (`{building: {in: ['$user.buildings']}}`); unmatchable
 * variables drop out.
 */
export function operandList(kind: ValueKind, raws: unknown[], variables: FilterVariables) {
  const values: Normal[] = []
  let withNull = false
  for (const raw of raws) {
    const parsed = parseOperand(raw)
    if ('variable' in parsed) {
      const resolved = variableValue(parsed, variables)
      for (const item of Array.isArray(resolved) ? resolved : [resolved]) {
        const value = normalizeValue(kind, item)
        if (value !== undefined) values.push(value)
      }
      continue
    }
    const one = operand(kind, raw, variables)
    if (one === null) withNull = true
    else if (one !== UNMATCHABLE) values.push(one)
  }
  return { values, withNull }
}

/** The text of contains/startsWith, or UNMATCHABLE when a variable gives no string. */
export function textOperand(raw: unknown, variables: FilterVariables): string | typeof UNMATCHABLE {
  const value = operand('text', raw, variables)
  return typeof value === 'string' ? value : UNMATCHABLE
}
