/**
 * The `q` of a records list: what people type ("Київська 12", "вул Київська 12а", "просп.
 * Перемоги 3/1", "опаленням") as a text search query, its SQL condition and its relevance.
 *
 * Every word must match, in any inflected form (the `vikno_uk` configuration, see
 * core/schema/search_setup.ts). Street-type words and their abbreviations are one word
 * (вулиця = вул., проспект = просп., провулок = пров., будинок = буд., квартира = кв., …) in
 * whichever form the record and the query use; they are not required, since records often
 * leave them out ("буд. 12" finds building "12"). A house number with a letter matches written
 * together or apart ("12а" = "12 а" = "12-А"); "12/1" is one token. Results rank by cover
 * density over the document's length, so building 12 on Київська comes before apartment 12
 * elsewhere and before Київська 12's own apartments.
 */
import type { Knex } from 'knex'
import type { EntityDoc } from '#core/shared/metadata'
import { SEARCH_CONFIG, normaliseApostrophes } from '#core/schema/search_setup'
import { searchFields, searchTextSql } from '#core/schema/field_types'
import { quoteIdent } from '#core/schema/definitions'
import { hasSearch, tableOf } from './entity_info.js'

/** The column a ranked search orders by (not a field: only in the ranked subquery). */
export const SEARCH_RANK = 'search_rank'

/** Street-type words: the full word's stem (any inflection) and the abbreviations, all equivalent. */
const EQUIVALENT: Array<{ stem: string; words: string[] }> = [
  { stem: 'вулиц', words: ['вулиця', 'вул'] },
  { stem: 'проспект', words: ['проспект', 'просп', 'пр-т'] },
  { stem: 'провул', words: ['провулок', 'пров'] },
  { stem: 'будин', words: ['будинок', 'буд'] },
  { stem: 'квартир', words: ['квартира', 'кв'] },
  { stem: 'бульвар', words: ['бульвар', 'бул', 'б-р'] },
  { stem: 'площ', words: ['площа', 'пл'] },
]

function groupOf(word: string) {
  return EQUIVALENT.find((g) => g.words.includes(word) || word.startsWith(g.stem))
}

/** A text search query as SQL (a tsquery expression) with its bindings. */
export interface SearchQuery {
  sql: string
  bindings: string[]
}

/** The words of a query, lower-cased, apostrophes as ʼ, "12 а" / "12-а" joined to "12а". */
export function queryWords(q: string): string[] {
  const text = normaliseApostrophes(q).toLocaleLowerCase('uk')
  const words = text.match(/[\p{L}\p{N}ʼ]+(?:[/-][\p{L}\p{N}ʼ]+)*/gu) ?? []
  const out: string[] = []
  for (const w of words) {
    const last = out[out.length - 1]
    if (last && /^\d+$/.test(last) && /^\p{L}$/u.test(w)) out[out.length - 1] = last + w
    else out.push(/^\d+-\p{L}$/u.test(w) ? w.replace('-', '') : w)
  }
  return out
}

/** The tsquery of what was typed, or null when it has no words. */
export function searchQuery(q: string): SearchQuery | null {
  const words = queryWords(q)
  if (!words.length) return null
  const parts: string[] = []
  const bindings: string[] = []
  const plain = (w: string) => {
    bindings.push(w)
    return `plainto_tsquery('${SEARCH_CONFIG}', ?)`
  }
  // street-type words are not required (the record may not name the type: "буд. 12" finds
  // building "12"), unless nothing else was typed
  const typed = words.filter((w) => !groupOf(w))
  for (const word of typed.length ? typed : words) {
    const group = groupOf(word)
    const house = /^(\d+)(\p{L})$/u.exec(word)
    if (group) {
      const alternatives = [...new Set([word, ...group.words])]
      parts.push(`(${alternatives.map(plain).join(' || ')})`)
    } else if (house) {
      // written together ("12а", one token) or apart ("12-А", two tokens side by side)
      const together = plain(word)
      bindings.push(`${house[1]} ${house[2]}`)
      parts.push(`(${together} || phraseto_tsquery('${SEARCH_CONFIG}', ?))`)
    } else parts.push(plain(word))
  }
  return { sql: `(${parts.join(' && ')})`, bindings }
}

/**
 * The SQL condition of a `q` search on the table aliased `alias`, over the fields the caller may
 * read: the stored search columns when every search field is readable, else the same text built
 * at query time from the readable ones (no index, but a row scope usually narrows it first);
 * nothing matches when none is readable.
 */
export function applySearch(qb: Knex.QueryBuilder, entity: EntityDoc, hidden: ReadonlySet<string>, q: string, alias: string) {
  const text = normaliseApostrophes(q.trim())
  if (!text) return
  const like = `%${escapeLike(text.toLocaleLowerCase('uk'))}%`
  if (hasSearch(entity)) {
    const fields = searchFields(entity)
    const visible = fields.filter((f) => !hidden.has(f))
    const query = searchQuery(text)
    if (visible.length === fields.length) {
      if (query) qb.where((w) => w.whereRaw(`?? @@ ${query.sql}`, [`${alias}.search_tsv`, ...query.bindings]).orWhereRaw(`?? LIKE ?`, [`${alias}.search_text`, like]))
      else qb.whereRaw(`?? LIKE ?`, [`${alias}.search_text`, like])
    } else if (visible.length) {
      const sql = searchTextSql(entity, visible, (key) => `${quoteIdent(alias)}.${quoteIdent(key)}`)
      if (query) qb.where((w) => w.whereRaw(`to_tsvector('${SEARCH_CONFIG}', ${sql}) @@ ${query.sql}`, query.bindings).orWhereRaw(`lower(${sql}) LIKE ?`, [like]))
      else qb.whereRaw(`lower(${sql}) LIKE ?`, [like])
    } else qb.whereRaw('false')
  } else if (entity.display && !hidden.has(entity.display)) {
    qb.whereRaw(`?? ILIKE ?`, [`${alias}.${entity.display}`, `%${escapeLike(text)}%`])
  } else qb.whereRaw('false')
}

/**
 * The entity's table as `alias` with one more column, `search_rank`, the relevance of `q`
 * (0 for rows found only by substring), for a list ordered by relevance; null when `q` cannot
 * be ranked (no search fields, no words, or search fields hidden from the caller).
 */
export function rankedTable(db: Knex | Knex.Transaction, entity: EntityDoc, hidden: ReadonlySet<string>, q: string, alias = 't'): Knex.QueryBuilder | null {
  // the stored vector holds every search field: a caller with hidden ones is not ranked by it
  if (searchFields(entity).some((f) => hidden.has(f))) return null
  const query = hasSearch(entity) ? searchQuery(q) : null
  if (!query) return null
  const rank = db.raw(`ts_rank_cd(search_tsv, ${query.sql}, 1) as ${SEARCH_RANK}`, query.bindings)
  return db.from(db(tableOf(entity)).select('*', rank).as(alias))
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => '\\' + c)
}
