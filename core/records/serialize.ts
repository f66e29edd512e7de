import type { EntityDoc } from '#core/shared/metadata'
import type { EntityAccess } from '#core/permissions/policy'
import { fieldTypes } from '#core/schema/field_types'
import { columnFields, multiFields, systemColumns } from './entity_info.js'

export type RecordData = Record<string, unknown> & { id: string; version?: number }

/** Columns to select for the actor: system columns and readable fields (optionally only `wanted`). */
export function readableColumns(entity: EntityDoc, access: EntityAccess, wanted?: Set<string>): string[] {
  const cols = systemColumns(entity)
  for (const [name] of columnFields(entity)) {
    if (access.hidden.has(name)) continue
    if (wanted && !wanted.has(name)) continue
    cols.push(name)
  }
  return cols
}

export function readableMulti(entity: EntityDoc, access: EntityAccess, wanted?: Set<string>): string[] {
  return multiFields(entity)
    .map(([name]) => name)
    .filter((name) => !access.hidden.has(name) && (!wanted || wanted.has(name)))
}

/** A database row as the API sends it: each field through its type's `fromDb`. */
export function toApi(entity: EntityDoc, row: Record<string, unknown>): RecordData {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (key === 'search_tsv' || key === 'search_text') continue
    const field = entity.fields[key]
    const type = field && fieldTypes.get(field.type)
    out[key] = value !== null && value !== undefined && type?.fromDb ? type.fromDb(value, field) : value
  }
  return out as RecordData
}
