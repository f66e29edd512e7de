/**
 * Schema changes as data: what `planSchema` produces, `previewPlan` prints and `applyPlan`
 * runs. Every action names its table, says what it does in words, and whether it can lose data.
 */
import type { ColumnDef, ForeignKeyDef, IndexDef } from './definitions.js'

interface ActionBase {
  table: string
  column?: string
  /** One line for people: shown in dry runs, refusals and the schema change log. */
  description: string
  /** Can lose stored data: refused unless confirmed. */
  destructive: boolean
}

export interface CreateTableAction extends ActionBase {
  kind: 'create_table'
  entity: string
  columns: ColumnDef[]
  /** Added after every table exists, so self-references and cycles work. */
  foreignKeys: ForeignKeyDef[]
  comment: string
}

export interface CreateJoinTableAction extends ActionBase {
  kind: 'create_join_table'
  /** `source_id` → sourceTable(id), `target_id` → targetTable(id), both ON DELETE CASCADE. */
  foreignKeys: ForeignKeyDef[]
  index: IndexDef
  comment: string
}

export interface AddColumnAction extends ActionBase {
  kind: 'add_column'
  column: string
  definition: ColumnDef
}

export interface AlterColumnTypeAction extends ActionBase {
  kind: 'alter_column_type'
  column: string
  /** The live type, e.g. `varchar(100)`. */
  from: string
  definition: ColumnDef
}

/** Drops the generated search columns (if any) and adds the wanted ones (if any), with indexes. */
export interface SetSearchColumnsAction extends ActionBase {
  kind: 'set_search_columns'
  drop: string[]
  columns: ColumnDef[]
  indexes: IndexDef[]
}

export interface AddIndexAction extends ActionBase {
  kind: 'add_index'
  index: IndexDef
}

export interface DropIndexAction extends ActionBase {
  kind: 'drop_index'
  index: string
}

export interface AddForeignKeyAction extends ActionBase {
  kind: 'add_foreign_key'
  column: string
  foreignKey: ForeignKeyDef
}

export interface DropForeignKeyAction extends ActionBase {
  kind: 'drop_foreign_key'
  column: string
  name: string
}

export interface DropColumnAction extends ActionBase {
  kind: 'drop_column'
  column: string
}

export interface DropTableAction extends ActionBase {
  kind: 'drop_table'
}

export type SchemaAction =
  | CreateTableAction
  | CreateJoinTableAction
  | AddColumnAction
  | AlterColumnTypeAction
  | SetSearchColumnsAction
  | AddIndexAction
  | DropIndexAction
  | AddForeignKeyAction
  | DropForeignKeyAction
  | DropColumnAction
  | DropTableAction

/** Order in which action kinds are listed and run: what others depend on comes first. */
export const ACTION_ORDER: readonly SchemaAction['kind'][] = [
  'drop_foreign_key',
  'drop_index',
  'create_table',
  'add_column',
  'alter_column_type',
  'set_search_columns',
  'create_join_table',
  'add_foreign_key',
  'add_index',
  'drop_column',
  'drop_table',
]
