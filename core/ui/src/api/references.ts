import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData } from './types.js'
import { get, recordsPath } from './client.js'

/** Human names of referenced records, remembered per tab: `<entity>:<id>` → name. */
const names = new Map<string, string>()

export function displayOf(entity: UiEntity | undefined, record: RecordData | undefined): string {
  if (!record) return ''
  const value = entity?.display ? record[entity.display] : undefined
  return value === undefined || value === null || value === '' ? `#${record.id.slice(0, 8)}` : String(value)
}

/** Remembers the names of the records in a list response's `included`. */
export function rememberIncluded(boot: UiBootstrap, included: Record<string, Record<string, RecordData>> | undefined) {
  for (const [key, byId] of Object.entries(included ?? {})) {
    const entity = boot.entities.find((e) => e.key === key)
    for (const record of Object.values(byId)) names.set(`${key}:${record.id}`, displayOf(entity, record))
  }
}

export function remember(entityKey: string, id: string, name: string) {
  names.set(`${entityKey}:${id}`, name)
}

export function knownName(entityKey: string, id: string): string | undefined {
  return names.get(`${entityKey}:${id}`)
}

/** Names of the given ids of one entity, fetched once (ids the user may not see stay unnamed). */
export async function loadNames(boot: UiBootstrap, entityKey: string, ids: string[]): Promise<void> {
  const entity = boot.entities.find((e) => e.key === entityKey)
  const missing = [...new Set(ids)].filter((id) => !names.has(`${entityKey}:${id}`))
  if (!entity || !missing.length) return
  const filter = JSON.stringify({ id: { in: missing } })
  const fields = entity.display ? `id,${entity.display}` : 'id'
  const res = await get<{ data: RecordData[] }>(recordsPath(entityKey, undefined, { filter, fields, limit: missing.length }))
  for (const record of res.data) names.set(`${entityKey}:${record.id}`, displayOf(entity, record))
}

/** Search-as-you-type over an entity through the records API's `q`. */
export async function searchRecords(boot: UiBootstrap, entityKey: string, text: string, limit = 10): Promise<Array<{ id: string; name: string }>> {
  const entity = boot.entities.find((e) => e.key === entityKey)
  if (!entity) return []
  const query: Record<string, string | number> = { limit }
  if (text.trim() && entity.searchable) query.q = text.trim()
  if (entity.display) query.fields = `id,${entity.display}`
  const res = await get<{ data: RecordData[] }>(recordsPath(entityKey, undefined, query))
  return res.data.map((record) => {
    const name = displayOf(entity, record)
    names.set(`${entityKey}:${record.id}`, name)
    return { id: record.id, name }
  })
}
