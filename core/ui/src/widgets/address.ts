import { get, recordsPath } from '../api/client.js'
import { remember } from '../api/references.js'
import type { RecordData } from '../api/types.js'
import type { Option } from './Combobox.js'

/** Levels of the object tree the address picker walks, outermost first. */
export const ADDRESS_LEVELS = ['street', 'building', 'apartment'] as const
export type AddressLevel = (typeof ADDRESS_LEVELS)[number]
export type Address = Partial<Record<AddressLevel, Option>>

const byName = (a: Option, b: Option) => a.name.localeCompare(b.name, 'uk', { numeric: true })
const children = new Map<string, Promise<Option[]>>()

async function objects(filter: object, extra: Record<string, string | number> = {}): Promise<Option[]> {
  const res = await get<{ data: RecordData[] }>(recordsPath('object', undefined, { filter: JSON.stringify(filter), fields: 'id,name,path', ...extra }))
  return res.data.map((r) => {
    remember('object', r.id, String(r.path ?? r.name))
    return { id: r.id, name: String(r.name) }
  })
}

/**
 * Options of one level matching the typed text: streets are searched on the server (a city has
 * thousands); a street's buildings and a building's apartments are loaded once and filtered here.
 */
export async function addressOptions(level: AddressLevel, within: string | undefined, text: string): Promise<Option[]> {
  const typed = text.trim().toLowerCase()
  if (level === 'street') return (await objects({ level: { eq: 'street' } }, { limit: 20, sort: 'name', ...(typed ? { q: typed } : {}) })).sort(byName)
  if (!within) return []
  const key = `${level}:${within}`
  if (!children.has(key)) {
    const filter = level === 'building' ? { parent: { eq: within }, level: { eq: 'building' } } : { building: { eq: within }, level: { eq: 'apartment' } }
    const loading = objects(filter, { limit: 500 }).then((list) => list.sort(byName))
    children.set(key, loading)
    loading.catch(() => children.delete(key))
    // a list remembered for a minute: new buildings appear without a reload
    setTimeout(() => children.delete(key), 60_000)
  }
  const all = await children.get(key)!
  return typed ? all.filter((o) => o.name.toLowerCase().includes(typed)).slice(0, 50) : all.slice(0, 50)
}

/** The street, building and apartment of a chosen object; null when it is not on a street (a city asset). */
export async function addressOf(id: string): Promise<Address | null> {
  const res = await get<{ data: RecordData }>(recordsPath('object', id, { fields: 'id,name,level,street,building,path' }))
  const o = res.data
  remember('object', o.id, String(o.path ?? o.name))
  const level = String(o.level)
  if (!['street', 'building', 'entrance', 'apartment'].includes(level) || !o.street) return null
  const names = async (ids: string[]) => {
    const found = await get<{ data: RecordData[] }>(recordsPath('object', undefined, { filter: JSON.stringify({ id: { in: ids } }), fields: 'id,name' }))
    return new Map(found.data.map((r) => [r.id, String(r.name)]))
  }
  const ids = [o.street, o.building].filter((x): x is string => typeof x === 'string' && x !== o.id)
  const known = ids.length ? await names(ids) : new Map<string, string>()
  known.set(o.id, String(o.name))
  const at = (x: unknown): Option | undefined => (typeof x === 'string' && known.has(x) ? { id: x, name: known.get(x)! } : undefined)
  return { street: at(o.street), building: at(o.building), ...(level === 'apartment' || level === 'entrance' ? { apartment: at(o.id) } : {}) }
}
