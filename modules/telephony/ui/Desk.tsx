import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { get, post, recordsPath, patch } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { remember } from '../../../core/ui/src/api/references.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { RecordForm } from '../../../core/ui/src/components/RecordForm.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { listen, subscribe } from '../../../core/ui/src/api/realtime.js'
import { cardByCall, cardByPhone, type Card, type RequestType, type Ticket } from './api.js'
import { PresenceSwitch } from './PresenceSwitch.js'
import { CallCard } from './CallCard.js'
import { RegisterRequest } from './RegisterRequest.js'
import { KbPanel } from './KbPanel.js'
import { Callbacks } from './Callbacks.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import type { FormDoc } from '../../../core/shared/metadata.js'
import './telephony.css'

/** A new resident during a call: the few facts asked on the phone (the resident's page has the rest). */
const RESIDENT_FORM: FormDoc = {
  kind: 'form',
  key: 'contact_desk',
  entity: 'contact',
  label: { uk: 'Новий мешканець', en: 'New resident' },
  sections: [{ fields: ['full_name', 'phone', 'addresses', 'preferred_language', 'preferred_channel', 'consent', 'legal_basis'] }],
}

interface Pop {
  callId: string
  id: string
  event: string
}

/**
 * The single window (єдине вікно): the operator's presence, the card that pops when their
 * extension rings (or for a number typed or called back), the request registration from it,
 * the knowledge base and the callbacks of missed calls. Esc closes the card.
 */
export function Desk() {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const boot = session.boot!
  const [card, setCard] = useState<Card>()
  const [ringing, setRinging] = useState(false)
  const [residentId, setResidentId] = useState<string>()
  const [object, setObject] = useState<string>()
  const [attachTo, setAttachTo] = useState<Ticket>()
  const [type, setType] = useState<RequestType>()
  const [phone, setPhone] = useState('')
  const [error, setError] = useState<unknown>()
  const [nonce, setNonce] = useState(0)
  const heading = useRef<HTMLHeadingElement>(null)

  const show = useCallback((next: Card, keepChoice = false) => {
    setCard(next)
    setError(undefined)
    for (const r of next.residents) remember('contact', r.id, String(r.full_name ?? ''))
    for (const r of next.residents) for (const a of r.apartments) remember('object', a.id, String(a.path ?? a.name ?? ''))
    if (!keepChoice) {
      const first = next.residents.length === 1 ? next.residents[0] : next.residents.find((r) => r.id === next.call?.contact)
      setResidentId(first?.id)
      setObject(first?.apartments[0]?.id)
      setAttachTo(undefined)
      setType(undefined)
      setNonce((n) => n + 1)
    }
  }, [])

  // the pop: the server tells this user's room which call rings; the card is read through the API
  useEffect(
    () =>
      listen<Pop>('call', (pop) => {
        if (pop.event !== 'ringing' && pop.event !== 'answered') return
        cardByCall(pop.id)
          .then((c) => (show(c), setRinging(true), setTimeout(() => heading.current?.focus(), 0)))
          .catch(setError)
      }),
    [show]
  )

  // a reload (or a late sign-in) during a call: the operator's call ringing or talking now
  useEffect(() => {
    const since = new Date(Date.now() - 3600_000).toISOString()
    const filter = { and: [{ operator: { eq: boot.user.id } }, { ended_at: { isNull: true } }, { disposition: { in: ['ringing', 'answered'] } }, { created_at: { gt: since } }] }
    get<{ data: RecordData[] }>(recordsPath('call', undefined, { filter: JSON.stringify(filter), sort: '-created_at', limit: 1 }))
      .then(async (r) => {
        const call = r.data[0]
        if (!call) return
        show(await cardByCall(call.id))
        setRinging(call.disposition === 'ringing')
      })
      .catch(() => {})
  }, [boot.user.id, show])

  // the ringing mark goes when the call is answered elsewhere, missed or ended
  const callId = card?.call?.id
  useEffect(() => {
    if (!callId) return
    return subscribe(`record:call:${callId}`, () => {
      get<{ data: RecordData }>(recordsPath('call', callId))
        .then((r) => r.data.disposition !== 'ringing' && setRinging(false))
        .catch(() => {})
    })
  }, [callId])

  const close = useCallback(() => {
    setCard(undefined)
    setRinging(false)
    setResidentId(undefined)
    setObject(undefined)
    setAttachTo(undefined)
    setType(undefined)
  }, [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // an open picker or dialog takes its own Esc first
      const target = e.target as HTMLElement | null
      if (e.key !== 'Escape' || !card || e.defaultPrevented || (target?.getAttribute?.('aria-expanded') === 'true' && !target.closest('.type-search')) || target?.closest?.('[role="dialog"]')) return
      close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [card, close])

  async function lookup(e?: FormEvent, number = phone) {
    e?.preventDefault()
    if (!number.trim()) return
    setRinging(false)
    try {
      show(await cardByPhone(number.trim()))
      setTimeout(() => heading.current?.focus(), 0)
    } catch (err) {
      setError(err)
    }
  }

  const resident = card?.residents.find((r) => r.id === residentId)
  const reload = async () => {
    if (!card) return
    const next = card.call ? await cardByCall(card.call.id) : card.phone ? await cardByPhone(card.phone) : undefined
    if (next) show(next, true)
  }
  const kbTypes = useMemo(() => (type ? [type.key] : (card?.suggestedRequestTypes ?? []).map((s) => s.key)), [type, card])
  const kbHint = type ? label(type.label) : card?.suggestedRequestTypes[0] ? label(card.suggestedRequestTypes[0].label) : undefined
  const contactEntity = boot.entities.find((e) => e.key === 'contact')
  const contact = useMemo(() => (contactEntity ? { ...contactEntity, forms: [RESIDENT_FORM] } : undefined), [contactEntity])

  return (
    <div className="desk">
      <div className="toolbar desk-head">
        <h1>{t('desk.title')}</h1>
        <PresenceSwitch userId={boot.user.id} />
      </div>
      <div className="desk-grid">
        <div className="desk-main">
          <form className="desk-lookup" onSubmit={(e) => void lookup(e)} role="search">
            <label htmlFor="desk-phone">{t('desk.lookup')}</label>
            <input id="desk-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
            <button type="submit">{t('desk.lookupGo')}</button>
          </form>
          <ProblemAlert error={error} />
          {!card ? (
            <p className="desk-waiting muted">{t('desk.waiting')}</p>
          ) : (
            <article className={`pop${ringing ? ' ringing' : ''}`} aria-labelledby="pop-title">
              <header className="pop-head">
                <h2 id="pop-title" ref={heading} tabIndex={-1}>
                  {ringing && <span className="tag ring">{t('desk.ringing')}</span>} {t('desk.callFrom', { phone: card.phone ?? '—' })}
                  {resident ? ` · ${String(resident.full_name ?? '')}` : ''}
                </h2>
                <button type="button" className="icon" aria-label={t('desk.close')} title={t('desk.close')} aria-keyshortcuts="Escape" onClick={close}>
                  ×
                </button>
              </header>
              {card.matches === 0 && (
                <section className="desk-panel" aria-labelledby="unknown-title">
                  <h2 id="unknown-title">{t('desk.unknown')}</h2>
                  {contact?.can.create && (
                    <details open>
                      <summary>{t('desk.createResident')}</summary>
                      <RecordForm
                        key={`contact:${card.phone}:${nonce}`}
                        boot={boot}
                        entity={contact}
                        mode="new"
                        record={{ phone: card.phone ?? undefined }}
                        save={async (body) => (await post<{ data: RecordData }>(recordsPath('contact'), body)).data}
                        onSaved={async (r) => {
                          if (card.call && !card.call.contact) await patch(recordsPath('call', card.call.id), { contact: r.id }).catch(() => {})
                          const next = card.call ? await cardByCall(card.call.id) : await cardByPhone(String(r.phone ?? card.phone))
                          show(next)
                          setResidentId(r.id)
                        }}
                      />
                    </details>
                  )}
                </section>
              )}
              <CallCard
                boot={boot}
                card={card}
                resident={resident}
                object={object}
                onResident={(id) => (setResidentId(id), setObject(card.residents.find((r) => r.id === id)?.apartments[0]?.id))}
                onObject={setObject}
                onAttach={(tk) => (remember('ticket', tk.id, String(tk.number)), setAttachTo(tk))}
              />
              {(resident || card.matches === 0) && (
                <RegisterRequest
                  key={nonce}
                  boot={boot}
                  card={card}
                  resident={resident}
                  object={object}
                  attachTo={attachTo}
                  onAttach={setAttachTo}
                  onType={setType}
                  onRegistered={() => void reload().catch(() => {})}
                />
              )}
            </article>
          )}
        </div>
        <aside className="desk-side" aria-label={t('desk.title')}>
          <Callbacks onCallBack={(number) => (setPhone(number), void lookup(undefined, number))} />
          {card && <KbPanel requestTypes={kbTypes} hint={kbHint} />}
        </aside>
      </div>
    </div>
  )
}
