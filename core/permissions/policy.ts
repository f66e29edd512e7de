import type { Filter } from '#core/shared/filter'
import type { RoleAction, RoleDoc, RoleEntityRule } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import type { Actor } from './actor.js'

/**
 * What an actor may do on one entity, resolved from its roles (metadata). A row scope of
 * `undefined` means every row; `false` means none. Field rules take the most permissive role:
 * a field is hidden only if every role that grants reading hides it.
 */
export interface EntityAccess {
  can(action: RoleAction): boolean
  scope(action: RoleAction): Filter | undefined | false
  hidden: ReadonlySet<string>
  readOnly: ReadonlySet<string>
  admin: boolean
}

const ALL: RoleAction[] = ['read', 'create', 'update', 'delete', 'import', 'export']

export function isAdmin(set: MetadataSet, actor: Actor): boolean {
  return actor.system === true || expandRoles(set, actor.roles).some((r) => r.admin === true)
}

/** The actor's roles with everything they inherit, each once. */
export function expandRoles(set: MetadataSet, keys: string[]): RoleDoc[] {
  const out = new Map<string, RoleDoc>()
  const stack = [...keys]
  while (stack.length) {
    const key = stack.pop()!
    if (out.has(key)) continue
    const role = set.get<RoleDoc>('role', key)
    if (!role) continue
    out.set(key, role)
    stack.push(...(role.inherits ?? []))
  }
  return [...out.values()]
}

const cache = new WeakMap<MetadataSet, Map<string, EntityAccess>>()

export function accessFor(set: MetadataSet, actor: Actor, entityKey: string): EntityAccess {
  const cacheKey = `${actor.system ? '!' : ''}${[...actor.roles].sort().join(',')}|${entityKey}`
  let perSet = cache.get(set)
  if (!perSet) cache.set(set, (perSet = new Map()))
  let access = perSet.get(cacheKey)
  if (!access) perSet.set(cacheKey, (access = readOnlyIfEngineOwned(set, entityKey, resolve(set, actor, entityKey))))
  return access
}

/** Engine-owned tables (`managed: false`, e.g. users) are only read through the records API. */
function readOnlyIfEngineOwned(set: MetadataSet, entityKey: string, access: EntityAccess): EntityAccess {
  if (set.entity(entityKey)?.managed !== false) return access
  const reading = (action: RoleAction) => action === 'read' || action === 'export'
  return { ...access, can: (action) => reading(action) && access.can(action), scope: (action) => (reading(action) ? access.scope(action) : false) }
}

function resolve(set: MetadataSet, actor: Actor, entityKey: string): EntityAccess {
  if (isAdmin(set, actor)) {
    return { can: () => true, scope: () => undefined, hidden: new Set(), readOnly: new Set(), admin: true }
  }
  const rules: RoleEntityRule[] = []
  for (const role of expandRoles(set, actor.roles)) {
    const specific = role.permissions?.[entityKey]
    if (specific) rules.push(specific)
    const wildcard = role.permissions?.['*']
    if (wildcard) rules.push({ actions: wildcard.actions })
  }
  const granting = (action: RoleAction) => rules.filter((r) => r.actions.includes(action))
  const scopes = new Map<RoleAction, Filter | undefined | false>()
  for (const action of ALL) {
    const list = granting(action)
    if (!list.length) scopes.set(action, false)
    else if (list.some((r) => !r.scope)) scopes.set(action, undefined)
    else scopes.set(action, list.length === 1 ? list[0].scope : { or: list.map((r) => r.scope!) })
  }
  const everyHides = (list: RoleEntityRule[], pred: (v: string | undefined) => boolean) => {
    const fields = new Set<string>()
    if (!list.length) return fields
    const candidates = new Set(list.flatMap((r) => Object.keys(r.fields ?? {})))
    for (const f of candidates) if (list.every((r) => pred(r.fields?.[f]))) fields.add(f)
    return fields
  }
  const hidden = everyHides(granting('read'), (v) => v === 'hidden')
  const readOnly = everyHides(granting('update').concat(granting('create')), (v) => v === 'hidden' || v === 'readOnly')
  for (const f of hidden) readOnly.add(f)
  return {
    can: (action) => scopes.get(action) !== false,
    scope: (action) => scopes.get(action),
    hidden,
    readOnly,
    admin: false,
  }
}
