/**
 * The object tree's code: each object knows its full address and its street and building, so
 * requests can be matched by building or street and addresses found by typing; an object
 * without coordinates takes its parent's (hooks/location.ts), so every request has a point on the map.
 */
import type { RecordHook } from '#core/records/hooks'
import { defineModule } from '#core/modules/define'
import { Problem } from '#core/errors/problem'
import { objectLocation } from './hooks/location.js'

const MAX_DEPTH = 12

type Node = { id: string; name: string; level: string; parent: string | null }
// ancestors read once per transaction: a bulk load of apartments asks for the same buildings
const seen = new WeakMap<object, Map<string, Node | undefined>>()

async function node(db: any, id: string): Promise<Node | undefined> {
  let cache = seen.get(db)
  if (!cache) seen.set(db, (cache = new Map()))
  if (!cache.has(id)) cache.set(id, await db('object').where({ id }).first('id', 'name', 'level', 'parent'))
  return cache.get(id)
}

/** Keeps an object's full address and its street and building, from its ancestors. */
const objectPath: RecordHook = {
  name: 'object_path',
  async beforeWrite({ trx, values, before, op }) {
    if (op !== 'create' && !('parent' in values) && !('name' in values) && !('level' in values)) return
    const name = (values.name ?? before?.name) as string
    const level = (values.level ?? before?.level) as string
    const parentId = ('parent' in values ? values.parent : before?.parent) as string | null
    const chain: Node[] = []
    let cursor = parentId
    while (cursor) {
      if (cursor === before?.id || chain.length >= MAX_DEPTH) {
        throw new Problem('validation', [{ pointer: '/parent', message: 'the object tree would form a cycle or is too deep', code: 'cycle' }])
      }
      const row = await node(trx.db, cursor)
      if (!row) break
      chain.unshift(row)
      cursor = row.parent
    }
    // a street or building refers to itself (a new record's id is chosen before its insert)
    const self = (before?.id ?? values.id ?? null) as string | null
    const all = [...chain, { id: self, name, level }]
    // "Вишгород, вул. Київська, 12, під'їзд 1, кв. 5": the city is implied below district level
    values.path = all
      .filter((o) => o.level !== 'city' || all.length === 1)
      .map((o) => o.name)
      .join(', ')
      .slice(0, 500)
    values.street = level === 'street' ? self : (chain.find((o) => o.level === 'street')?.id ?? null)
    values.building = level === 'building' ? self : (chain.find((o) => o.level === 'building')?.id ?? null)
  },
}

export default defineModule({
  key: 'objects',
  hooks: [
    { entity: 'object', hook: objectPath },
    { entity: 'object', hook: objectLocation },
  ],
})
