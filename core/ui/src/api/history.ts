import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import { get, recordsPath } from './client.js'
import { loadNames } from './references.js'

/** One audit row of a record (GET /api/v1/records/:entity/:id/history; core/records/history.ts). */
export interface HistoryEntry {
  id: number
  at: string
  action: string
  actor: string | null
  changes: Record<string, { from?: unknown; to?: unknown } | unknown>
}

/** A record's audit trail, newest first, with the names of the people and records it mentions loaded. */
export async function loadHistory(boot: UiBootstrap, entity: UiEntity, id: string): Promise<HistoryEntry[]> {
  const res = await get<{ data: HistoryEntry[] }>(`${recordsPath(entity.key, id)}/history`)
  const wanted = new Map<string, Set<string>>()
  const want = (to: string, v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x) (wanted.get(to) ?? wanted.set(to, new Set()).get(to)!).add(x)
  }
  for (const e of res.data) {
    if (e.actor) want('user', e.actor)
    for (const [name, change] of Object.entries(e.changes)) {
      const field = entity.fields[name]
      if (!field?.to || !field.toReadable || !change || typeof change !== 'object') continue
      want(field.to, (change as { from?: unknown }).from)
      want(field.to, (change as { to?: unknown }).to)
    }
  }
  await Promise.all([...wanted].map(([to, ids]) => loadNames(boot, to, [...ids]).catch(() => {})))
  return res.data
}
