/**
 * Full-text search setup: the `vikno_uk` text search configuration (Ukrainian hunspell
 * dictionary when the server has it, else a copy of `simple`) and the pg_trgm extension.
 */
import type { Knex } from 'knex'
import { quoteIdent, quoteLiteral } from './definitions.js'

/** Text search configuration used by `search_tsv` and by search queries. */
export const SEARCH_CONFIG = 'vikno_uk'
/** The ispell dictionary built from `uk_ua.affix` / `uk_ua.dict` (bin/install_uk_dictionary.sh). */
export const ISPELL_DICTIONARY = 'vikno_uk_ispell'

/**
 * The parser splits words at ' (під'їзд → під + їзд) but keeps U+02BC inside a word, so the
 * indexed text, the dictionary and every query spell apostrophes as ʼ.
 */
export const APOSTROPHE = '\u02BC'
const APOSTROPHE_VARIANTS = "'\u2019`"

/** Normalises apostrophes in a search query the way indexed text is normalised. */
export function normaliseApostrophes(text: string): string {
  return text.replace(/['\u2019`]/g, APOSTROPHE)
}

/** SQL that normalises apostrophes in the text expression `sql` (immutable). */
export function normaliseApostrophesSql(sql: string): string {
  return `translate(${sql}, ${quoteLiteral(APOSTROPHE_VARIANTS)}, ${quoteLiteral(APOSTROPHE.repeat(3))})`
}

/** What `ensureSearchConfig` found or made. */
export interface SearchSetup {
  dictionary: 'hunspell_uk' | 'simple'
  trigram: boolean
}

// Word-like token types of the default parser; the others (urls, numbers, emails) stay `simple`.
const WORD_TOKENS = ['asciiword', 'word', 'numword', 'asciihword', 'hword', 'numhword', 'hword_asciipart', 'hword_part', 'hword_numpart']

/**
 * Creates what full-text search needs, if missing. Idempotent, and safe when several
 * processes boot at once: the work runs under a transaction-scoped advisory lock.
 * When the Ukrainian dictionary appears after a first run with `simple`, the configuration
 * is switched to it (and the planner then rebuilds the search columns).
 *
 * @param options.schema where the configuration and dictionary live (default `public`);
 *   pg_trgm always goes to `public`, as other schemas may be dropped with everything in them.
 */
export async function ensureSearchConfig(knex: Knex, options: { schema?: string } = {}): Promise<SearchSetup> {
  const schema = options.schema ?? 'public'
  const config = `${quoteIdent(schema)}.${quoteIdent(SEARCH_CONFIG)}`
  const dictionary = `${quoteIdent(schema)}.${quoteIdent(ISPELL_DICTIONARY)}`
  return knex.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('vikno:search_setup'))`)

    await attempt(trx, 'create extension if not exists pg_trgm with schema public')
    const trigram = (await trx.raw(`select 1 from pg_extension where extname = 'pg_trgm'`)).rows.length > 0

    const hasDictionary =
      (await exists(trx, 'pg_ts_dict', 'dictname', ISPELL_DICTIONARY, 'dictnamespace', schema)) ||
      (await attempt(trx, `create text search dictionary ${dictionary} (template = ispell, dictfile = uk_ua, afffile = uk_ua)`))

    if (!(await exists(trx, 'pg_ts_config', 'cfgname', SEARCH_CONFIG, 'cfgnamespace', schema))) {
      await trx.raw(`create text search configuration ${config} (copy = pg_catalog.simple)`)
    }
    const usesIspell = (await configDictionary(trx, schema)) === 'hunspell_uk'
    if (hasDictionary && !usesIspell) {
      await trx.raw(`alter text search configuration ${config} alter mapping for ${WORD_TOKENS.join(', ')} with ${dictionary}, pg_catalog.simple`)
    }
    return { dictionary: hasDictionary ? 'hunspell_uk' : 'simple', trigram }
  })
}

/**
 * Which dictionary the `vikno_uk` configuration in `schema` uses, or null when there is none.
 * Used by introspection too.
 */
export async function configDictionary(knex: Knex, schema: string): Promise<SearchSetup['dictionary'] | null> {
  const { rows } = await knex.raw(
    `select coalesce(bool_or(t.tmplname = 'ispell'), false) as ispell, count(c.oid) as configs
       from pg_ts_config c
       join pg_namespace n on n.oid = c.cfgnamespace
       left join pg_ts_config_map m on m.mapcfg = c.oid
       left join pg_ts_dict d on d.oid = m.mapdict
       left join pg_ts_template t on t.oid = d.dicttemplate
      where c.cfgname = ? and n.nspname = ?`,
    [SEARCH_CONFIG, schema]
  )
  if (Number(rows[0].configs) === 0) return null
  return rows[0].ispell ? 'hunspell_uk' : 'simple'
}

/** Runs `sql` in a savepoint; false (and the transaction still usable) when it fails. */
async function attempt(trx: Knex.Transaction, sql: string): Promise<boolean> {
  await trx.raw('savepoint vikno_attempt')
  try {
    await trx.raw(sql)
    await trx.raw('release savepoint vikno_attempt')
    return true
  } catch {
    await trx.raw('rollback to savepoint vikno_attempt')
    return false
  }
}

async function exists(trx: Knex.Transaction, catalog: string, nameColumn: string, name: string, nsColumn: string, schema: string) {
  const { rows } = await trx.raw(`select 1 from ${catalog} x join pg_namespace n on n.oid = x.${nsColumn} where x.${nameColumn} = ? and n.nspname = ?`, [name, schema])
  return rows.length > 0
}
