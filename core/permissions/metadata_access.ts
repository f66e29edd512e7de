import type { MetadataSet } from '#core/metadata/set'
import { ADMIN_ONLY_KINDS } from '#core/metadata/kinds/role'
import type { Actor } from './actor.js'
import { expandRoles, isAdmin } from './policy.js'

/**
 * The metadata kinds an actor may edit and publish in the admin builder: every kind for an
 * administrator, else the union of its roles' `metadata.kinds` (never entities or roles, which
 * change tables and permissions).
 */
export function metadataKinds(set: MetadataSet, actor: Actor): '*' | string[] {
  if (isAdmin(set, actor)) return '*'
  const kinds = new Set<string>()
  for (const role of expandRoles(set, actor.roles)) for (const kind of role.metadata?.kinds ?? []) if (!ADMIN_ONLY_KINDS.has(kind)) kinds.add(kind)
  return [...kinds].sort()
}

/** Whether the actor may edit documents of this kind. */
export function mayEditKind(set: MetadataSet, actor: Actor, kind: string): boolean {
  const kinds = metadataKinds(set, actor)
  return kinds === '*' || kinds.includes(kind)
}
