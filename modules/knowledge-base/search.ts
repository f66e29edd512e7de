import { DateTime } from 'luxon'
import { registerModuleAction } from '#core/http/module_actions'
import { list, type ListResult } from '#core/records/read'
import { entityFor, from, scoped } from '#core/records/context'
import { engine } from '#core/engine/engine'
import type { Filter } from '#core/shared/filter'

function words(text: string): string[] {
  return text.toLocaleLowerCase('uk').replace(/['’`]/g, 'ʼ').split(/[^\p{L}\p{N}ʼ]+/u).filter(Boolean)
}

/** Every query word starts some word of the text (a cheap stand-in for lemmas when ranking). */
function covers(text: string, query: string[]): number {
  const vocabulary = words(text)
  return query.filter((q) => vocabulary.some((w) => w.startsWith(q.slice(0, Math.max(3, q.length - 2))))).length / (query.length || 1)
}

/**
 * GET /api/v1/actions/kb.search?q=&request_type=&limit= — articles valid today that the caller
 * may read (row scopes: residents see resident articles only), found by the engine's Ukrainian
 * search; ranked by title, then tags, then body, with articles linked to `request_type` first;
 * when nothing matches, titles that look alike (trigram similarity) forgive typos.
 */
registerModuleAction('kb.search', {
  method: 'GET',
  async handle(op, input) {
    const { entity, access } = entityFor(op, 'kb_article', 'read')
    const q = String(input.q ?? '').trim().slice(0, 200)
    const limit = Math.min(Math.max(Number(input.limit) || 10, 1), 50)
    const today = DateTime.now().setZone('Europe/Kyiv').toISODate()!
    const valid: Filter = {
      and: [{ or: [{ valid_from: { isNull: true } }, { valid_from: { lte: today } }] }, { or: [{ valid_to: { isNull: true } }, { valid_to: { gte: today } }] }],
    }
    let found: ListResult['data'] = []
    let typoTolerant = false
    if (q) {
      found = (await list(op, 'kb_article', { q, filter: valid, limit: 200, fields: ['title', 'summary', 'tags', 'audience', 'category', 'request_types', 'body'] })).data
      if (!found.length && engine.search.trigram) {
        typoTolerant = true
        const qb = from(op, entity).select('t.id').whereRaw('similarity(t.title, ?) > 0.2', [q]).orderByRaw('similarity(t.title, ?) desc', [q]).limit(limit)
        scoped(op, qb, entity, access, 'read')
        const ids = (await qb).map((r: any) => r.id)
        if (ids.length) found = (await list(op, 'kb_article', { filter: { and: [valid, { id: { in: ids } }] }, limit })).data
      }
    } else {
      found = (await list(op, 'kb_article', { filter: valid, limit, sort: [{ field: 'title', dir: 'asc' }] })).data
    }
    const query = words(q)
    const type = typeof input.request_type === 'string' ? input.request_type : undefined
    const scored = found.map((a, i) => {
      const linked = type && Array.isArray(a.request_types) && (a.request_types as string[]).includes(type) ? 10 : 0
      const score = linked + 4 * covers(String(a.title ?? ''), query) + 2 * covers(String(a.tags ?? ''), query) + covers(String(a.body ?? ''), query) - i / 10_000
      return { a, score }
    })
    scored.sort((x, y) => y.score - x.score)
    return {
      typoTolerant,
      data: scored.slice(0, limit).map(({ a }) => ({ id: a.id, title: a.title, summary: a.summary ?? String(a.body ?? '').replace(/<[^>]+>/g, ' ').slice(0, 200).trim(), tags: a.tags, audience: a.audience, category: a.category })),
    }
  },
})
