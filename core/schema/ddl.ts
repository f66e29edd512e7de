/**
 * Writes the SQL of schema actions, each statement tagged with the phase it runs in, so a
 * whole plan runs in a safe order: drops of keys and indexes, tables, columns, type changes,
 * generated columns, join tables, foreign keys, indexes, and finally dropped columns and tables.
 */
import type { SchemaAction } from './actions.js'
import { qualify, quoteIdent, quoteLiteral, type ColumnDef, type ForeignKeyDef, type IndexDef } from './definitions.js'
import { sortActions } from './plan.js'

/** Where to create things; without `schema`, names are unqualified and search_path decides. */
export interface DdlOptions {
  schema?: string
}

const PHASE = {
  dropForeignKey: 0,
  dropIndex: 1,
  dropSearch: 2,
  createTable: 3,
  addColumn: 4,
  alterType: 5,
  addSearch: 6,
  createJoinTable: 7,
  addForeignKey: 8,
  addIndex: 9,
  dropColumn: 10,
  dropTable: 11,
} as const

interface Statement {
  phase: number
  sql: string
}

/** The statements of a plan, in the order they must run. */
export function planSql(actions: SchemaAction[], options: DdlOptions = {}): string[] {
  const statements = sortActions(actions).flatMap((a) => actionSql(a, options))
  const drops = actions.filter((a) => a.kind === 'drop_table').map((a) => qualify(a.table, options.schema))
  // One statement for all dropped tables: they may refer to each other.
  if (drops.length) statements.push({ phase: PHASE.dropTable, sql: `drop table ${drops.join(', ')}` })
  return statements
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => a.phase - b.phase || a.i - b.i)
    .map((s) => s.sql)
}

function actionSql(action: SchemaAction, { schema }: DdlOptions): Statement[] {
  const table = qualify(action.table, schema)
  const at = (phase: number, sql: string): Statement => ({ phase, sql })
  switch (action.kind) {
    case 'create_table':
      return [
        at(PHASE.createTable, `create table ${table} (\n  ${action.columns.map(columnSql).join(',\n  ')}\n)`),
        at(PHASE.createTable, `comment on table ${table} is ${quoteLiteral(action.comment)}`),
        ...commentsSql(table, action.columns, PHASE.createTable),
        ...action.foreignKeys.map((fk) => at(PHASE.addForeignKey, foreignKeySql(fk, schema))),
      ]
    case 'create_join_table':
      return [
        at(PHASE.createJoinTable, `create table ${table} (\n  "source_id" uuid not null,\n  "target_id" uuid not null,\n  primary key ("source_id", "target_id")\n)`),
        at(PHASE.createJoinTable, `comment on table ${table} is ${quoteLiteral(action.comment)}`),
        ...action.foreignKeys.map((fk) => at(PHASE.addForeignKey, foreignKeySql(fk, schema))),
        at(PHASE.addIndex, indexSql(action.index, schema)),
      ]
    case 'add_column':
      return [at(PHASE.addColumn, `alter table ${table} add column ${columnSql(action.definition)}`), ...commentsSql(table, [action.definition], PHASE.addColumn)]
    case 'alter_column_type': {
      const column = quoteIdent(action.column)
      const type = action.definition.sqlType
      return [at(PHASE.alterType, `alter table ${table} alter column ${column} type ${type} using ${column}::${type}`)]
    }
    case 'set_search_columns': {
      const statements: Statement[] = []
      if (action.drop.length) {
        statements.push(at(PHASE.dropSearch, `alter table ${table} ${action.drop.map((c) => `drop column ${quoteIdent(c)}`).join(', ')}`))
      }
      if (action.columns.length) {
        statements.push(at(PHASE.addSearch, `alter table ${table} ${action.columns.map((c) => `add column ${columnSql(c)}`).join(', ')}`))
        statements.push(...commentsSql(table, action.columns, PHASE.addSearch))
        statements.push(...action.indexes.map((i) => at(PHASE.addSearch, indexSql(i, schema))))
      }
      return statements
    }
    case 'add_index':
      return [at(PHASE.addIndex, indexSql(action.index, schema))]
    case 'drop_index':
      return [at(PHASE.dropIndex, `drop index ${qualify(action.index, schema)}`)]
    case 'add_foreign_key':
      return [at(PHASE.addForeignKey, foreignKeySql(action.foreignKey, schema))]
    case 'drop_foreign_key':
      return [at(PHASE.dropForeignKey, `alter table ${table} drop constraint ${quoteIdent(action.name)}`)]
    case 'drop_column':
      return [at(PHASE.dropColumn, `alter table ${table} drop column ${quoteIdent(action.column)}`)]
    case 'drop_table':
      return [] // written together by planSql
  }
}

function columnSql(column: ColumnDef): string {
  let sql = `${quoteIdent(column.name)} ${column.sqlType}`
  if (column.generated) sql += ` generated always as (${column.generated}) stored`
  if (!column.nullable) sql += ' not null'
  if (column.default !== undefined) sql += ` default ${column.default}`
  if (column.primaryKey) sql += ' primary key'
  return sql
}

function commentsSql(table: string, columns: ColumnDef[], phase: number): Statement[] {
  return columns.filter((c) => c.comment !== undefined).map((c) => ({ phase, sql: `comment on column ${table}.${quoteIdent(c.name)} is ${quoteLiteral(c.comment!)}` }))
}

function foreignKeySql(fk: ForeignKeyDef, schema?: string): string {
  return `alter table ${qualify(fk.table, schema)} add constraint ${quoteIdent(fk.name)} foreign key (${quoteIdent(fk.column)}) references ${qualify(fk.refTable, schema)} ("id") on delete ${fk.onDelete}`
}

function indexSql(index: IndexDef, schema?: string): string {
  const columns = index.columns.map((c) => quoteIdent(c) + (index.opclass ? ` ${index.opclass}` : '')).join(', ')
  const using = index.method && index.method !== 'btree' ? ` using ${index.method}` : ''
  return `create ${index.unique ? 'unique ' : ''}index ${quoteIdent(index.name)} on ${qualify(index.table, schema)}${using} (${columns})`
}
