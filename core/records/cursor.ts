import type { Knex } from 'knex'
import type { SortSpec } from '#core/shared/metadata'
import { badRequest } from '#core/errors/problem'

/** An opaque keyset cursor: the sort values and id of the last row of a page. */
export function encodeCursor(row: Record<string, unknown>, sort: SortSpec[]): string {
  const values = sort.map((s) => normalise(row[s.field]))
  return Buffer.from(JSON.stringify([values, row.id])).toString('base64url')
}

export function decodeCursor(cursor: string, sort: SortSpec[]): { values: unknown[]; id: string } {
  try {
    const [values, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Array.isArray(values) || values.length !== sort.length || typeof id !== 'string') throw new Error()
    return { values, id }
  } catch {
    throw badRequest('invalid cursor', [{ pointer: '/cursor', message: 'invalid cursor' }])
  }
}

function normalise(v: unknown) {
  return v instanceof Date ? v.toISOString() : (v ?? null)
}

/**
 * Rows strictly after the cursor in (sort..., id) order. PostgreSQL puts NULLs last when
 * ascending and first when descending; the conditions follow that.
 */
export function applyKeyset(qb: Knex.QueryBuilder, sort: SortSpec[], cursor: { values: unknown[]; id: string }, alias: string) {
  const keys = [
    ...sort.map((s, i) => ({ col: `${alias}.${s.field}`, desc: s.dir === 'desc', value: cursor.values[i] })),
    {
      col: `${alias}.id`,
      desc: sort.length ? sort[sort.length - 1].dir === 'desc' : false,
      value: cursor.id as unknown,
    },
  ]
  qb.where((outer) => {
    keys.forEach((key, i) => {
      outer.orWhere((branch) => {
        for (const prev of keys.slice(0, i)) {
          if (prev.value === null) branch.whereNull(prev.col)
          else branch.where(prev.col, prev.value as any)
        }
        after(branch, key)
      })
    })
  })
}

function after(qb: Knex.QueryBuilder, key: { col: string; desc: boolean; value: unknown }) {
  if (key.value === null) {
    if (key.desc) qb.whereNotNull(key.col)
    else qb.whereRaw('false')
  } else if (key.desc) {
    qb.where(key.col, '<', key.value as any)
  } else {
    qb.where((q) => q.where(key.col, '>', key.value as any).orWhereNull(key.col))
  }
}
