import { DateTime } from 'luxon'
import type { OpContext } from '#core/records/context'
import { evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { filterVariables } from '#core/permissions/actor'
import type { RequestTypeDoc } from '../kinds/request_type.js'

export interface Route {
  counterparty: string | null
  queue: string | null
}

/**
 * Routes a request by its type's rules, first match wins: `when` (the filter language over the
 * request), `hours` (Kyiv time of filing), then the company: `responsible:<category>` is the
 * company responsible for that category on the request's object or its nearest ancestor;
 * anything else is a counterparty `code`.
 */
export async function route(trx: OpContext, rt: RequestTypeDoc, ticket: Record<string, unknown>, now = new Date()): Promise<Route> {
  const set = trx.set
  const local = DateTime.fromJSDate(now).setZone('Europe/Kyiv').toFormat('HH:mm')
  for (const rule of rt.routing ?? []) {
    if (rule.hours) {
      const { from, to } = rule.hours
      const inside = from <= to ? local >= from && local < to : local >= from || local < to
      if (!inside) continue
    }
    if (rule.when) {
      const ok = await evaluateFilter(filterSchemaOf(set), 'ticket', rule.when as any, ticket, filterVariables(trx.actor), async (key: string, id: string) => {
        const entity = set.entity(key)
        return entity
          ? trx
              .db(entity.table ?? entity.key)
              .where({ id })
              .first()
          : undefined
      })
      if (!ok) continue
    }
    const counterparty = await resolveCounterparty(trx, rule.counterparty, rt.category, ticket.object as string | undefined)
    if (counterparty) return { counterparty, queue: rule.queue ?? null }
  }
  return { counterparty: null, queue: null }
}

/**
 * The company responsible for `category` on the object or its nearest ancestor: ONE statement,
 * the walk up the tree (at most 12 levels, as the objects module allows) in a recursive CTE
 * joined to the responsibilities by their (object, category) index.
 */
const RESPONSIBLE = `WITH RECURSIVE line AS (
    SELECT id, parent, 0 AS depth FROM object WHERE id = ?
    UNION ALL
    SELECT o.id, o.parent, line.depth + 1 FROM object o JOIN line ON o.id = line.parent WHERE line.depth < 11)
  SELECT r.counterparty FROM line JOIN object_responsibility r ON r.object = line.id AND r.category = ?
  ORDER BY line.depth LIMIT 1`

async function resolveCounterparty(trx: OpContext, target: string, category: string, objectId: string | undefined) {
  if (target.startsWith('responsible:')) {
    const cat = target.slice('responsible:'.length) || category
    if (!objectId) return null
    const { rows } = await trx.db.raw(RESPONSIBLE, [objectId, cat])
    return (rows[0]?.counterparty as string | undefined) ?? null
  }
  const row = await trx.db('counterparty').where({ code: target }).first('id')
  return row?.id ?? null
}
