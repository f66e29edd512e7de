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

/** The object and its ancestors, nearest first (a responsibility on a street covers its buildings). */
export async function objectLine(trx: OpContext, objectId: string | null | undefined): Promise<string[]> {
  const line: string[] = []
  let cursor = objectId ?? null
  while (cursor && line.length < 12) {
    line.push(cursor)
    const row = await trx.db('object').where({ id: cursor }).first('parent')
    cursor = row?.parent ?? null
  }
  return line
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
        return entity ? trx.db(entity.table ?? entity.key).where({ id }).first() : undefined
      })
      if (!ok) continue
    }
    const counterparty = await resolveCounterparty(trx, rule.counterparty, rt.category, ticket.object as string | undefined)
    if (counterparty) return { counterparty, queue: rule.queue ?? null }
  }
  return { counterparty: null, queue: null }
}

async function resolveCounterparty(trx: OpContext, target: string, category: string, objectId: string | undefined) {
  if (target.startsWith('responsible:')) {
    const cat = target.slice('responsible:'.length) || category
    const line = await objectLine(trx, objectId)
    if (!line.length) return null
    const rows = await trx.db('object_responsibility').whereIn('object', line).where({ category: cat }).select('object', 'counterparty')
    for (const id of line) {
      const hit = rows.find((r: any) => r.object === id)
      if (hit) return hit.counterparty as string
    }
    return null
  }
  const row = await trx.db('counterparty').where({ code: target }).first('id')
  return row?.id ?? null
}
