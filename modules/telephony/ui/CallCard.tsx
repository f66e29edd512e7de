import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { formatDateTime, useLabel } from '../../../core/ui/src/labels.js'
import type { UiBootstrap } from '../../../core/ui/src/types/bootstrap.js'
import type { Card, Interaction, Resident, Ticket } from './api.js'
import { displayPhone } from '../../../core/ui/src/form/values.js'
import { DialButton } from './DialButton.js'
import { RecordingPlayer } from './RecordingPlayer.js'

function SlaTag({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation()
  if (!ticket.sla) return null
  return <span className={`tag sla sla-${ticket.sla.state}`}>{t(`desk.sla.${ticket.sla.state}`)}</span>
}

/** A request in one line: number (a link), type, state and SLA. */
function TicketLine({ boot, ticket }: { boot: UiBootstrap; ticket: Ticket }) {
  const label = useLabel()
  const entity = boot.entities.find((e) => e.key === 'ticket')
  const type = boot.lookups.request_type?.find((d) => d.key === ticket.request_type)
  const state = entity?.workflow?.states[String(ticket.status)]
  return (
    <>
      <Link href={`/ticket/${ticket.id}`} className="open">
        {String(ticket.number)}
      </Link>{' '}
      {type ? label(type.label) : String(ticket.request_type ?? '')} · {state ? label(state.label) : String(ticket.status ?? '')} <SlaTag ticket={ticket} />
      {ticket.description ? <div className="muted small">{String(ticket.description).slice(0, 120)}</div> : null}
    </>
  )
}

/** One line of the timeline in the UI's language: calls by their direction and outcome. */
function InteractionText({ boot, item }: { boot: UiBootstrap; item: Interaction }) {
  const { t } = useTranslation()
  const label = useLabel()
  const kind = t(`desk.timeline.${item.type}`, { defaultValue: item.type })
  if (item.type === 'status' && item.detail?.state) {
    const state = boot.entities.find((e) => e.key === 'ticket')?.workflow?.states[String(item.detail.state)]
    return <>{`${kind}: ${item.summary.split(' → ')[0]} → ${state ? label(state.label) : String(item.detail.state)}`}</>
  }
  if (item.type !== 'call' || !item.detail) return <>{`${kind}: ${item.summary}`}</>
  const fields = boot.entities.find((e) => e.key === 'call')?.fields
  const option = (field: string, value: unknown) =>
    t(`desk.call.${field}.${String(value)}`, { defaultValue: label(fields?.[field]?.options?.find((o) => o.value === value)?.label, String(value ?? '')) })
  const duration = typeof item.detail.duration === 'number' && item.detail.duration > 0 ? ` · ${Math.round(item.detail.duration / 60)} ${t('desk.minutes')}` : ''
  return <>{`${kind}: ${option('direction', item.detail.direction)}, ${option('disposition', item.detail.disposition)}${duration}`}</>
}

/** The resident's numbers, each with its call button (click-to-call linked to the resident). */
function ResidentPhones({ resident }: { resident: Resident }) {
  const { t } = useTranslation()
  const phones = [resident.phone, resident.phone_alt].filter((p): p is string => typeof p === 'string' && !!p)
  if (!phones.length) return null
  return (
    <p className="resident-phones" aria-label={t('dial.call')}>
      {phones.map((p) => (
        <span key={p} className="resident-phone">
          <span className="phone">{displayPhone(p)}</span> <DialButton number={p} record={{ entity: 'contact', id: resident.id }} compact />
        </span>
      ))}
    </p>
  )
}

interface Props {
  boot: UiBootstrap
  card: Card
  resident?: Resident
  object?: string
  onResident(id: string): void
  onObject(id: string): void
  onAttach(ticket: Ticket): void
}

/**
 * The pop's facts: who calls (several residents on the number: choose), their apartments and
 * accounts (the address of the request: choose), open requests with their SLA state, the last
 * interactions, and mass incidents on their buildings and streets (join one as a child).
 */
export function CallCard({ boot, card, resident, object, onResident, onObject, onAttach }: Props) {
  const { t, i18n } = useTranslation()
  return (
    <div className="call-card">
      {card.residents.length > 1 && (
        <section className="desk-panel" aria-labelledby="residents-title">
          <h2 id="residents-title">{t('desk.several', { count: card.residents.length })}</h2>
          <ul className="residents">
            {card.residents.map((r) => (
              <li key={r.id}>
                <button type="button" aria-pressed={resident?.id === r.id} onClick={() => onResident(r.id)}>
                  {String(r.full_name ?? r.id)}
                </button>{' '}
                <span className="muted small">{r.apartments.map((a) => a.path ?? a.name).join('; ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {resident && (
        <>
          <ResidentPhones resident={resident} />
          <section className="desk-panel" aria-labelledby="apartments-title">
            <h2 id="apartments-title">{t('desk.apartments')}</h2>
            {resident.apartments.length ? (
              <ul className="apartments">
                {resident.apartments.map((a) => (
                  <li key={a.id}>
                    <label>
                      <input type="radio" name="desk-object" checked={object === a.id} onChange={() => onObject(a.id)} /> {String(a.path ?? a.name ?? a.id)}
                    </label>
                    {a.accounts.map((acc) => (
                      <span key={acc.id} className="tag">
                        {t('desk.account', { number: acc.number })}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{t('desk.noApartments')}</p>
            )}
          </section>
          <section className="desk-panel" aria-labelledby="open-title">
            <h2 id="open-title">{t('desk.openRequests')}</h2>
            {resident.openRequests.length ? (
              <ul className="tickets">
                {resident.openRequests.map((tk) => (
                  <li key={tk.id}>
                    <TicketLine boot={boot} ticket={tk} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{t('desk.noOpenRequests')}</p>
            )}
          </section>
          <section className="desk-panel" aria-labelledby="interactions-title">
            <h2 id="interactions-title">{t('desk.interactions')}</h2>
            {resident.interactions.length ? (
              <ul className="interactions">
                {resident.interactions.map((it) => (
                  <li key={`${it.type}:${it.id}:${it.at}`}>
                    <span className="muted small">{formatDateTime(it.at, i18n.language)}</span> <InteractionText boot={boot} item={it} />
                    {it.type === 'call' && it.detail?.recording ? <RecordingPlayer call={it.id} /> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{t('desk.noInteractions')}</p>
            )}
          </section>
        </>
      )}
      {card.incidents.length > 0 && (
        <section className="desk-panel incidents" aria-labelledby="incidents-title">
          <h2 id="incidents-title">{t('desk.incidents')}</h2>
          <ul className="tickets">
            {card.incidents.map((tk) => (
              <li key={tk.id}>
                <TicketLine boot={boot} ticket={tk} /> <span className="muted small">{t('desk.children', { count: tk.children ?? 0 })}</span>{' '}
                <button type="button" aria-label={`${t('desk.attach')}: ${String(tk.number)}`} onClick={() => onAttach(tk)}>
                  {t('desk.attach')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
