/**
 * The field types registry, and the columns every entity table has besides its fields.
 * A type is looked up by name: `fieldTypes.get(field.type).column(field)`.
 */
import type { EntityDoc, FieldDef } from '../shared/metadata.js'
import { quoteIdent, quoteLiteral, type ColumnDef } from './definitions.js'
import { booleanType, enumType } from './field_types/choice_types.js'
import type { FieldType } from './field_types/field_type.js'
import { decimalType, integerType, moneyType } from './field_types/number_types.js'
import { fileType, multiReferenceType, referenceType } from './field_types/relation_types.js'
import { geoPointType, jsonType } from './field_types/structured_types.js'
import { emailType, phoneType, stringType, textType, urlType } from './field_types/text_types.js'
import { dateType, datetimeType, durationType } from './field_types/time_types.js'
import { Registry } from './registry.js'
import { normaliseApostrophesSql, SEARCH_CONFIG } from './search_setup.js'

export type { ColumnSpec, FieldType, JsonSchema, OnDelete } from './field_types/field_type.js'
export { FieldValueError } from './field_types/field_type.js'
export { normalisePhone } from './field_types/text_types.js'
export { intervalToIso } from './field_types/time_types.js'
export { FILES_TABLE } from './field_types/relation_types.js'

/** Every field type by name. Modules may register more. */
export const fieldTypes = new Registry<FieldType>('field type')
for (const type of [
  stringType,
  textType,
  integerType,
  decimalType,
  moneyType,
  booleanType,
  dateType,
  datetimeType,
  durationType,
  enumType,
  referenceType,
  multiReferenceType,
  phoneType,
  emailType,
  urlType,
  jsonType,
  fileType,
  geoPointType,
]) {
  fieldTypes.register(type.name, type)
}

/** The column of a field, or null when it has none (multi_reference). */
export function fieldColumn(key: string, field: FieldDef): ColumnDef | null {
  const spec = fieldTypes.get(field.type).column(field)
  if (!spec) return null
  const { references: _references, ...rest } = spec
  // Required-ness is the API's job: a NOT NULL here would make adding a required field to a
  // table with rows fail, and a rollback of a field impossible.
  return { name: key, ...rest, nullable: true }
}

/** Options of the generated search columns. */
export interface SearchOptions {
  /** Text search configuration of `search_tsv` (default `vikno_uk`). */
  config?: string
  /** Operator class of the trigram index on `search_text`; null when pg_trgm is missing. */
  trigramOps?: string | null
  /**
   * Dictionary behind the configuration, recorded in the signature so the stored vectors
   * are rebuilt when it changes (e.g. the Ukrainian dictionary was installed later).
   */
  dictionary?: string | null
}

/** Names of the columns every entity table has; fields may not use them. */
export const SYSTEM_COLUMN_NAMES = ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version', 'deleted_at', 'search_tsv', 'search_text'] as const

/** Keys of the fields included in full-text search, in declaration order. */
export function searchFields(entity: EntityDoc): string[] {
  return Object.entries(entity.fields)
    .filter(([, f]) => f.search)
    .map(([key]) => key)
}

/**
 * Comment stored on `search_tsv`: what the generated columns were built from. The planner
 * compares it, not PostgreSQL's deparsed expression, which varies between versions.
 */
export function searchSignature(entity: EntityDoc, options: SearchOptions = {}): string {
  const { config = SEARCH_CONFIG, dictionary = null } = options
  return JSON.stringify({ vikno: 'search', v: 1, config, dictionary, fields: searchFields(entity) })
}

/**
 * The columns of an entity table other than its fields: id, audit columns, version,
 * `deleted_at` with softDelete, and the generated search columns when a field has `search`.
 */
export function systemColumns(entity: EntityDoc, options: SearchOptions = {}): ColumnDef[] {
  const columns: ColumnDef[] = [
    { name: 'id', sqlType: 'uuid', udt: 'uuid', nullable: false, default: 'gen_random_uuid()', primaryKey: true },
    { name: 'created_at', sqlType: 'timestamptz', udt: 'timestamptz', nullable: false, default: 'now()' },
    { name: 'updated_at', sqlType: 'timestamptz', udt: 'timestamptz', nullable: false, default: 'now()' },
    // No foreign keys: audit columns must survive the removal of a user.
    { name: 'created_by', sqlType: 'uuid', udt: 'uuid', nullable: true },
    { name: 'updated_by', sqlType: 'uuid', udt: 'uuid', nullable: true },
    { name: 'version', sqlType: 'integer', udt: 'int4', nullable: false, default: '1' },
  ]
  if (entity.softDelete) columns.push({ name: 'deleted_at', sqlType: 'timestamptz', udt: 'timestamptz', nullable: true })
  return [...columns, ...searchColumns(entity, options)]
}

/**
 * The SQL text searched for `keys` of an entity (apostrophes normalised), as the generated
 * search columns hold it; `column` writes a key's quoted column (qualify it with an alias when
 * a query builds the text over some fields only, e.g. those a caller may read).
 */
export function searchTextSql(entity: EntityDoc, keys: string[], column: (key: string) => string = quoteIdent): string {
  return normaliseApostrophesSql(
    keys
      .map((key) => {
        const type = fieldTypes.get(entity.fields[key].type)
        if (!type.searchText) throw new Error(`Field "${entity.key}.${key}" of type ${type.name} cannot be searched`)
        return `coalesce(${type.searchText(column(key))}, '')`
      })
      .join(` || ' ' || `)
  )
}

/** `search_tsv` and `search_text`, or none when no field is searched. */
export function searchColumns(entity: EntityDoc, options: SearchOptions = {}): ColumnDef[] {
  const keys = searchFields(entity)
  if (!keys.length) return []
  const config = options.config ?? SEARCH_CONFIG
  const trigramOps = options.trigramOps === undefined ? 'gin_trgm_ops' : options.trigramOps
  const text = searchTextSql(entity, keys)
  const tsv: ColumnDef = {
    name: 'search_tsv',
    sqlType: 'tsvector',
    udt: 'tsvector',
    nullable: true,
    generated: `to_tsvector(${quoteLiteral(config)}::regconfig, ${text})`,
    comment: searchSignature(entity, options),
    index: { method: 'gin' },
  }
  const plain: ColumnDef = { name: 'search_text', sqlType: 'text', udt: 'text', nullable: true, generated: `lower(${text})` }
  if (trigramOps) plain.index = { method: 'gin', opclass: trigramOps }
  return [tsv, plain]
}
