import type { Knex } from 'knex'
import type { OpContext } from '#core/records/context'
import { entityFor, from, scoped } from '#core/records/context'
import { readableColumns, toApi, type RecordData } from '#core/records/serialize'

/**
 * A few rows of an entity by plain column conditions, as `op` may read them (row scope,
 * soft delete, hidden fields), for the intake's hot path: one statement, without the list's
 * filter compilation, counts or read log. A PBX matching a number or finding its own call is
 * not a person viewing a record; the operator's card reads through the records API.
 */
export async function findRows(op: OpContext, entityKey: string, where: (qb: Knex.QueryBuilder) => void, limit = 1): Promise<RecordData[]> {
  const { entity, access } = entityFor(op, entityKey, 'read')
  const qb = from(op, entity).select(readableColumns(entity, access).map((c) => `t.${c}`))
  scoped(op, qb, entity, access, 'read')
  where(qb)
  const rows = await qb.orderBy('t.created_at').limit(limit)
  return rows.map((r: Record<string, unknown>) => toApi(entity, r))
}
