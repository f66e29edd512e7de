import sanitizeHtml from 'sanitize-html'
import { registerRecordHook } from '#core/records/hooks'
import { systemCreate } from '#core/records/system_write'

/** What an article body may contain: text structure, links and tables; nothing executable. */
export const ARTICLE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
}

registerRecordHook('kb_article', {
  name: 'kb_article_sanitise_and_version',
  beforeWrite({ values, before, op }) {
    if (typeof values.body === 'string') values.body = sanitizeHtml(values.body, ARTICLE_HTML)
    if (typeof values.summary === 'string') values.summary = sanitizeHtml(values.summary, { allowedTags: [], allowedAttributes: {} })
    const changed = op === 'create' || ('title' in values && values.title !== before?.title) || ('body' in values && values.body !== before?.body)
    if (changed) values.version_no = (before?.version_no ?? 0) + 1
  },
  async afterWrite({ trx, after, before, events }) {
    if (!after || after.version_no === before?.version_no) return
    const version = { article: after.id, version_no: after.version_no, title: after.title, body: after.body }
    await systemCreate(trx, 'kb_article_version', version, { reason: { kind: 'hook', name: 'kb_article_sanitise_and_version' }, events })
  },
})
