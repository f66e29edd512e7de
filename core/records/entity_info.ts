import type { EntityDoc, FieldDef } from '#core/shared/metadata'
import { joinTableName } from '#core/schema/definitions'

/** Table of an entity: its key, or the engine table it describes (`user` → sys_users). */
export function tableOf(entity: EntityDoc): string {
  return entity.table ?? entity.key
}

/** Join table of an entity's multi_reference field (core/schema/definitions.ts builds the name). */
export function joinTableOf(entity: EntityDoc, field: string): string {
  return joinTableName(tableOf(entity), field)
}

/** Fields stored in the entity's own table (multi-references live in join tables). */
export function columnFields(entity: EntityDoc): Array<[string, FieldDef]> {
  return Object.entries(entity.fields).filter(([, f]) => f.type !== 'multi_reference')
}

export function multiFields(entity: EntityDoc): Array<[string, FieldDef]> {
  return Object.entries(entity.fields).filter(([, f]) => f.type === 'multi_reference')
}

export function hasSearch(entity: EntityDoc): boolean {
  return Object.values(entity.fields).some((f) => f.search)
}

export function isPersonal(entity: EntityDoc): boolean {
  return entity.personal === true || Object.values(entity.fields).some((f) => f.personal)
}

/** System columns present on managed entity tables. */
export function systemColumns(entity: EntityDoc): string[] {
  if (entity.managed === false) return ['id']
  const cols = ['id', 'version', 'created_at', 'updated_at', 'created_by', 'updated_by']
  if (entity.softDelete) cols.push('deleted_at')
  return cols
}
