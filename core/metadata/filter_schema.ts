import type { FilterSchema } from '#core/filter/index'
import { fieldTypes } from '#core/schema/field_types'
import { joinTableName } from '#core/schema/definitions'
import type { MetadataSet } from './set.js'

const cache = new WeakMap<MetadataSet, FilterSchema>()

/** What the filter compiler needs to know of a metadata set's entities. */
export function filterSchemaOf(set: MetadataSet): FilterSchema {
  let schema = cache.get(set)
  if (!schema) {
    schema = {
      entity: (key) => set.entity(key),
      table: (key) => set.entity(key)?.table ?? key,
      joinTable: (entity, field) => joinTableName(set.entity(entity)?.table ?? entity, field),
      operators: (type) => (fieldTypes.has(type) ? fieldTypes.get(type).operators : []),
    }
    cache.set(set, schema)
  }
  return schema
}
