import type { RecordHook } from '#core/records/hooks'

/** Levels that stand inside their parent: its point is theirs, not an estimate. */
const INSIDE = new Set(['entrance', 'apartment'])

type Point = { lat: number; lon: number }
type ParentPoint = { location: Point | null; approximate: boolean }

// parents read once per transaction: a bulk load of apartments asks for the same entrances
const seen = new WeakMap<object, Map<string, ParentPoint>>()

async function parentPoint(db: any, id: string): Promise<ParentPoint> {
  let cache = seen.get(db)
  if (!cache) seen.set(db, (cache = new Map()))
  const hit = cache.get(id)
  if (hit) return hit
  const row = await db('object').where({ id }).first('location', 'location_approximate')
  const raw = row?.location
  const location = typeof raw === 'string' ? (JSON.parse(raw) as Point) : ((raw as Point | null | undefined) ?? null)
  const found = { location, approximate: row?.location_approximate === true }
  cache.set(id, found)
  return found
}

/**
 * An object saved without a location takes its parent's point, so every request's address has
 * one on the map: an entrance or apartment is where its building is (approximate only when the
 * building's point is); anything else placed at its parent's point (a building at its street's)
 * is marked approximate. A later change of the parent's point is not copied down: the map
 * falls back to the building's and street's points for objects still without one.
 */
export const objectLocation: RecordHook = {
  name: 'object_location',
  async beforeWrite({ trx, values, before, op }) {
    if (op === 'delete' || op === 'transition') return
    const location = 'location' in values ? values.location : before?.location
    if (location !== null && location !== undefined) return
    const parent = ('parent' in values ? values.parent : before?.parent) as string | null | undefined
    if (!parent) return
    const from = await parentPoint(trx.db, parent)
    if (!from.location) return
    const level = (values.level ?? before?.level) as string
    values.location = { lat: from.location.lat, lon: from.location.lon }
    values.location_approximate = from.approximate || !INSIDE.has(level)
  },
}
