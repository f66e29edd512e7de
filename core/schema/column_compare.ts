/**
 * Whether a live column already has the type a field wants, can be widened without losing
 * anything, or changes (destructive).
 */
import type { ColumnDef } from './definitions.js'
import type { LiveColumn } from './introspect.js'

/** The live type as DDL would spell it, for descriptions. */
export function liveType(column: LiveColumn): string {
  if (column.udt === 'varchar') return column.charLength ? `varchar(${column.charLength})` : 'varchar'
  if (column.udt === 'numeric') return column.precision ? `numeric(${column.precision},${column.scale ?? 0})` : 'numeric'
  return column.udt
}

/** Conversions that keep every value: not destructive. */
const LOSSLESS: Record<string, string[]> = {
  varchar: ['text'],
  bpchar: ['text', 'varchar'],
  int2: ['int4', 'int8', 'numeric'],
  int4: ['int8', 'numeric'],
  int8: ['numeric'],
}

/** Whether a live column already has the wanted type, can be widened safely, or changes. */
export function compareType(live: LiveColumn, want: Pick<ColumnDef, 'udt' | 'charLength' | 'precision' | 'scale'>): 'same' | 'widen' | 'change' {
  if (live.udt !== want.udt) {
    if (!LOSSLESS[live.udt]?.includes(want.udt)) return 'change'
    if (want.udt === 'varchar' && want.charLength != null) return 'change' // bpchar(n) → varchar(m) may cut
    if (want.udt === 'numeric' && want.precision != null) {
      const digits = { int2: 5, int4: 10, int8: 19 }[live.udt] ?? Infinity
      return want.precision - (want.scale ?? 0) >= digits ? 'widen' : 'change'
    }
    return 'widen'
  }
  if (live.udt === 'varchar' || live.udt === 'bpchar') {
    const [have, wanted] = [live.charLength ?? null, want.charLength ?? null]
    if (have === wanted) return 'same'
    if (wanted === null) return 'widen'
    return have !== null && wanted > have ? 'widen' : 'change'
  }
  if (live.udt === 'numeric') {
    const [lp, ls, wp, ws] = [live.precision ?? null, live.scale ?? 0, want.precision ?? null, want.scale ?? 0]
    if (lp === wp && ls === ws) return 'same'
    if (wp === null) return 'widen'
    if (lp === null) return 'change'
    return wp - ws >= lp - ls && ws >= ls ? 'widen' : 'change'
  }
  return 'same'
}
