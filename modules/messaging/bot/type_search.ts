/**
 * The request types a resident's words point to, through the service desk's declared actions:
 * the operator's type search (`servicedesk.request_types`: every word typed starts a word of
 * the label or keywords, most used first); when a resident's sentence is too long for every
 * word to match ("пахне газом у підʼїзді"), the types matching the most of its words (3+
 * letters, endings trimmed). Also the duplicate search and the residents' articles.
 */
import { callAction } from '#core/modules/actions'
import type { OpContext } from '#core/records/context'
import type { Label, MetaDocument } from '#core/shared/metadata'
import { words } from '#core/shared/words'

/** What `servicedesk.request_types` answers for one type (the part the bot uses). */
export interface FoundType {
  key: string
  label: Label
  category: string
  redirect: { message: Label; phone?: string } | null
}

/** The request type document as the bot reads it from the metadata. */
export interface TypeDoc extends MetaDocument {
  label: Label
  category: string
  keywords?: string[]
  channels?: string[]
  active?: boolean
  workflow?: string
  fields?: Record<string, Record<string, unknown>>
  requiredFields?: string[]
  redirect?: { message: Label; phone?: string }
}

const stem = (w: string) => (w.length > 5 ? w.slice(0, w.length - 2) : w)

const requestTypes = async (op: OpContext, q: string) => (await callAction<{ data: FoundType[] }>(op, 'servicedesk.request_types', { q: q.slice(0, 200) })).data

export async function searchTypes(op: OpContext, text: string): Promise<FoundType[]> {
  const strict = await requestTypes(op, text)
  if (strict.length) return strict
  const query = words(text)
    .filter((w) => w.length >= 3)
    .map(stem)
  if (!query.length) return []
  const scored = (await requestTypes(op, '')).map((rt) => {
    const vocabulary = words([rt.label.uk, rt.label.en ?? '', ...(op.set.get<TypeDoc>('request_type', rt.key)?.keywords ?? [])].join(' '))
    return { rt, score: query.filter((q) => vocabulary.some((w) => w.startsWith(q))).length }
  })
  const best = Math.max(...scored.map((s) => s.score))
  return best > 0 ? scored.filter((s) => s.score === best).map((s) => s.rt) : []
}

/** `servicedesk.duplicates`: the open request of this type at this building or street to join. */
export async function duplicateMaster(op: OpContext, type: string, object: string): Promise<Record<string, unknown> | null> {
  return (await callAction<{ master: Record<string, unknown> | null }>(op, 'servicedesk.duplicates', { request_type: type, object })).master
}

export interface Article {
  id: string
  title: string
  summary?: string
}

/** `kb.search`: residents' articles (the reader's row scope) for these words. */
export async function articles(op: OpContext, q: string, requestType?: string, limit = 3): Promise<Article[]> {
  return (await callAction<{ data: Article[] }>(op, 'kb.search', { q: q.slice(0, 200), ...(requestType ? { request_type: requestType } : {}), limit: String(limit) })).data
}
