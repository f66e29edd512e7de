/**
 * Reads the live shape of a schema from the catalogs: what the planner diffs metadata against.
 */
import type { Knex } from 'knex'
import { ISPELL_DICTIONARY, SEARCH_CONFIG, type SearchSetup } from './search_setup.js'

export interface LiveColumn {
  name: string
  /** `pg_type.typname`: varchar, int4, numeric, timestamptz... */
  udt: string
  nullable: boolean
  default: string | null
  charLength: number | null
  precision: number | null
  scale: number | null
  /** Expression of a generated column. */
  generated: string | null
  comment: string | null
}

export interface LiveIndex {
  name: string
  table: string
  /** Key columns; null for an expression. */
  columns: Array<string | null>
  unique: boolean
  primary: boolean
  /** Backs a primary key, unique or exclusion constraint (dropped with it, not by DROP INDEX). */
  constraint: boolean
  method: string
}

export interface LiveForeignKey {
  name: string
  table: string
  columns: string[]
  refSchema: string
  refTable: string
  refColumns: string[]
  onDelete: 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default'
}

export interface LiveTable {
  name: string
  comment: string | null
  columns: Record<string, LiveColumn>
  indexes: Record<string, LiveIndex>
  foreignKeys: LiveForeignKey[]
}

export interface LiveSchema {
  schema: string
  tables: Record<string, LiveTable>
  /** Installed extensions → their schema. */
  extensions: Record<string, string>
  /** The `vikno_uk` configuration found (in the schema, else in public), or null. */
  search: { config: string; dictionary: SearchSetup['dictionary'] } | null
}

const ON_DELETE: Record<string, LiveForeignKey['onDelete']> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
}

/**
 * The tables (ordinary and partitioned) of `schemaName` with their columns, indexes and
 * foreign keys, plus installed extensions and the search configuration. Records are
 * prototype-free: a table named `constructor` is just a table.
 */
export async function introspect(knex: Knex, schemaName = 'public'): Promise<LiveSchema> {
  // one after another: inside a transaction they share one connection, and pg 9 forbids
  // overlapping queries on a client (knex raw queries run only when awaited)
  const [tables, columns, indexes, foreignKeys, extensions, search] = await inSequence([
    knex.raw(
      `select c.relname as name, obj_description(c.oid, 'pg_class') as comment
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ? and c.relkind in ('r', 'p')`,
      [schemaName]
    ),
    knex.raw(
      `select table_name, column_name, udt_name, is_nullable = 'YES' as nullable, column_default,
              character_maximum_length, numeric_precision, numeric_scale, generation_expression,
              col_description(format('%I.%I', table_schema, table_name)::regclass, ordinal_position) as comment
         from information_schema.columns
        where table_schema = ?
        order by table_name, ordinal_position`,
      [schemaName]
    ),
    knex.raw(
      `select t.relname as table, i.relname as name, ix.indisunique as unique, ix.indisprimary as primary,
              am.amname as method,
              exists (select 1 from pg_constraint k
                       where k.conindid = ix.indexrelid and k.conrelid = ix.indrelid
                         and k.contype in ('p', 'u', 'x')) as constraint,
              array(select a.attname from unnest(ix.indkey::int2[]) with ordinality as k(attnum, ord)
                      left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
                     where k.ord <= ix.indnkeyatts order by k.ord)::text[] as columns
         from pg_index ix
         join pg_class i on i.oid = ix.indexrelid
         join pg_class t on t.oid = ix.indrelid
         join pg_namespace n on n.oid = t.relnamespace
         join pg_am am on am.oid = i.relam
        where n.nspname = ?`,
      [schemaName]
    ),
    knex.raw(
      `select k.conname as name, t.relname as table, rn.nspname as ref_schema, rt.relname as ref_table,
              k.confdeltype as on_delete,
              array(select a.attname from unnest(k.conkey) with ordinality as c(attnum, ord)
                      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = c.attnum order by c.ord)::text[] as columns,
              array(select a.attname from unnest(k.confkey) with ordinality as c(attnum, ord)
                      join pg_attribute a on a.attrelid = k.confrelid and a.attnum = c.attnum order by c.ord)::text[] as ref_columns
         from pg_constraint k
         join pg_class t on t.oid = k.conrelid
         join pg_namespace n on n.oid = t.relnamespace
         join pg_class rt on rt.oid = k.confrelid
         join pg_namespace rn on rn.oid = rt.relnamespace
        where k.contype = 'f' and n.nspname = ?`,
      [schemaName]
    ),
    knex.raw(`select e.extname, n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace`),
    knex.raw(
      `select n.nspname,
              exists (select 1 from pg_ts_config_map m join pg_ts_dict d on d.oid = m.mapdict
                       where m.mapcfg = c.oid and d.dictname = ?) as ispell
         from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
        where c.cfgname = ? and n.nspname in (?, 'public')
        order by n.nspname = ? desc
        limit 1`,
      [ISPELL_DICTIONARY, SEARCH_CONFIG, schemaName, schemaName]
    ),
  ])

  const live: LiveSchema = { schema: schemaName, tables: record(), extensions: record(), search: null }
  for (const t of tables.rows) {
    live.tables[t.name] = { name: t.name, comment: t.comment, columns: record(), indexes: record(), foreignKeys: [] }
  }
  for (const c of columns.rows) {
    const table = live.tables[c.table_name]
    if (!table) continue // a view
    table.columns[c.column_name] = {
      name: c.column_name,
      udt: c.udt_name,
      nullable: c.nullable,
      default: c.column_default,
      charLength: c.character_maximum_length,
      precision: c.numeric_precision,
      scale: c.numeric_scale,
      generated: c.generation_expression,
      comment: c.comment,
    }
  }
  for (const i of indexes.rows) {
    const table = live.tables[i.table]
    if (!table) continue // an index of a materialized view
    table.indexes[i.name] = {
      name: i.name,
      table: i.table,
      columns: i.columns,
      unique: i.unique,
      primary: i.primary,
      constraint: i.constraint,
      method: i.method,
    }
  }
  for (const k of foreignKeys.rows) {
    live.tables[k.table]?.foreignKeys.push({
      name: k.name,
      table: k.table,
      columns: k.columns,
      refSchema: k.ref_schema,
      refTable: k.ref_table,
      refColumns: k.ref_columns,
      onDelete: ON_DELETE[k.on_delete],
    })
  }
  for (const e of extensions.rows) live.extensions[e.extname] = e.nspname
  const found = search.rows[0]
  if (found) live.search = { config: `${regName(found.nspname)}.${SEARCH_CONFIG}`, dictionary: found.ispell ? 'hunspell_uk' : 'simple' }
  return live
}

/** An object without a prototype, so any table or column name is a plain key. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** A schema name as written in a qualified regconfig/opclass name. */
export function regName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`
}

async function inSequence(queries: PromiseLike<any>[]): Promise<any[]> {
  const results = []
  for (const query of queries) results.push(await query)
  return results
}
