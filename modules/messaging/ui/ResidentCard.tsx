import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { displayPhone } from '../../../core/ui/src/form/values.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { remember } from '../../../core/ui/src/api/references.js'
import { residentFacts, type ResidentFacts } from './residentCard.js'

/**
 * The chat's resident beside the conversation: name (a link to their page), phone, apartments
 * and open requests; "unknown" when the chat is with someone not identified yet.
 */
export function ResidentCard({ contact }: { contact: string | null }) {
  const { t } = useTranslation()
  const [facts, setFacts] = useState<ResidentFacts>()
  const [error, setError] = useState<unknown>()
  useEffect(() => {
    setFacts(undefined)
    if (!contact) return
    let live = true
    residentFacts(contact)
      .then((f) => {
        if (!live) return
        remember('contact', f.contact.id, String(f.contact.full_name ?? ''))
        setFacts(f)
      })
      .catch((e) => live && setError(e))
    return () => void (live = false)
  }, [contact])

  return (
    <section className="desk-panel chat-resident" aria-labelledby="chat-resident-title">
      <h3 id="chat-resident-title">{t('chat.residentCard')}</h3>
      <ProblemAlert error={error} />
      {!contact ? (
        <p className="empty">{t('chat.unknownResident')}</p>
      ) : !facts ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <p>
            <Link href={`/contact/${facts.contact.id}`}>{String(facts.contact.full_name ?? facts.contact.id)}</Link>
            {typeof facts.contact.phone === 'string' && facts.contact.phone ? <span className="muted"> · {displayPhone(facts.contact.phone)}</span> : null}
          </p>
          <h4>{t('desk.apartments')}</h4>
          {facts.apartments.length ? (
            <ul>
              {facts.apartments.map((a) => (
                <li key={a.id}>{String(a.path ?? a.name ?? a.id)}</li>
              ))}
            </ul>
          ) : (
            <p className="empty">{t('desk.noApartments')}</p>
          )}
          <h4>{t('desk.openRequests')}</h4>
          {facts.openRequests.length ? (
            <ul>
              {facts.openRequests.map((r) => (
                <li key={r.id}>
                  <Link href={`/ticket/${r.id}`}>{String(r.number ?? r.id)}</Link> <span className="muted small">{String(r.description ?? '').slice(0, 80)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">{t('desk.noOpenRequests')}</p>
          )}
        </>
      )}
    </section>
  )
}
