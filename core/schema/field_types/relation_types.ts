import type { FieldDef } from '../../shared/metadata.js'
import { annotate, nullable, OPS, type FieldType, type OnDelete } from './field_type.js'

/** Engine table holding uploaded files; `file` fields point at its `id`. */
export const FILES_TABLE = 'sys_files'

const ON_DELETE: Record<NonNullable<FieldDef['onDelete']>, OnDelete> = {
  restrict: 'restrict',
  set_null: 'set null',
  cascade: 'cascade',
}

function target(field: FieldDef): string {
  if (!field.to) throw new Error(`A ${field.type} field needs "to" (the target entity key)`)
  return field.to
}

const uuidSchema = (field: FieldDef) => annotate(field, { type: nullable('string', field), format: 'uuid' })

/** Many-to-one: a uuid column with a foreign key to the target's `id`. */
export const referenceType: FieldType = {
  name: 'reference',
  column: (field) => ({
    sqlType: 'uuid',
    udt: 'uuid',
    references: { entity: target(field), onDelete: ON_DELETE[field.onDelete ?? 'restrict'] },
  }),
  jsonSchema: uuidSchema,
  operators: OPS.choice,
  widget: 'reference',
}

/**
 * Many-to-many: no column; rows of the join table `<table>__<field>` (source_id, target_id).
 * The API value is the list of target ids.
 */
export const multiReferenceType: FieldType = {
  name: 'multi_reference',
  column: (field) => {
    target(field)
    return null
  },
  jsonSchema: (field) =>
    annotate(field, {
      type: nullable('array', field),
      items: { type: 'string', format: 'uuid' },
      uniqueItems: true,
      ...(field.required ? { minItems: 1 } : {}),
    }),
  operators: OPS.many,
  widget: 'multi_reference',
}

export const fileType: FieldType = {
  name: 'file',
  // restrict by default: a file still referenced by a record must not vanish under it.
  column: (field) => ({
    sqlType: 'uuid',
    udt: 'uuid',
    references: { table: FILES_TABLE, onDelete: ON_DELETE[field.onDelete ?? 'restrict'] },
  }),
  jsonSchema: uuidSchema,
  operators: OPS.presence,
  widget: 'file',
}
