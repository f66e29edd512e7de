import type { Filter } from '#core/shared/filter'
import type { MetadataSet } from '#core/metadata/set'
import { SYSTEM_FIELD_DEFS } from '#core/records/system_fields'

/**
 * The entities a filter on `entityKey` reads: the targets of its paths and the entities of its
 * `$exists` (with their own `where`). A change to a record of one of them may change what the
 * filter matches.
 */
export function filterEntities(set: MetadataSet, entityKey: string, filter: Filter, out = new Set<string>()): Set<string> {
  out.add(entityKey)
  const f = filter as Record<string, unknown>
  if (Array.isArray(f.and)) for (const x of f.and) filterEntities(set, entityKey, x, out)
  else if (Array.isArray(f.or)) for (const x of f.or) filterEntities(set, entityKey, x, out)
  else if (f.not) filterEntities(set, entityKey, f.not as Filter, out)
  else if (f.$exists) {
    const { entity, where } = f.$exists as { entity: string; where?: Filter }
    out.add(entity)
    if (where) filterEntities(set, entity, where, out)
  } else for (const path of Object.keys(f)) pathEntities(set, entityKey, path, out)
  return out
}

/** The entities a path walks through (`object.street.name`: object's and street's). */
export function pathEntities(set: MetadataSet, entityKey: string, path: string, out = new Set<string>()): Set<string> {
  let entity = set.entity(entityKey)
  for (const name of path.split('.')) {
    if (!entity) break
    out.add(entity.key)
    const field = entity.fields[name] ?? SYSTEM_FIELD_DEFS[name]
    if (!field?.to || field.to === '__self__') break
    entity = set.entity(field.to)
  }
  return out
}
