import type { Knex } from 'knex'
import type { Label } from '#core/shared/metadata'
import type { ReportMeasure } from '#core/shared/reports'
import type { OpContext } from '#core/records/context'
import type { ResolvedPeriod } from './period.js'

/** What a module measure's SQL may use besides the table alias. */
export interface MeasureContext {
  op: OpContext
  /** The report's period (its first period parameter with a value), if any. */
  period?: ResolvedPeriod
  /** When the report runs. */
  now: Date
  /**
   * The measure's own `where` compiled for the row at the alias (`TRUE` without one): put it
   * in every `FILTER (WHERE …)` of the expression, `knex.raw('count(*) FILTER (WHERE ?)', [ctx.where])`.
   */
  where: Knex.Raw
}

/**
 * A measure a module adds (`servicedesk.sla_met`): its own aggregate SQL over the report's
 * rows, for the entities it names. Core never knows what it counts.
 */
export interface ModuleMeasure {
  /** `<module>.<name>`, as reports name it in `fn`. */
  name: string
  entities: string[]
  label: Label
  type: 'percent' | 'number'
  /** Digits shown (default 1 for a percent, 0 for a number). */
  digits?: number
  /** Fields of the entity it reads: a viewer who may not read one of them gets the column hidden. */
  fields?: string[]
  /** An aggregate expression over the rows at `alias`, with bound values only. */
  sql(alias: string, knex: Knex, measure: ReportMeasure, ctx: MeasureContext): Knex.Raw
}

const measures = new Map<string, ModuleMeasure>()

/**
 * Registers a module measure (in the module's `setup`).
 * @example
 * registerMeasure({ name: 'servicedesk.breached', entities: ['ticket'], label: { uk: 'Прострочені' }, type: 'number',
 *   sql: (t, knex, _m, ctx) => knex.raw('count(*) FILTER (WHERE ? AND ??)', [ctx.where, `${t}.resolution_breached`]) })
 */
export function registerMeasure(measure: ModuleMeasure) {
  if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(measure.name)) throw new Error(`measure name "${measure.name}" must be <module>.<name>`)
  measures.set(measure.name, measure)
}

export function moduleMeasure(name: string): ModuleMeasure | undefined {
  return measures.get(name)
}

export function moduleMeasures(): ModuleMeasure[] {
  return [...measures.values()].sort((a, b) => a.name.localeCompare(b.name))
}
