import type { FieldTypeInfo } from '#core/shared/metadata_api'
import { fieldTypes } from '#core/schema/field_types'

/** Field definition properties every type accepts (entity.schema.json `$defs/field`). */
const COMMON = ['label', 'help', 'required', 'unique', 'indexed', 'default', 'readOnly', 'personal', 'retentionDays'] as const

/** The properties that mean something for a type, beyond the common ones. */
const SPECIFIC: Record<string, string[]> = {
  string: ['maxLength', 'minLength', 'pattern', 'search'],
  text: ['maxLength', 'search'],
  phone: ['search'],
  email: ['search'],
  url: [],
  integer: ['minimum', 'maximum'],
  decimal: ['minimum', 'maximum', 'precision', 'scale'],
  money: ['minimum', 'maximum'],
  enum: ['options', 'optionLabels', 'deprecatedOptions', 'search'],
  reference: ['to', 'onDelete'],
  multi_reference: ['to'],
  file: [],
}

export type { FieldTypeInfo }

/** Every registered field type with the options the designer shows for it (modules' types included). */
export function fieldTypeList(): FieldTypeInfo[] {
  return fieldTypes.names().map((name) => {
    const type = fieldTypes.get(name)
    const specific = SPECIFIC[name] ?? []
    const searchable = !!type.searchText
    return {
      name,
      widget: type.widget,
      operators: [...type.operators],
      options: [...COMMON, ...specific.filter((o) => o !== 'search' || searchable)],
      searchable,
      column: name === 'multi_reference' ? false : true,
    }
  })
}
