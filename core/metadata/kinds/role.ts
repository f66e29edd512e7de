import type { RoleDoc } from '#core/shared/metadata'
import { validateFilter } from '#core/filter/index'
import { filterSchemaOf } from '../filter_schema.js'
import { SYSTEM_COLUMNS } from '#core/records/system_fields'
import { kindNames, registerKind } from './registry.js'

/** Kinds only administrators may edit: they change tables, who may do what and what the server connects to. */
export const ADMIN_ONLY_KINDS = new Set(['entity', 'role', 'connector'])

registerKind({
  kind: 'role',
  check(doc, set, report) {
    const role = doc as RoleDoc
    role.inherits?.forEach((parent, i) => {
      if (!set.get('role', parent)) report(`/inherits/${i}`, `no role "${parent}"`)
    })
    if (inheritsItself(role.key, set)) report('/inherits', 'roles inherit in a cycle')
    role.metadata?.kinds.forEach((kind, i) => {
      if (ADMIN_ONLY_KINDS.has(kind)) report(`/metadata/kinds/${i}`, `only administrators may edit "${kind}" metadata`)
      else if (!kindNames().has(kind)) report(`/metadata/kinds/${i}`, `no metadata kind "${kind}"`)
    })
    role.navigation?.forEach((key, i) => {
      if (!set.entity(key)) report(`/navigation/${i}`, `no entity "${key}"`)
    })
    const schema = filterSchemaOf(set)
    for (const [entityKey, rule] of Object.entries(role.permissions ?? {})) {
      const at = `/permissions/${entityKey}`
      if (entityKey === '*') {
        if (rule.scope || rule.fields) report(at, '"*" grants actions only: scopes and field rules name an entity')
        continue
      }
      const entity = set.entity(entityKey)
      if (!entity) {
        report(at, `no entity "${entityKey}"`)
        continue
      }
      for (const field of Object.keys(rule.fields ?? {})) {
        if (!entity.fields[field] && !SYSTEM_COLUMNS.has(field)) report(`${at}/fields/${field}`, `no field "${field}" in ${entityKey}`)
      }
      if (rule.scope) {
        for (const e of validateFilter(schema, entityKey, rule.scope)) report(`${at}/scope${e.pointer}`, e.message)
      }
    }
  },
})

function inheritsItself(start: string, set: import('../set.js').MetadataSet): boolean {
  const seen = new Set<string>()
  const stack = [...(set.get<RoleDoc>('role', start)?.inherits ?? [])]
  while (stack.length) {
    const key = stack.pop()!
    if (key === start) return true
    if (seen.has(key)) continue
    seen.add(key)
    stack.push(...(set.get<RoleDoc>('role', key)?.inherits ?? []))
  }
  return false
}
