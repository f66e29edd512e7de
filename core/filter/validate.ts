import type { FieldError } from '../shared/problem.js'
import { OPERATOR_NAMES, type Filter, type OperatorName } from '../shared/filter.js'
import { EXISTS_KEY, FILTER_LIMITS, GROUP_KEYS, normalizeValue, parseOperand, resolveField, splitPath, type FilterSchema, type ResolvedField, type ValueKind } from './context.js'

/** Options of {@link validateFilter}. */
export interface ValidateFilterOptions {
  /** JSON pointer of the filter inside the request body, e.g. `/filter`. Default: the root. */
  pointer?: string
  /**
   * Whether the user may read a field. An unreadable field is rejected with code
   * `field_not_readable` and the same message as an unknown one; callers that must hide even
   * the field's existence can report both codes as `unknown_field`.
   */
  readable?: (entity: string, field: string) => boolean
  /** Tighter or looser limits than {@link FILTER_LIMITS}. */
  limits?: Partial<typeof FILTER_LIMITS>
  /**
   * false where the filter is evaluated in memory without a way to find referencing records
   * (workflow guards, automations, routing): `$exists` is then refused with `bad_structure`.
   */
  reverse?: boolean
}

/**
 * Codes of the errors: `bad_structure`, `unknown_field`, `field_not_readable`,
 * `unknown_operator`, `operator_not_allowed`, `bad_value`, `unknown_variable`, `too_deep`,
 * `too_large`.
 */
export type FilterErrorCode = 'bad_structure' | 'unknown_field' | 'field_not_readable' | 'unknown_operator' | 'operator_not_allowed' | 'bad_value' | 'unknown_variable' | 'too_deep' | 'too_large'

/** Thrown by the compiler and the evaluator when given a filter that does not validate. */
export class FilterError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid filter: ${errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`)
    this.name = 'FilterError'
  }
}

/**
 * Checks a filter against an entity: structure, paths, operators per field type, value types,
 * variables and size. Returns no errors when the filter is safe to compile and evaluate.
 *
 * @example
 * validateFilter(schema, 'ticket', body.filter, { pointer: '/filter', readable: canRead })
 * // [{ pointer: '/filter/and/0/status/in', message: 'Expected an array', code: 'bad_value' }]
 */
export function validateFilter(schema: FilterSchema, entityKey: string, filter: unknown, options: ValidateFilterOptions = {}): FieldError[] {
  const limits = { ...FILTER_LIMITS, ...options.limits }
  const errors: FieldError[] = []
  let nodes = 0
  let stopped = false

  const fail = (pointer: string, code: FilterErrorCode, message: string) => {
    errors.push({ pointer, message, code })
  }
  // counts a node; past the limit, one error and the walk stops: the rest is not worth reading
  const count = () => {
    if (stopped) return false
    if (++nodes <= limits.maxNodes) return true
    fail(options.pointer ?? '', 'too_large', `Filter is too large (more than ${limits.maxNodes} parts)`)
    stopped = true
    return false
  }

  const walk = (node: unknown, pointer: string, depth: number, entity: string): void => {
    if (!count()) return
    if (depth > limits.maxDepth) return fail(pointer, 'too_deep', 'Filter is nested too deeply')
    if (!isPlainObject(node)) return fail(pointer, 'bad_structure', 'Expected an object')
    const keys = Object.keys(node)
    if (keys.includes(EXISTS_KEY)) return exists(node, keys, pointer, depth, entity)
    const group = keys.find((k) => (GROUP_KEYS as readonly string[]).includes(k))
    if (group) {
      if (keys.length !== 1) return fail(pointer, 'bad_structure', `"${group}" must be the only key of its object`)
      const inner = node[group]
      const at = `${pointer}/${group}`
      if (group === 'not') return walk(inner, at, depth + 1, entity)
      if (!Array.isArray(inner)) return fail(at, 'bad_structure', 'Expected an array')
      inner.forEach((child, i) => walk(child, `${at}/${i}`, depth + 1, entity))
      return
    }
    for (const path of keys) {
      if (!count()) return
      condition(path, node[path], `${pointer}/${escapePointer(path)}`, entity)
    }
  }

  // { $exists: { entity, via, where? } }: `via` is a reference (or multi_reference) of `entity`
  // to the entity the node is about; `where` is a filter on `entity`
  const exists = (node: Record<string, unknown>, keys: string[], pointer: string, depth: number, entity: string): void => {
    if (keys.length !== 1) return fail(pointer, 'bad_structure', `"${EXISTS_KEY}" must be the only key of its object`)
    const at = `${pointer}/${escapePointer(EXISTS_KEY)}`
    if (options.reverse === false) return fail(at, 'bad_structure', `"${EXISTS_KEY}" is not allowed here`)
    const spec = node[EXISTS_KEY]
    if (!isPlainObject(spec)) return fail(at, 'bad_structure', 'Expected an object { entity, via, where }')
    const extra = Object.keys(spec).filter((k) => !['entity', 'via', 'where'].includes(k))
    if (extra.length) return fail(`${at}/${escapePointer(extra[0])}`, 'bad_structure', 'Unknown key')
    if (typeof spec.entity !== 'string' || !schema.entity(spec.entity)) return fail(`${at}/entity`, 'unknown_field', 'Unknown entity')
    const via = typeof spec.via === 'string' ? resolveField(schema, spec.entity, spec.via) : undefined
    if (via && options.readable && !options.readable(spec.entity, spec.via as string)) return fail(`${at}/via`, 'field_not_readable', 'Unknown field')
    if (!via || via.system || via.to !== entity) {
      return fail(`${at}/via`, 'unknown_field', `Expected a reference of ${spec.entity} to ${entity}`)
    }
    if (spec.where === undefined) return
    walk(spec.where, `${at}/where`, depth + 1, spec.entity)
  }

  const condition = (path: string, ops: unknown, pointer: string, entity: string) => {
    const field = resolvePath(path, pointer, entity)
    if (!field) return
    if (!isPlainObject(ops)) return fail(pointer, 'bad_structure', 'Expected an object of operators')
    const names = Object.keys(ops)
    if (names.length === 0) return fail(pointer, 'bad_structure', 'Expected at least one operator')
    for (const name of names) {
      const at = `${pointer}/${escapePointer(name)}`
      if (!(OPERATOR_NAMES as readonly string[]).includes(name)) fail(at, 'unknown_operator', 'Unknown operator')
      else if (!field.operators.includes(name as OperatorName)) {
        fail(at, 'operator_not_allowed', 'Operator not allowed for this field')
      } else operatorValue(field.kind, name as OperatorName, ops[name], at)
    }
  }

  const resolvePath = (path: string, pointer: string, start: string): ResolvedField | undefined => {
    const segments = splitPath(path)
    if (!segments) return void fail(pointer, 'unknown_field', 'Unknown field')
    if (segments.length > limits.maxPathSegments) return void fail(pointer, 'too_deep', 'Path is too long')
    let entity = start
    let field: ResolvedField | undefined
    for (let i = 0; i < segments.length; i++) {
      field = resolveField(schema, entity, segments[i])
      if (field && options.readable && !options.readable(entity, segments[i])) {
        return void fail(pointer, 'field_not_readable', 'Unknown field')
      }
      if (!field) return void fail(pointer, 'unknown_field', 'Unknown field')
      if (i < segments.length - 1) {
        if (!field.to || !schema.entity(field.to)) {
          return void fail(pointer, 'unknown_field', `"${segments[i]}" is not a reference`)
        }
        entity = field.to
      }
    }
    return field
  }

  const operatorValue = (kind: ValueKind, op: OperatorName, value: unknown, pointer: string) => {
    switch (op) {
      case 'eq':
      case 'ne':
        return scalar(kind, value, pointer, true)
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return scalar(kind, value, pointer, false)
      case 'in':
        if (!Array.isArray(value)) return fail(pointer, 'bad_value', 'Expected an array')
        if (value.length > limits.maxInValues) {
          return fail(pointer, 'too_large', `Expected at most ${limits.maxInValues} values`)
        }
        value.forEach((v, i) => scalar(kind, v, `${pointer}/${i}`, true))
        return
      case 'between':
        if (!Array.isArray(value) || value.length !== 2) return fail(pointer, 'bad_value', 'Expected [low, high]')
        value.forEach((v, i) => scalar(kind, v, `${pointer}/${i}`, false))
        return
      case 'contains':
      case 'startsWith':
        if (typeof value !== 'string') return fail(pointer, 'bad_value', 'Expected a string')
        return scalar('text', value, pointer, false)
      case 'isNull':
        if (typeof value !== 'boolean') return fail(pointer, 'bad_value', 'Expected true or false')
    }
  }

  const scalar = (kind: ValueKind, value: unknown, pointer: string, nullable: boolean) => {
    if (value === null) {
      if (!nullable) fail(pointer, 'bad_value', 'Expected a value')
      return
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      return fail(pointer, 'bad_value', 'Expected a string, number or boolean')
    }
    const parsed = parseOperand(value)
    if ('unknown' in parsed) return fail(pointer, 'unknown_variable', `Unknown variable ${parsed.unknown}`)
    if ('literal' in parsed && normalizeValue(kind, parsed.literal) === undefined) {
      fail(pointer, 'bad_value', `Expected ${EXPECTED[kind]}`)
    }
  }

  walk(filter, options.pointer ?? '', 1, entityKey)
  return errors
}

/**
 * Throws {@link FilterError} unless the filter validates; the compiler and the evaluator call
 * it so that nothing unchecked reaches SQL.
 */
export function assertFilter(schema: FilterSchema, entityKey: string, filter: unknown, options?: ValidateFilterOptions): asserts filter is Filter {
  const errors = validateFilter(schema, entityKey, filter, options)
  if (errors.length) throw new FilterError(errors)
}

const EXPECTED: Record<ValueKind, string> = {
  uuid: 'an id (uuid)',
  set: 'an id (uuid)',
  integer: 'an integer',
  number: 'a number',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a date and time (ISO 8601)',
  boolean: 'true or false',
  text: 'a string without NUL characters',
  enum: 'a string',
  opaque: 'no value',
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** RFC 6901: `~` and `/` inside a key are escaped. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}
