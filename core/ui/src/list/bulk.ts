import type { FieldError } from '../../../shared/problem.js'
import type { UiEntity, UiField } from '../types/bootstrap.js'
import { post, recordsPath } from '../api/client.js'

/** A record's outcome of a bulk action, as POST /records/:entity/bulk answers. */
export type BulkResult = { id: string; ok: true; version?: number } | { id: string; ok: false; status: number; title: string; detail?: string; errors?: FieldError[] }

export interface BulkResponse {
  results: BulkResult[]
  done: number
  refused: number
}

export type BulkAction = { type: 'transition'; transition: string; fields?: Record<string, unknown> } | { type: 'update'; values: Record<string, unknown> } | { type: 'delete' }

export function runBulk(entity: string, action: BulkAction, items: Array<{ id: string; version?: number }>) {
  return post<BulkResponse>(recordsPath(entity, 'bulk'), { action, items })
}

const SETTABLE = new Set(['string', 'text', 'integer', 'number', 'decimal', 'money', 'boolean', 'enum', 'reference', 'date', 'phone', 'email', 'url'])

/** Fields a bulk "set a field" may change: writable on update, with a simple value. */
export function settableFields(entity: UiEntity): Array<[string, UiField]> {
  const writable = entity.schemas.update?.properties ?? {}
  return Object.entries(entity.fields).filter(([name, f]) => name in writable && !f.readOnly && (SETTABLE.has(f.type) || !!f.options))
}

/** The value a "set a field" input holds, as the API expects it. */
export function valueFor(field: UiField, raw: string | null): unknown {
  if (raw === null || raw === '') return null
  if (field.type === 'boolean') return raw === 'true'
  if (['integer', 'number', 'decimal', 'money'].includes(field.type)) return Number(raw)
  return raw
}
