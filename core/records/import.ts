import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import type { EntityDoc } from '#core/shared/metadata'
import type { FieldError } from '#core/shared/problem'
import { badRequest, invalid } from '#core/errors/problem'
import { entityFor, type OpContext } from './context.js'
import { prepare, type Prepared } from './prepare.js'
import { checkReferences, inTransaction, insertPrepared, mapDbError, encodeJson } from './write.js'
import { runHooks, type HookContext } from './hooks.js'
import { workflowFor } from '#core/workflow/resolve'
import { joinTableOf, tableOf } from './entity_info.js'

export const MAX_IMPORT_ROWS = 50_000

export interface ImportResult {
  inserted: number
  ids: string[]
  errors: FieldError[]
}

/** CSV text → objects typed by the entity's fields (header = field keys; empty cell = absent). */
export function rowsFromCsv(entity: EntityDoc, text: string): Record<string, unknown>[] {
  let records: Record<string, string>[]
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: false })
  } catch (error: any) {
    throw badRequest(`invalid CSV: ${error.message}`)
  }
  return records.map((rec) => {
    const out: Record<string, unknown> = {}
    for (const [key, cell] of Object.entries(rec)) {
      if (cell === '') continue
      const field = entity.fields[key]
      out[key] = field ? fromCell(field.type, cell) : cell
    }
    return out
  })
}

function fromCell(type: string, cell: string): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(cell) ? Number(cell) : cell
    case 'boolean':
      return ['true', '1', 'так', 'yes'].includes(cell.toLowerCase()) ? true : ['false', '0', 'ні', 'no'].includes(cell.toLowerCase()) ? false : cell
    case 'multi_reference':
      return cell
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean)
    case 'json':
    case 'geo_point':
      try {
        return JSON.parse(cell)
      } catch {
        return cell
      }
    default:
      return cell
  }
}

/**
 * Bulk import: every row is validated like a single create; errors are reported per row
 * (`/rows/<i>/<field>`). Nothing is written when any row fails, unless `partial` is asked,
 * in which case the valid rows are written in one transaction.
 */
export async function importRows(ctx: OpContext, entityKey: string, rows: unknown[], partial: boolean): Promise<ImportResult> {
  const { entity, access } = entityFor(ctx, entityKey, 'import')
  if (!access.can('create')) throw invalid([{ pointer: '/', message: 'no right to create', code: 'forbidden' }])
  if (!Array.isArray(rows)) throw badRequest('expected an array of records', [{ pointer: '/rows', message: 'expected an array', code: 'type' }])
  if (rows.length > MAX_IMPORT_ROWS) throw badRequest(`at most ${MAX_IMPORT_ROWS} rows per import`)
  const errors: FieldError[] = []
  const good: Array<{ index: number; prepared: Prepared }> = []
  for (const [i, row] of rows.entries()) {
    const prefix = `/rows/${i}`
    const { prepared, errors: rowErrors } = prepare(ctx.set, entity, access, row, 'create', ctx.actor.locale, prefix)
    if (!prepared) {
      errors.push(...rowErrors)
      continue
    }
    const refErrors = await checkReferences(ctx, prepared, prefix)
    if (refErrors.length) errors.push(...refErrors)
    else good.push({ index: i, prepared })
  }
  if (errors.length && !partial) throw invalid(errors, { inserted: 0 })
  const ids = await inTransaction(ctx, async (trx, events) => {
    const out: string[] = []
    for (const { index, prepared } of good) {
      const sp = await (trx.db as any).transaction() // savepoint: a failing row rolls back alone
      const rowEvents: typeof events = []
      try {
        const row = await insertPrepared({ ...trx, db: sp }, entity, access, prepared, rowEvents, 'import')
        await sp.commit()
        events.push(...rowEvents)
        out.push(row.id)
      } catch (error) {
        await sp.rollback()
        if (!partial) mapDbError(ctx, `/rows/${index}`)(error)
        try {
          mapDbError(ctx, `/rows/${index}`)(error)
        } catch (mapped: any) {
          if (!mapped.errors) throw mapped
          errors.push(...mapped.errors)
        }
      }
    }
    return out
  })
  return { inserted: ids.length, ids, errors }
}

/**
 * Loads many trusted rows fast (demo data, migrations from other systems): every row is
 * validated like a create and runs the entity's hooks, but rows are inserted 500 at a time
 * with their audit rows, in one transaction, without a savepoint per row. Any invalid row
 * refuses the whole load (no partial mode). Returns the new ids in row order.
 */
export async function bulkInsert(ctx: OpContext, entityKey: string, rows: Record<string, unknown>[]): Promise<string[]> {
  const { entity, access } = entityFor(ctx, entityKey, 'import')
  const errors: FieldError[] = []
  const prepared: Prepared[] = []
  rows.forEach((row, i) => {
    const result = prepare(ctx.set, entity, access, row, 'create', ctx.actor.locale, `/rows/${i}`)
    if (result.prepared) prepared.push(result.prepared)
    else errors.push(...result.errors)
  })
  if (errors.length) throw invalid(errors.slice(0, 100), { inserted: 0 })
  return inTransaction(ctx, async (trx, events) => {
    const ids: string[] = []
    for (let start = 0; start < prepared.length; start += 500) {
      const chunk = prepared.slice(start, start + 500)
      const hooks: HookContext[] = []
      for (const p of chunk) {
        // the id is chosen before the insert, as for a single create (hooks may refer to it)
        const values: Record<string, unknown> = { id: randomUUID(), ...p.columns, created_by: trx.actor.id, updated_by: trx.actor.id }
        const hook: HookContext = { trx, entity, op: 'create', values, events, alongside: [] }
        await runHooks('beforeWrite', hook)
        const wf = workflowFor(trx.set, entity.key, values)
        if (wf) values[wf.field] = wf.initial
        hooks.push(hook)
      }
      const inserted = await trx
        .db(tableOf(entity))
        .insert(hooks.map((h) => encodeJson(entity, h.values)))
        .returning('*')
      for (const [i, row] of inserted.entries()) {
        for (const [field, targets] of Object.entries(chunk[i].multi)) {
          if (targets.length) await trx.db(joinTableOf(entity, field)).insert(targets.map((t) => ({ source_id: row.id, target_id: t })))
        }
        for (const companion of hooks[i].alongside ?? []) await companion
        hooks[i].after = row
        await runHooks('afterWrite', hooks[i])
        ids.push(row.id)
        events.push({ event: { entity: entity.key, id: row.id, version: row.version, op: 'created' } })
      }
      await trx.db('sys_audit').insert(inserted.map((row: any) => ({ actor_id: trx.actor.id, entity: entity.key, record_id: row.id, action: 'import', request_id: trx.actor.requestId ?? null })))
    }
    return ids
  }).catch(mapDbError(ctx))
}
