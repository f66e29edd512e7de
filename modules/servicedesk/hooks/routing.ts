import type { Knex } from 'knex'
import type { OpContext } from '#core/records/context'
import { evaluateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { filterVariables } from '#core/permissions/actor'
import { kyivHourMinute } from './kyiv_time.js'
import type { RequestTypeDoc } from '../kinds/request_type.js'

/** The routing of a new request as values of its insert: SQL, so it costs no round trip of its own. */
export interface Route {
  counterparty: Knex.Raw | null
  queue: Knex.Raw | null
}

/**
 * Routes a request by its type's rules, first match wins: `when` (the filter language over the
 * request), `hours` (Kyiv time of filing), then the company: `responsible:<category>` is the
 * company responsible for that category on the request's object or its nearest ancestor;
 * anything else is a counterparty `code`. The rules that pass `when` and `hours` become SQL
 * evaluated by the request's own insert: the first company found (`coalesce`) and the queue of
 * the rule that found it.
 */
export async function route(trx: OpContext, rt: RequestTypeDoc, ticket: Record<string, unknown>, now = new Date()): Promise<Route> {
  const set = trx.set
  const local = kyivHourMinute(now)
  const candidates: Array<{ sql: string; bindings: string[]; queue: string | null }> = []
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
    const lookup = counterpartyLookup(rule.counterparty, rt.category, ticket.object as string | undefined)
    if (lookup) candidates.push({ ...lookup, queue: rule.queue ?? null })
  }
  if (!candidates.length) return { counterparty: null, queue: null }
  const counterparty = trx.db.raw(
    `coalesce(${candidates.map((c) => `(${c.sql})`).join(', ')})`,
    candidates.flatMap((c) => c.bindings)
  )
  if (candidates.every((c) => c.queue === null)) return { counterparty, queue: null }
  const queue = trx.db.raw(
    `(CASE ${candidates.map((c) => `WHEN (${c.sql}) IS NOT NULL THEN ?::text`).join(' ')} END)`,
    candidates.flatMap((c) => [...c.bindings, c.queue])
  )
  return { counterparty, queue }
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

/** The SQL finding a rule's company (null: the rule cannot match, e.g. no object to look up). */
function counterpartyLookup(target: string, category: string, objectId: string | undefined) {
  if (target.startsWith('responsible:')) {
    const cat = target.slice('responsible:'.length) || category
    if (!objectId) return null
    return { sql: RESPONSIBLE, bindings: [objectId, cat] }
  }
  return { sql: 'SELECT id FROM counterparty WHERE code = ? LIMIT 1', bindings: [target] }
}
