/**
 * The schema diff: desired entities vs. the live database → a list of actions (data).
 * Never destructive by default: a field or entity removed from metadata keeps its column or
 * table (and data) unless `dropRemoved` is set, and nothing narrows without being flagged.
 */
import type { EntityDoc, FieldDef } from '../shared/metadata.js'
import { ACTION_ORDER, type SchemaAction } from './actions.js'
import { foreignKeyName, indexName, joinTableName, TABLE_MARK, type ColumnDef, type ForeignKeyDef, type IndexDef } from './definitions.js'
import { fieldColumn, fieldTypes, SYSTEM_COLUMN_NAMES, systemColumns, type SearchOptions } from './field_types.js'
import { compareType, liveType } from './column_compare.js'
import { regName, type LiveSchema, type LiveTable } from './introspect.js'
import { orderCreateTables } from './order.js'
import { SEARCH_CONFIG } from './search_setup.js'

export type { SchemaAction } from './actions.js'

export interface PlanOptions {
  /** Drop columns and tables whose field or entity was removed from metadata (destructive). */
  dropRemoved?: boolean
  /**
   * The entities of the previous revision. Informational: removed fields and entities are
   * found in the live schema (table and column marks), which also covers removals made
   * several revisions ago without `dropRemoved`.
   */
  previous?: EntityDoc[]
}

/** Metadata the compiler cannot turn into a schema (unknown target entity, bad index...). */
export class SchemaPlanError extends Error {
  override name = 'SchemaPlanError'
}

const SEARCH_COLUMNS = new Set(['search_tsv', 'search_text'])

/** The table of an entity. */
export function tableOf(entity: EntityDoc): string {
  return entity.table ?? entity.key
}

/**
 * Actions that make `live` match `entities`. Pass every entity, engine-owned ones too:
 * entities with `managed: false` are never touched, but resolve references to their tables
 * (`user` → `sys_users`). An empty list means the schema is up to date.
 *
 * @example
 * const actions = planSchema(entities, await introspect(knex))
 * await knex.transaction((trx) => applyPlan(trx, actions, { confirm: false }))
 */
export function planSchema(entities: EntityDoc[], live: LiveSchema, options: PlanOptions = {}): SchemaAction[] {
  const ctx = new PlanContext(entities, live, options)
  const actions: SchemaAction[] = []
  for (const entity of ctx.managed) {
    const table = live.tables[tableOf(entity)]
    actions.push(...(table ? ctx.alterTable(entity, table) : ctx.createTable(entity)))
    actions.push(...ctx.joinTables(entity))
  }
  actions.push(...ctx.removedTables())
  return sortActions(actions)
}

/** Sorts by ACTION_ORDER (stable), referenced tables before the tables that reference them. */
export function sortActions(actions: SchemaAction[]): SchemaAction[] {
  const rank = (a: SchemaAction) => ACTION_ORDER.indexOf(a.kind)
  const sorted = actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
    .map(({ a }) => a)
  return orderCreateTables(sorted)
}

class PlanContext {
  readonly managed: EntityDoc[]
  readonly #byKey = new Map<string, EntityDoc>()
  /** Tables that exist once the plan has run: FKs to anything else wait for a later plan. */
  readonly #tablesAfter: Set<string>
  readonly #search: SearchOptions

  constructor(
    readonly entities: EntityDoc[],
    readonly live: LiveSchema,
    readonly options: PlanOptions
  ) {
    for (const e of entities) this.#byKey.set(e.key, e)
    this.managed = entities.filter((e) => e.managed !== false)
    this.#tablesAfter = new Set([...Object.keys(live.tables), ...this.managed.map(tableOf)])
    const trgm = live.extensions.pg_trgm
    this.#search = {
      config: live.search?.config ?? SEARCH_CONFIG,
      dictionary: live.search?.dictionary ?? null,
      trigramOps: trgm ? `${regName(trgm)}.gin_trgm_ops` : null,
    }
    const searched = this.managed.find((e) => Object.values(e.fields).some((f) => f.search))
    if (searched && !live.search) {
      throw new SchemaPlanError(`Entity "${searched.key}" has search fields but the "${SEARCH_CONFIG}" text search configuration is missing: run ensureSearchConfig() first`)
    }
  }

  createTable(entity: EntityDoc): SchemaAction[] {
    const table = tableOf(entity)
    const columns = [...this.#fieldColumns(entity), ...this.#systemColumns(entity)]
    const actions: SchemaAction[] = [
      {
        kind: 'create_table',
        table,
        entity: entity.key,
        columns,
        foreignKeys: this.#foreignKeys(entity),
        comment: TABLE_MARK.entity(entity.key),
        destructive: false,
        description: `Create table ${table} for entity ${entity.key} (${columns.length} columns)`,
      },
    ]
    for (const index of this.#indexes(entity, columns)) actions.push(addIndex(index))
    return actions
  }

  alterTable(entity: EntityDoc, live: LiveTable): SchemaAction[] {
    const table = live.name
    const actions: SchemaAction[] = []
    const system = this.#systemColumns(entity)
    const wanted = [...this.#fieldColumns(entity), ...system.filter((c) => !SEARCH_COLUMNS.has(c.name))]
    const altered = new Set<string>()
    for (const column of wanted) {
      const current = live.columns[column.name]
      if (!current) {
        actions.push({ kind: 'add_column', table, column: column.name, definition: column, destructive: false, description: `Add column ${table}.${column.name} ${column.sqlType}` })
        continue
      }
      const change = compareType(current, column)
      if (change === 'same') continue
      altered.add(column.name)
      const from = liveType(current)
      actions.push({
        kind: 'alter_column_type',
        table,
        column: column.name,
        from,
        definition: column,
        destructive: change === 'change',
        description: `Change type of ${table}.${column.name} from ${from} to ${column.sqlType}${change === 'widen' ? ' (widening)' : ''}`,
      })
    }

    const search = system.filter((c) => SEARCH_COLUMNS.has(c.name))
    const rebuildSearch = this.#searchChanged(live, search, altered)
    if (rebuildSearch) {
      const drop = [...SEARCH_COLUMNS].filter((name) => live.columns[name])
      actions.push({
        kind: 'set_search_columns',
        table,
        drop,
        columns: search,
        indexes: columnIndexes(table, search),
        destructive: false,
        description: search.length ? `Rebuild search columns of ${table} from ${searchFieldList(entity)}` : `Remove search columns of ${table}`,
      })
    }

    actions.push(...this.#foreignKeyChanges(entity, live))
    const desired = [...wanted, ...(rebuildSearch ? [] : search)]
    actions.push(...this.#indexChanges(entity, live, desired, rebuildSearch))

    if (this.options.dropRemoved) {
      const keep = new Set([...desired.map((c) => c.name), ...SEARCH_COLUMNS])
      for (const name of Object.keys(live.columns)) {
        if (keep.has(name)) continue
        actions.push({ kind: 'drop_column', table, column: name, destructive: true, description: `Drop column ${table}.${name} (field removed from metadata)` })
      }
    }
    return actions
  }

  joinTables(entity: EntityDoc): SchemaAction[] {
    const actions: SchemaAction[] = []
    const source = tableOf(entity)
    for (const [key, field] of Object.entries(entity.fields)) {
      if (field.type !== 'multi_reference') continue
      const table = joinTableName(source, key)
      const target = this.#entityTable(entity, key, field.to)
      const foreignKeys = (
        [
          { name: foreignKeyName(table, 'source_id'), table, column: 'source_id', refTable: source, onDelete: 'cascade' },
          { name: foreignKeyName(table, 'target_id'), table, column: 'target_id', refTable: target, onDelete: 'cascade' },
        ] satisfies ForeignKeyDef[]
      ).filter((fk) => this.#tablesAfter.has(fk.refTable))
      const index: IndexDef = { name: indexName(table, ['target_id'], false), table, columns: ['target_id'], unique: false }
      const live = this.live.tables[table]
      if (!live) {
        actions.push({
          kind: 'create_join_table',
          table,
          column: key,
          foreignKeys,
          index,
          comment: TABLE_MARK.join(source, key),
          destructive: false,
          description: `Create join table ${table} for ${entity.key}.${key} → ${field.to}`,
        })
        continue
      }
      for (const fk of foreignKeys) {
        if (!live.foreignKeys.some((l) => sameColumns(l.columns, [fk.column]) && l.refTable === fk.refTable)) actions.push(addForeignKey(fk))
      }
      if (!live.indexes[index.name]) actions.push(addIndex(index))
    }
    return actions
  }

  /** Tables the compiler made whose entity or multi_reference field is gone. */
  removedTables(): SchemaAction[] {
    if (!this.options.dropRemoved) return []
    const described = new Set(this.entities.map(tableOf))
    const joins = new Set(
      this.managed.flatMap((e) =>
        Object.entries(e.fields)
          .filter(([, f]) => f.type === 'multi_reference')
          .map(([key]) => joinTableName(tableOf(e), key))
      )
    )
    const actions: SchemaAction[] = []
    for (const table of Object.values(this.live.tables)) {
      const mark = TABLE_MARK.parse(table.comment)
      if (!mark || described.has(table.name) || joins.has(table.name)) continue
      actions.push({
        kind: 'drop_table',
        table: table.name,
        destructive: true,
        description:
          mark.kind === 'entity' ? `Drop table ${table.name} (entity ${mark.key} removed from metadata)` : `Drop join table ${table.name} (field ${mark.table}.${mark.field} removed from metadata)`,
      })
    }
    return actions
  }

  #fieldColumns(entity: EntityDoc): ColumnDef[] {
    const columns: ColumnDef[] = []
    for (const [key, field] of Object.entries(entity.fields)) {
      if ((SYSTEM_COLUMN_NAMES as readonly string[]).includes(key)) {
        throw new SchemaPlanError(`Field "${entity.key}.${key}" uses the name of a system column`)
      }
      const column = fieldColumn(key, field)
      if (column) columns.push(column)
    }
    return columns
  }

  #systemColumns(entity: EntityDoc): ColumnDef[] {
    try {
      return systemColumns(entity, this.#search)
    } catch (error) {
      throw new SchemaPlanError((error as Error).message)
    }
  }

  /**
   * Table of a reference's target. A target missing from `entities` (e.g. an engine-owned
   * entity left out by the caller) is taken to be a table named like its key; when no such
   * table exists the foreign key is simply not planned yet.
   */
  #entityTable(entity: EntityDoc, key: string, to: string | undefined): string {
    if (to === undefined) throw new SchemaPlanError(`Field "${entity.key}.${key}" has no target entity ("to")`)
    const target = this.#byKey.get(to)
    return target ? tableOf(target) : to
  }

  #foreignKeys(entity: EntityDoc): ForeignKeyDef[] {
    const table = tableOf(entity)
    const keys: ForeignKeyDef[] = []
    for (const [key, field] of Object.entries(entity.fields)) {
      const ref = fieldTypes.get(field.type).column(field)?.references
      if (!ref) continue
      const refTable = ref.entity !== undefined ? this.#entityTable(entity, key, ref.entity) : ref.table!
      // A target that does not exist yet (an engine table) gets its key in a later plan.
      if (!this.#tablesAfter.has(refTable)) continue
      keys.push({ name: foreignKeyName(table, key), table, column: key, refTable, onDelete: ref.onDelete })
    }
    return keys
  }

  #foreignKeyChanges(entity: EntityDoc, live: LiveTable): SchemaAction[] {
    const actions: SchemaAction[] = []
    const wanted = this.#foreignKeys(entity)
    const wantedBy = new Map(wanted.map((fk) => [fk.column, fk]))
    for (const current of live.foreignKeys) {
      if (current.columns.length !== 1) continue
      const column = current.columns[0]
      // Keys on columns of removed fields stay with the column.
      if (!Object.hasOwn(entity.fields, column)) continue
      const want = wantedBy.get(column)
      if (want && want.refTable === current.refTable && sameOnDelete(want.onDelete, current.onDelete)) {
        wantedBy.delete(column)
        continue
      }
      actions.push({
        kind: 'drop_foreign_key',
        table: live.name,
        column,
        name: current.name,
        destructive: false,
        description: `Drop foreign key ${current.name} (${live.name}.${column} → ${current.refTable})`,
      })
    }
    for (const fk of wantedBy.values()) actions.push(addForeignKey(fk))
    return actions
  }

  #indexes(entity: EntityDoc, columns: ColumnDef[]): IndexDef[] {
    const table = tableOf(entity)
    const names = new Set(columns.map((c) => c.name))
    const indexes: IndexDef[] = []
    // Lists are read newest first and paged by (created_at, id) (core/records/cursor.ts):
    // every plain index ends with those columns, so a filter or a row scope on its leading
    // columns plus the default order is one index scan, and the table gets one for the order.
    const order = names.has('created_at') && names.has('id') ? ['created_at', 'id'] : []
    const withOrder = (cols: string[]) => [...cols, ...order.filter((c) => !cols.includes(c))]
    if (order.length) indexes.push({ name: indexName(table, order, false), table, columns: order, unique: false })
    for (const [key, field] of Object.entries(entity.fields)) {
      if (!names.has(key)) continue
      if (field.unique) indexes.push({ name: indexName(table, [key], true), table, columns: [key], unique: true })
      else if (field.indexed ?? isKey(field)) indexes.push({ name: indexName(table, withOrder([key]), false), table, columns: withOrder([key]), unique: false })
    }
    for (const list of entity.indexes ?? []) {
      const unknown = list.find((key) => !names.has(key))
      if (unknown) throw new SchemaPlanError(`Index [${list.join(', ')}] of entity "${entity.key}" names "${unknown}", which has no column`)
      indexes.push({ name: indexName(table, withOrder(list), false), table, columns: withOrder(list), unique: false })
    }
    // a field index and a declared index may come out the same: create it once
    const byName = new Map(indexes.map((i) => [i.name, i]))
    return [...byName.values(), ...columnIndexes(table, columns)]
  }

  #indexChanges(entity: EntityDoc, live: LiveTable, desired: ColumnDef[], rebuildingSearch: boolean): SchemaAction[] {
    const actions: SchemaAction[] = []
    const table = live.name
    const wanted = this.#indexes(entity, desired)
    const wantedNames = new Set(wanted.map((i) => i.name))
    const columnNames = new Set(desired.map((c) => c.name))
    for (const index of wanted) {
      const current = live.indexes[index.name]
      if (current && sameColumns(current.columns, index.columns) && current.unique === index.unique) continue
      if (current) actions.push(dropIndex(table, index.name, 'its definition changed'))
      actions.push(addIndex(index))
    }
    for (const current of Object.values(live.indexes)) {
      if (wantedNames.has(current.name) || current.primary || current.constraint) continue
      if (!current.name.startsWith(`${table}_`) || !/_(idx|key)$/.test(current.name)) continue // not ours
      // An index on a removed field's column stays with the column.
      if (!current.columns.every((c) => c !== null && columnNames.has(c))) continue
      if (rebuildingSearch && current.columns.some((c) => c !== null && SEARCH_COLUMNS.has(c))) continue
      actions.push(dropIndex(table, current.name, 'no longer in metadata'))
    }
    return actions
  }

  #searchChanged(live: LiveTable, wanted: ColumnDef[], altered: Set<string>): boolean {
    const liveSignature = live.columns.search_tsv?.comment ?? null
    const wantedSignature = wanted.find((c) => c.name === 'search_tsv')?.comment ?? null
    const hasLive = [...SEARCH_COLUMNS].some((name) => live.columns[name])
    if (!hasLive && !wanted.length) return false
    if (liveSignature !== wantedSignature || hasLive !== wanted.length > 0) return true
    if (wanted.some((c) => !live.columns[c.name])) return true
    // PostgreSQL refuses to change the type of a column a generated column reads.
    return liveSearchFields(liveSignature).some((f) => altered.has(f))
  }
}

function addIndex(index: IndexDef): SchemaAction {
  return {
    kind: 'add_index',
    table: index.table,
    column: index.columns.length === 1 ? index.columns[0] : undefined,
    index,
    destructive: false,
    description: `Create ${index.unique ? 'unique ' : ''}index ${index.name} on ${index.table} (${index.columns.join(', ')})`,
  }
}

function dropIndex(table: string, name: string, why: string): SchemaAction {
  return { kind: 'drop_index', table, index: name, destructive: false, description: `Drop index ${name} (${why})` }
}

function addForeignKey(fk: ForeignKeyDef): SchemaAction {
  return {
    kind: 'add_foreign_key',
    table: fk.table,
    column: fk.column,
    foreignKey: fk,
    destructive: false,
    description: `Add foreign key ${fk.table}.${fk.column} → ${fk.refTable}(id) on delete ${fk.onDelete}`,
  }
}

/** Indexes that columns ask for themselves (the search columns). */
function columnIndexes(table: string, columns: ColumnDef[]): IndexDef[] {
  return columns
    .filter((c) => c.index)
    .map((c) => ({
      name: indexName(table, [c.name], false),
      table,
      columns: [c.name],
      unique: false,
      method: c.index!.method,
      opclass: c.index!.opclass,
    }))
}

/** Reference-like fields are indexed unless told otherwise: deleting a target scans for them. */
function isKey(field: FieldDef): boolean {
  return Boolean(fieldTypes.get(field.type).column(field)?.references)
}

function sameColumns(a: Array<string | null>, b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i])
}

function sameOnDelete(want: string, live: string): boolean {
  // NO ACTION and RESTRICT differ only in when the check runs; both refuse the delete.
  const norm = (rule: string) => (rule === 'no action' ? 'restrict' : rule)
  return norm(want) === norm(live)
}

function searchFieldList(entity: EntityDoc): string {
  return Object.entries(entity.fields)
    .filter(([, f]) => f.search)
    .map(([k]) => k)
    .join(', ')
}

function liveSearchFields(signature: string | null): string[] {
  try {
    const parsed = JSON.parse(signature ?? 'null') as { fields?: unknown }
    return Array.isArray(parsed?.fields) ? parsed.fields.map(String) : []
  } catch {
    return []
  }
}
