import type { ValidateFunction } from 'ajv'
import type { EntityDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import { fieldTypes } from '#core/schema/field_types'
import { ajv } from '#core/validation/ajv'

export type WriteMode = 'create' | 'update'

/**
 * The JSON Schema of an entity's writable record body. Unknown fields are rejected
 * (additionalProperties: false); `update` drops `required` (PATCH semantics) and accepts
 * `version` for optimistic locking.
 */
export function recordSchema(entity: EntityDoc, mode: WriteMode, locale: 'uk' | 'en' = 'uk') {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  for (const [name, field] of Object.entries(entity.fields)) {
    const schema = { ...(fieldTypes.get(field.type).jsonSchema(field) as Record<string, unknown>) }
    const title = field.label?.[locale] ?? field.label?.uk
    if (title) schema.title = title
    if (field.readOnly) schema.readOnly = true
    // a required text must say something: an empty string is as missing as no value
    if (field.required && schema.minLength === undefined && [schema.type].flat().includes('string') && !schema.format) schema.minLength = 1
    properties[name] = schema
    if (field.required && mode === 'create' && field.default === undefined && !field.readOnly) required.push(name)
  }
  if (mode === 'update') properties.version = { type: 'integer', minimum: 1 }
  return {
    type: 'object',
    title: entity.label[locale] ?? entity.label.uk,
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  }
}

const cache = new WeakMap<MetadataSet, Map<string, ValidateFunction>>()

/** Compiled once per published revision and entity. */
export function recordValidator(set: MetadataSet, entity: EntityDoc, mode: WriteMode): ValidateFunction {
  let perSet = cache.get(set)
  if (!perSet) cache.set(set, (perSet = new Map()))
  const key = `${entity.key}:${mode}`
  let validate = perSet.get(key)
  if (!validate) perSet.set(key, (validate = ajv.compile(recordSchema(entity, mode))))
  return validate
}
