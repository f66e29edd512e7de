import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'

/** A list of the records of `entity` whose `field` points at the record (a ticket's comments: comment.ticket). */
export interface Relation {
  entity: UiEntity
  field: string
  many: boolean
}

/**
 * The relations of an entity: every readable reference (or multi-reference) field of a readable
 * entity that points at it. A self-reference the user cannot write is derived (an object's
 * `street`, `building`) and left out; the record's own children (`parent`) stay.
 */
export function relationsOf(boot: UiBootstrap, entityKey: string): Relation[] {
  const out: Relation[] = []
  for (const entity of boot.entities) {
    for (const [field, def] of Object.entries(entity.fields)) {
      if (def.to !== entityKey || (def.type !== 'reference' && def.type !== 'multi_reference')) continue
      if (entity.key === entityKey && def.readOnly) continue
      out.push({ entity, field, many: def.type === 'multi_reference' })
    }
  }
  return out
}

/** A short name of a record: its display field, else its first short text, else its id. */
export function summaryOf(entity: UiEntity, record: RecordData): string {
  const names = entity.display ? [entity.display] : Object.keys(entity.fields).filter((n) => ['string', 'text', 'phone', 'email'].includes(entity.fields[n].type))
  for (const n of names) {
    const v = record[n]
    if (typeof v === 'string' && v.trim()) return v.length > 90 ? `${v.slice(0, 90)}…` : v
  }
  return `#${record.id.slice(0, 8)}`
}

/** Fields a related list asks for: the summary's, the state, and when it was made. */
export function relatedFields(entity: UiEntity): string[] {
  const names = entity.display ? [entity.display] : Object.keys(entity.fields).filter((n) => ['string', 'text', 'phone', 'email'].includes(entity.fields[n].type))
  const state = entity.workflow?.field && entity.fields[entity.workflow.field] ? [entity.workflow.field] : []
  const created = 'created_at' in entity.systemFields ? ['created_at'] : []
  return ['id', ...names, ...state, ...created]
}
