import { annotate, asText, FieldValueError, isEmpty, nullable, OPS, type FieldType, type JsonSchema } from './field_type.js'

export const booleanType: FieldType = {
  name: 'boolean',
  column: () => ({ sqlType: 'boolean', udt: 'bool' }),
  jsonSchema: (field) => annotate(field, { type: nullable('boolean', field) }),
  operators: OPS.boolean,
  widget: 'checkbox',
  toDb: (value) => {
    if (isEmpty(value)) return null
    if (typeof value !== 'boolean') throw new FieldValueError('invalid_boolean', `Not a boolean: ${String(value)}`, value)
    return value
  },
}

/** Option values are keys, not labels: 64 characters is plenty and keeps indexes small. */
const ENUM_LENGTH = 64

export const enumType: FieldType = {
  name: 'enum',
  column: () => ({ sqlType: `varchar(${ENUM_LENGTH})`, udt: 'varchar', charLength: ENUM_LENGTH }),
  jsonSchema: (field) => {
    const schema: JsonSchema = { type: nullable('string', field), maxLength: ENUM_LENGTH }
    // `enum` is checked even when `type` allows null, so null must be listed as well.
    if (field.options?.length) schema.enum = field.required ? [...field.options] : [...field.options, null]
    return annotate(field, schema)
  },
  operators: OPS.choice,
  widget: 'select',
  searchText: asText,
  toDb: (value, field) => {
    if (isEmpty(value)) return null
    if (typeof value !== 'string' || (field.options?.length && !field.options.includes(value))) {
      throw new FieldValueError('invalid_option', `Not one of the options: ${String(value)}`, value)
    }
    return value
  },
}
