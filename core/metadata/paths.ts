import type { FieldDef } from '#core/shared/metadata'
import { SYSTEM_FIELD_DEFS } from '#core/records/system_fields'
import type { MetadataSet } from './set.js'

/** Resolves `a.b.c` through references to its last field; a string is the problem. */
export function resolvePath(set: MetadataSet, entityKey: string, path: string): { entity: string; field: FieldDef } | string {
  const parts = path.split('.')
  let entity = set.entity(entityKey)
  for (let i = 0; i < parts.length; i++) {
    if (!entity) return `no entity "${entityKey}"`
    const name = parts[i]
    const field = entity.fields[name] ?? SYSTEM_FIELD_DEFS[name]
    if (!field) return `no field "${name}" in ${entity.key}`
    if (i === parts.length - 1) return { entity: entity.key, field }
    if (field.type !== 'reference' && field.type !== 'multi_reference') return `"${name}" is not a reference`
    entity = set.entity(field.to!)
  }
  return 'empty path'
}
