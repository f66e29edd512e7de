import type { OperatorName } from '../../shared/filter.js'
import type { FieldDef, FieldTypeName } from '../../shared/metadata.js'

/** A JSON Schema (2020-12) fragment. */
export type JsonSchema = Record<string, unknown>

/** Referential action of a foreign key, as SQL spells it. */
export type OnDelete = 'restrict' | 'set null' | 'cascade'

/**
 * The column a field wants. `udt`, `charLength`, `precision` and `scale` are what
 * `introspect()` reports for such a column, so the planner can compare desired and live.
 */
export interface ColumnSpec {
  /** SQL type as written in DDL, e.g. `varchar(255)`, `numeric(18,6)`. */
  sqlType: string
  /** `pg_type.typname` of the type, e.g. `varchar`, `numeric`, `timestamptz`. */
  udt: string
  charLength?: number | null
  precision?: number | null
  scale?: number | null
  /** A foreign key to `id` of an entity's table (`entity`) or of an engine table (`table`). */
  references?: { entity?: string; table?: string; onDelete: OnDelete }
}

/**
 * One field type: how a field of that type is stored, validated, filtered and shown.
 * Registered by name in `fieldTypes` (core/schema/field_types.ts).
 */
export interface FieldType {
  name: FieldTypeName
  /** The desired column, or null when the value lives elsewhere (multi_reference). */
  column(field: FieldDef): ColumnSpec | null
  /** JSON Schema of the value as the API reads and writes it. */
  jsonSchema(field: FieldDef): JsonSchema
  /** Filter operators allowed on this type. */
  operators: readonly OperatorName[]
  /** Default UI widget name. */
  widget: string
  /**
   * SQL text expression of the column for full-text search; it must be IMMUTABLE, since it
   * feeds generated columns. Absent: the type cannot be searched.
   */
  searchText?(columnSql: string): string
  /** Normalises an API value before storage; throws `FieldValueError`. null/undefined pass through. */
  toDb?(value: unknown, field: FieldDef): unknown
  /** Turns what `pg` returns into the API value. */
  fromDb?(value: unknown, field: FieldDef): unknown
}

/** A value that cannot be stored in a field; `code` is stable (e.g. `invalid_phone`). */
export class FieldValueError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly value?: unknown
  ) {
    super(message)
    this.name = 'FieldValueError'
  }
}

/** `type` or `[type, 'null']`: fields are nullable unless required. */
export function nullable(type: string, field: FieldDef): string | string[] {
  return field.required ? type : [type, 'null']
}

/** Adds the annotations every field type shares: title, description, readOnly, default. */
export function annotate(field: FieldDef, schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {}
  if (field.label?.uk) out.title = field.label.uk
  if (field.help?.uk) out.description = field.help.uk
  Object.assign(out, schema)
  if (field.readOnly) out.readOnly = true
  if (field.default !== undefined) out.default = field.default
  return out
}

/** null and undefined mean "no value" for every type: stored as SQL NULL. */
export function isEmpty(value: unknown): value is null | undefined {
  return value === null || value === undefined
}

/** Identity search expression for types stored as text. */
export function asText(columnSql: string): string {
  return columnSql
}

/** Operator sets shared by several types. */
export const OPS = {
  text: ['eq', 'ne', 'in', 'contains', 'startsWith', 'isNull'],
  longText: ['eq', 'ne', 'contains', 'startsWith', 'isNull'],
  ordered: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between', 'isNull'],
  choice: ['eq', 'ne', 'in', 'isNull'],
  boolean: ['eq', 'ne', 'isNull'],
  many: ['eq', 'in', 'isNull'],
  presence: ['isNull'],
} as const satisfies Record<string, readonly OperatorName[]>
