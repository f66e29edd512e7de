import { useEffect, useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { get } from '../../../core/ui/src/api/client.js'

interface Article {
  id: string
  title: string
  summary?: string
}

async function search(q: string, requestType?: string): Promise<Article[]> {
  const qs = new URLSearchParams({ limit: '5' })
  if (q) qs.set('q', q)
  if (requestType) qs.set('request_type', requestType)
  return (await get<{ data: Article[] }>(`/api/v1/actions/kb.search?${qs}`)).data
}

/**
 * Knowledge-base articles for the call: pre-searched by the request type chosen (or the types
 * usual at the caller's address), articles linked to the type first; the operator may search.
 */
export function KbPanel({ requestTypes, hint }: { requestTypes: string[]; hint?: string }) {
  const { t } = useTranslation()
  const [q, setQ] = useState('')
  const [articles, setArticles] = useState<Article[]>([])
  const [failed, setFailed] = useState(false)
  const typesKey = requestTypes.join(',')
  useEffect(() => {
    let live = true
    const timer = setTimeout(async () => {
      try {
        const type = requestTypes[0]
        // no words typed: the articles linked to the type first (the server ranks them), else the hint's words
        let found = await search(q || (type ? '' : hint) || '', type)
        if (!found.length && !q && hint) found = await search(hint, type)
        if (live) (setArticles(found), setFailed(false))
      } catch {
        if (live) setFailed(true) // no knowledge base for this user: the panel stays empty
      }
    }, 200)
    return () => ((live = false), clearTimeout(timer))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, typesKey, hint])
  if (failed) return null
  return (
    <section className="desk-panel kb" aria-labelledby="kb-title">
      <h2 id="kb-title">{t('desk.kb')}</h2>
      <input type="search" aria-label={t('desk.kbSearch')} placeholder={t('desk.kbSearch')} value={q} onChange={(e) => setQ(e.target.value)} />
      {articles.length ? (
        <ul className="kb-list">
          {articles.map((a) => (
            <li key={a.id}>
              <Link href={`/kb_article/${a.id}`}>{a.title}</Link>
              {a.summary && <p className="muted">{a.summary}</p>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('desk.kbEmpty')}</p>
      )}
    </section>
  )
}
