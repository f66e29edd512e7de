import type { FieldError } from '../../../shared/problem.js'
import type { UiEntity, UiField } from '../types/bootstrap.js'
import type { TransitionInfo } from '../api/types.js'
import { ApiError, post, recordsPath } from '../api/client.js'

/** A record's outcome of a bulk action, as POST /records/:entity/bulk answers. */
export type BulkResult = { id: string; ok: true; version?: number } | { id: string; ok: false; status: number; title: string; detail?: string; errors?: FieldError[] }

export interface BulkResponse {
  results: BulkResult[]
  done: number
  refused: number
}

export type BulkAction = { type: 'transition'; transition: string; fields?: Record<string, unknown> } | { type: 'update'; values: Record<string, unknown> } | { type: 'delete' }

/** The server takes up to this many records a request; more are sent in turn. */
export const BULK_CHUNK = 200

/**
 * Sends the action for the records, 200 at a time. A refusal of a later request as a whole
 * (after earlier ones were applied) marks its records refused with the reason, so the result
 * still covers every record; a refusal of the first request is thrown, as nothing was done.
 */
export async function runBulk(entity: string, action: BulkAction, items: Array<{ id: string; version?: number }>): Promise<BulkResponse> {
  const results: BulkResult[] = []
  for (let i = 0; i < items.length; i += BULK_CHUNK) {
    const chunk = items.slice(i, i + BULK_CHUNK)
    try {
      results.push(...(await post<BulkResponse>(recordsPath(entity, 'bulk'), { action, items: chunk })).results)
    } catch (e) {
      if (i === 0 || !(e instanceof ApiError)) throw e
      results.push(...chunk.map((it): BulkResult => ({ id: it.id, ok: false, status: e.status, title: e.problem.title, detail: e.problem.detail })))
    }
  }
  const done = results.filter((r) => r.ok).length
  return { results, done, refused: results.length - done }
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

/** The transitions possible now on every one of the records (asked 200 at a time, intersected). */
export async function commonTransitions(entity: string, ids: string[]): Promise<TransitionInfo[]> {
  let common: TransitionInfo[] | undefined
  for (let i = 0; i < ids.length && (!common || common.length); i += BULK_CHUNK) {
    const { transitions } = await post<{ transitions: TransitionInfo[] }>(`${recordsPath(entity, 'bulk')}/transitions`, { ids: ids.slice(i, i + BULK_CHUNK) })
    common = common ? common.filter((c) => transitions.some((t) => t.key === c.key)) : transitions
  }
  return common ?? []
}
