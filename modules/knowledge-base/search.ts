import { DateTime } from 'luxon'
import { defineAction } from '#core/modules/define'
import { list, type ListResult } from '#core/records/read'
import { entityFor, type OpContext } from '#core/records/context'
import type { Filter } from '#core/shared/filter'

function words(text: string): string[] {
  return text
    .toLocaleLowerCase('uk')
    .replace(/['’`]/g, 'ʼ')
    .split(/[^\p{L}\p{N}ʼ]+/u)
    .filter(Boolean)
}

/** Every query word starts some word of the text (a cheap stand-in for lemmas when ranking). */
function covers(text: string, query: string[]): number {
  const vocabulary = words(text)
  return query.filter((q) => vocabulary.some((w) => w.startsWith(q.slice(0, Math.max(3, q.length - 2))))).length / (query.length || 1)
}

/** Words of article titles and tags, read again when an article was added, changed or removed. */
let vocabulary: { words: string[]; stamp: string } | undefined

async function titleWords(op: OpContext): Promise<string[]> {
  // a cheap stamp (only on the typo path): every node sees a new article at its next search
  const stamp = JSON.stringify(await op.db('kb_article').first(op.db.raw('count(*) as n, max(updated_at) as at')))
  if (vocabulary?.stamp === stamp) return vocabulary.words
  const rows = await op.db('kb_article').whereNull('deleted_at').select('title', 'tags')
  const set = new Set<string>()
  for (const r of rows) for (const w of words(`${r.title} ${r.tags ?? ''}`)) if (w.length > 2 && !/^\d+$/.test(w)) set.add(w)
  vocabulary = { words: [...set], stamp }
  return vocabulary.words
}

/** Levenshtein distance, stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      best = Math.min(best, cur[j])
    }
    if (best > max) return max + 1
    prev = cur
  }
  return prev[b.length]
}

/**
 * The query with each word that is not a word of the titles and tags (nor the beginning of
 * one, as typed so far) replaced by its nearest one. A word that merely starts with a known
 * word is corrected too ("ліфтт" → "ліфт", "водаканал" → "водоканал", not "вода").
 */
async function correct(op: OpContext, q: string): Promise<string> {
  const known = await titleWords(op)
  return words(q)
    .map((w) => {
      if (known.some((k) => k.startsWith(w))) return w
      const max = w.length <= 4 ? 1 : 2
      let best: string | undefined
      let bestD = max + 1
      for (const k of known) {
        // compare with the word's beginning too ("апаленя" is near "опалення"), a little
        // less readily than with the whole word, so "ліфтт" prefers "ліфт" to "ліфтами"
        const d = Math.min(distance(w, k, max), distance(w, k.slice(0, w.length), max) + 0.5)
        if (d < bestD || (d === bestD && best !== undefined && k.length < best.length)) [best, bestD] = [k, d]
      }
      return best ?? w
    })
    .join(' ')
}

/**
 * GET /api/v1/actions/kb.search?q=&request_type=&limit= — articles valid today that the caller
 * may read (row scopes: residents see resident articles only), found by the engine's Ukrainian
 * search; ranked by title, then tags, then body, with articles linked to `request_type` first;
 * when nothing matches, misspelt words are replaced by the nearest words of titles and tags
 * (then ranked by them).
 */
export const search = defineAction({
  method: 'GET',
  summary: 'Knowledge-base articles valid today, ranked',
  input: { type: 'object', properties: { q: { type: 'string' }, request_type: { type: 'string' }, limit: { type: 'string' } } },
  async handle(op, input) {
    entityFor(op, 'kb_article', 'read')
    const q = String(input.q ?? '')
      .trim()
      .slice(0, 200)
    const type = typeof input.request_type === 'string' ? input.request_type : undefined
    const limit = Math.min(Math.max(Number(input.limit) || 10, 1), 50)
    const today = DateTime.now().setZone('Europe/Kyiv').toISODate()!
    const valid: Filter = {
      and: [{ or: [{ valid_from: { isNull: true } }, { valid_from: { lte: today } }] }, { or: [{ valid_to: { isNull: true } }, { valid_to: { gte: today } }] }],
    }
    let found: ListResult['data'] = []
    let typoTolerant = false
    let ranked = q
    const fields = ['title', 'summary', 'tags', 'audience', 'category', 'request_types', 'body']
    if (q) {
      found = (await list(op, 'kb_article', { q, filter: valid, limit: 100, fields })).data
      if (!found.length) {
        // typos: each unknown word becomes the nearest word of the titles and tags, then again
        const corrected = await correct(op, q)
        if (corrected !== q) {
          typoTolerant = true
          ranked = corrected
          found = (await list(op, 'kb_article', { q: corrected, filter: valid, limit: 100, fields })).data
        }
      }
    } else {
      // no words: the articles linked to the request type (found by JSON containment, then read
      // through the records API so the caller's row scope applies), then the others by title
      const linkedIds = type
        ? ((await op
            .db('kb_article')
            .whereRaw('request_types @> ?::jsonb', [JSON.stringify([type])])
            .limit(50)
            .pluck('id')) as string[])
        : []
      const linked = linkedIds.length ? (await list(op, 'kb_article', { filter: { and: [valid, { id: { in: linkedIds } }] }, limit: 50, fields, sort: [{ field: 'title', dir: 'asc' }] })).data : []
      const rest = (await list(op, 'kb_article', { filter: valid, limit, fields, sort: [{ field: 'title', dir: 'asc' }] })).data
      found = [...linked, ...rest.filter((a) => !linkedIds.includes(a.id))]
    }
    const query = words(ranked) // by the corrected words when the typo rule applied
    const scored = found.map((a, i) => {
      const linked = type && Array.isArray(a.request_types) && (a.request_types as string[]).includes(type) ? 10 : 0
      const score = linked + 4 * covers(String(a.title ?? ''), query) + 2 * covers(String(a.tags ?? ''), query) + covers(String(a.body ?? ''), query) - i / 10_000
      return { a, score }
    })
    scored.sort((x, y) => y.score - x.score)
    return {
      typoTolerant,
      data: scored.slice(0, limit).map(({ a }) => ({
        id: a.id,
        title: a.title,
        summary:
          a.summary ??
          String(a.body ?? '')
            .replace(/<[^>]+>/g, ' ')
            .slice(0, 200)
            .trim(),
        tags: a.tags,
        audience: a.audience,
        category: a.category,
      })),
    }
  },
})
