import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { get, post, recordsPath, patch } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { remember } from '../../../core/ui/src/api/references.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { RecordForm } from '../../../core/ui/src/components/RecordForm.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { listen, subscribe } from '../../../core/ui/src/api/realtime.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import type { FormDoc } from '../../../core/shared/metadata.js'
import { cardByCall, cardByPhone, hasRole, type Card, type RequestType, type Ticket } from './api.js'
import { closeCard, openCard, setRinging, useCallSession } from './callSession.js'
import { CallCard } from './CallCard.js'
import { RegisterRequest } from './RegisterRequest.js'
import { KbPanel } from './KbPanel.js'
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

/** True while the user types in a field of the page (not of the card): a pop must not take the focus. */
function typingElsewhere(): boolean {
  const el = document.activeElement as HTMLElement | null
  if (!el || el === document.body || el.closest('.call-panel')) return false
  return el.matches('input, textarea, select, [contenteditable="true"]')
}

/**
 * The call card as a side panel over any page (mounted once by the layout): it pops when the
 * operator's extension rings, without leaving what they were doing (a half-typed request stays
 * on the page), registers requests from the call (each linked to it), and shows the knowledge
 * base for the chosen type; its links open in the page beside the card, the call stays. Esc
 * closes it.
 */
export function CallPanel() {
  const session = useSession()
  const boot = session.boot
  const agent = !!boot && hasRole(boot, 'operator', 'supervisor', 'telephony_agent')
  return agent ? <CallPanelBody /> : null
}

function CallPanelBody() {
  const { t } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const { card, ringing, focus, seq } = useCallSession()
  const [residentId, setResidentId] = useState<string>()
  const [object, setObject] = useState<string>()
  const [attachTo, setAttachTo] = useState<Ticket>()
  const [type, setType] = useState<RequestType>()
  const [error, setError] = useState<unknown>()
  const heading = useRef<HTMLHeadingElement>(null)

  // another card: the resident (the only one, or the one the call knows), their first address
  useEffect(() => {
    if (!card) return
    for (const r of card.residents) remember('contact', r.id, String(r.full_name ?? ''))
    for (const r of card.residents) for (const a of r.apartments) remember('object', a.id, String(a.path ?? a.name ?? ''))
    const first = card.residents.length === 1 ? card.residents[0] : card.residents.find((r) => r.id === card.call?.contact)
    setResidentId(first?.id)
    setObject(first?.apartments[0]?.id)
    setAttachTo(undefined)
    setType(undefined)
    setError(undefined)
    if (focus) setTimeout(() => heading.current?.focus(), 0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seq])

  // the pop: the server tells this user's room which call rings; the card is read through the API
  useEffect(
    () =>
      listen<Pop>('call', (pop) => {
        if (pop.event !== 'ringing' && pop.event !== 'answered') return
        cardByCall(pop.id)
          .then((c) => openCard(c, { ringing: true, focus: !typingElsewhere() }))
          .catch(setError)
      }),
    []
  )

  // a reload (or a late sign-in) during a call: the operator's call ringing or talking now
  useEffect(() => {
    const since = new Date(Date.now() - 3600_000).toISOString()
    const filter = { and: [{ operator: { eq: boot.user.id } }, { ended_at: { isNull: true } }, { disposition: { in: ['ringing', 'answered'] } }, { created_at: { gt: since } }] }
    get<{ data: RecordData[] }>(recordsPath('call', undefined, { filter: JSON.stringify(filter), sort: '-created_at', limit: 1 }))
      .then(async (r) => {
        const call = r.data[0]
        if (call) openCard(await cardByCall(call.id), { ringing: call.disposition === 'ringing', focus: false })
      })
      .catch(() => {})
  }, [boot.user.id])

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

  // the page gives the panel room (styles.css has no idea of it; the class is the panel's)
  useEffect(() => {
    document.body.classList.toggle('call-open', !!card)
    return () => document.body.classList.remove('call-open')
  }, [card])

  const close = useCallback(() => closeCard(), [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // an open picker or dialog takes its own Esc first; Esc in the page's own fields is theirs
      const target = e.target as HTMLElement | null
      if (e.key !== 'Escape' || !card || e.defaultPrevented || (target?.getAttribute?.('aria-expanded') === 'true' && !target.closest('.type-search')) || target?.closest?.('[role="dialog"]')) return
      if (typingElsewhere()) return
      close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [card, close])

  const resident = card?.residents.find((r) => r.id === residentId)
  const reload = async () => {
    if (!card) return
    const next = card.call ? await cardByCall(card.call.id) : card.phone ? await cardByPhone(card.phone) : undefined
    if (next) openCard(next, { ringing, focus: false, keepChoice: true })
  }
  const kbTypes = useMemo(() => (type ? [type.key] : (card?.suggestedRequestTypes ?? []).map((s) => s.key)), [type, card])
  const kbHint = type ? label(type.label) : card?.suggestedRequestTypes[0] ? label(card.suggestedRequestTypes[0].label) : undefined
  const contactEntity = boot.entities.find((e) => e.key === 'contact')
  const contact = useMemo(() => (contactEntity ? { ...contactEntity, forms: [RESIDENT_FORM] } : undefined), [contactEntity])

  if (!card)
    return error ? (
      <aside className="call-panel">
        <ProblemAlert error={error} />
      </aside>
    ) : null
  return (
    <aside className="call-panel" aria-label={t('desk.panel')}>
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
        <ProblemAlert error={error} />
        {card.matches === 0 && (
          <section className="desk-panel" aria-labelledby="unknown-title">
            <h2 id="unknown-title">{t('desk.unknown')}</h2>
            {contact?.can.create && (
              <details open>
                <summary>{t('desk.createResident')}</summary>
                <RecordForm
                  key={`contact:${card.phone}:${seq}`}
                  boot={boot}
                  entity={contact}
                  mode="new"
                  draft={false}
                  idPrefix="resident"
                  record={{ phone: card.phone ?? undefined }}
                  save={async (body) => (await post<{ data: RecordData }>(recordsPath('contact'), body)).data}
                  onSaved={async (r) => {
                    if (card.call && !card.call.contact) await patch(recordsPath('call', card.call.id), { contact: r.id }).catch(() => {})
                    const next: Card = card.call ? await cardByCall(card.call.id) : await cardByPhone(String(r.phone ?? card.phone))
                    openCard(next, { ringing, focus: false })
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
            key={seq}
            boot={boot}
            card={card}
            resident={resident}
            object={object}
            attachTo={attachTo}
            focus={focus}
            onAttach={setAttachTo}
            onType={setType}
            onRegistered={() => void reload().catch(() => {})}
          />
        )}
        <KbPanel requestTypes={kbTypes} hint={kbHint} />
      </article>
    </aside>
  )
}
