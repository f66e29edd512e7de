/**
 * Runs a schema plan: assess what destructive actions would lose, refuse them unless
 * confirmed, and run all the DDL in the caller's transaction (one plan, one transaction).
 */
import type { Knex } from 'knex'
import type { SchemaAction } from './actions.js'
import { planSql, type DdlOptions } from './ddl.js'
import { qualify, quoteIdent } from './definitions.js'

export type { DdlOptions } from './ddl.js'

/** What a destructive action would affect. */
export interface Assessment {
  action: SchemaAction
  /** Rows with a value in the column (column changes) or rows in the table (drop_table). */
  rows: number
  /** e.g. `Change type of ticket.code from varchar(255) to integer: 3 rows have a value` */
  message: string
}

/** Thrown by `applyPlan` when the plan can lose data and `confirm` was not given. */
export class DestructiveChangeError extends Error {
  override name = 'DestructiveChangeError'
  constructor(readonly assessments: Assessment[]) {
    super(`Refusing destructive schema changes without confirmation:\n${assessments.map((a) => `- ${a.message}`).join('\n')}`)
  }
}

/**
 * For each destructive action, how many rows it touches, so a refusal (or a confirmation
 * prompt) can say what is at stake. Non-destructive actions are not assessed.
 */
export async function assessPlan(knex: Knex, actions: SchemaAction[], options: DdlOptions = {}): Promise<Assessment[]> {
  const assessments: Assessment[] = []
  for (const action of actions) {
    if (!action.destructive) continue
    const table = qualify(action.table, options.schema)
    // A table that is not there yet (created by this same plan) has nothing to lose.
    const exists = (await knex.raw('select to_regclass(?) as oid', [table])).rows[0].oid !== null
    let rows = 0
    if (exists && action.kind === 'drop_table') {
      rows = Number((await knex.raw(`select count(*) as n from ${table}`)).rows[0].n)
    } else if (exists && action.column) {
      rows = Number((await knex.raw(`select count(*) as n from ${table} where ${quoteIdent(action.column)} is not null`)).rows[0].n)
    }
    const what = action.kind === 'drop_table' ? `${rows} row${rows === 1 ? '' : 's'} in the table` : `${rows} row${rows === 1 ? ' has' : 's have'} a value`
    assessments.push({ action, rows, message: `${action.description}: ${what}` })
  }
  return assessments
}

/**
 * Runs the plan in `trx`. Throws `DestructiveChangeError` (nothing run) when an action is
 * destructive and `confirm` is false. Returns the statements it ran, for the change log.
 * A unique index over duplicate values, or a type cast a value does not fit, fails here and
 * the caller's transaction rolls back as a whole.
 */
export async function applyPlan(trx: Knex.Transaction, actions: SchemaAction[], options: DdlOptions & { confirm: boolean }): Promise<string[]> {
  if (!options.confirm && actions.some((a) => a.destructive)) {
    throw new DestructiveChangeError(await assessPlan(trx, actions, options))
  }
  const statements = planSql(actions, options)
  // Statements are DDL with no bindings; `?` in an expression must not become a placeholder.
  for (const sql of statements) await trx.raw(sql.replace(/\?/g, '\\?'))
  return statements
}

/**
 * The SQL `applyPlan` would run, in order (dry run). `knex` is not queried: the SQL depends
 * only on the actions; it is taken so callers treat preview and apply alike.
 */
export function previewPlan(_knex: Knex | null, actions: SchemaAction[], options: DdlOptions = {}): string[] {
  return planSql(actions, options)
}
