/**
 * Shapes shared by the field types, the planner and the DDL writer, and the naming rules
 * of what the compiler creates.
 */
import { createHash } from 'node:crypto'
import type { ColumnSpec, OnDelete } from './field_types/field_type.js'

/** A column as the compiler creates it. */
export interface ColumnDef extends Omit<ColumnSpec, 'references'> {
  name: string
  nullable: boolean
  /** SQL expression of the default. */
  default?: string
  /** SQL expression of a `GENERATED ALWAYS AS (...) STORED` column. */
  generated?: string
  primaryKey?: boolean
  /** Stored as the column's comment; the planner reads it back (search columns). */
  comment?: string
  /** An index this column wants (search columns: GIN). */
  index?: { method: 'gin' | 'btree'; opclass?: string }
}

/** An index as the compiler creates it. */
export interface IndexDef {
  name: string
  table: string
  columns: string[]
  unique: boolean
  method?: 'btree' | 'gin'
  /** Operator class for every column, e.g. `public.gin_trgm_ops`. */
  opclass?: string
}

/** A single-column foreign key to `refTable(id)`. */
export interface ForeignKeyDef {
  name: string
  table: string
  column: string
  refTable: string
  onDelete: OnDelete
}

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const PG_NAME_LIMIT = 63

/**
 * `base + suffix`, shortened with a hash when longer than 63 bytes so two long names that
 * share a prefix do not collide after PostgreSQL's silent truncation.
 *
 * @example pgName('ticket_status', '_idx') // 'ticket_status_idx'
 */
export function pgName(base: string, suffix = ''): string {
  const full = base + suffix
  if (Buffer.byteLength(full) <= PG_NAME_LIMIT) return full
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8)
  let head = base
  while (Buffer.byteLength(`${head}_${hash}${suffix}`) > PG_NAME_LIMIT) head = head.slice(0, -1)
  return `${head}_${hash}${suffix}`
}

/** Index name of plain (`_idx`) and unique (`_key`) indexes on `columns` of `table`. */
export function indexName(table: string, columns: string[], unique: boolean): string {
  return pgName(`${table}_${columns.join('_')}`, unique ? '_key' : '_idx')
}

/** Foreign key constraint name, PostgreSQL's own convention. */
export function foreignKeyName(table: string, column: string): string {
  return pgName(`${table}_${column}`, '_fkey')
}

/**
 * Join table of a multi_reference field: `<table>__<field>`, shortened with a hash past 63
 * bytes. The one place this name is built: the schema compiler, the records API and the
 * filter compiler all call it (core/records/entity_info.ts `joinTableOf`).
 */
export function joinTableName(table: string, field: string): string {
  return pgName(`${table}__${field}`)
}

/** Table comments mark what the compiler owns; only those may ever be dropped. */
export const TABLE_MARK = {
  entity: (key: string) => `vikno:entity ${key}`,
  join: (table: string, field: string) => `vikno:join ${table}.${field}`,
  parse(comment: string | null | undefined): { kind: 'entity'; key: string } | { kind: 'join'; table: string; field: string } | null {
    const entity = /^vikno:entity (\S+)$/.exec(comment ?? '')
    if (entity) return { kind: 'entity', key: entity[1] }
    const join = /^vikno:join (\S+)\.(\S+)$/.exec(comment ?? '')
    if (join) return { kind: 'join', table: join[1], field: join[2] }
    return null
  },
}

/** `"name"` with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** `"schema"."name"`, or `"name"` when no schema is given (search_path decides). */
export function qualify(name: string, schema?: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name)
}

/** A SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
