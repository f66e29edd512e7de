import { useEffect, useMemo, useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { get, patch, post, recordsPath } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import type { UiBootstrap } from '../../../core/ui/src/types/bootstrap.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { remember } from '../../../core/ui/src/api/references.js'
import { RecordForm } from '../../../core/ui/src/components/RecordForm.js'
import { TypeSearch } from './TypeSearch.js'
import type { Card, RequestType, Ticket } from './api.js'
import type { FormDoc } from '../../../core/shared/metadata.js'

const DESK_FORM: FormDoc = {
  kind: 'form',
  key: 'ticket_desk',
  entity: 'ticket',
  label: { uk: 'Звернення з дзвінка', en: 'Request from a call' },
  sections: [{ fields: ['description', 'extra', 'priority', 'resident', 'object', 'request_type', 'channel', 'photo'] }],
}

interface Props {
  boot: UiBootstrap
  card: Card
  resident?: RecordData
  object?: string
  /** A mass incident the operator chose on the card: the new request joins it. */
  attachTo?: Ticket
  onAttach(ticket: Ticket | undefined): void
  onType(type: RequestType | undefined): void
  onRegistered(ticket: RecordData): void
  /** The type search takes the focus (not when the card popped while the operator typed elsewhere). */
  focus?: boolean
}

/**
 * A request from the pop: the type by words, its instructions and redirect, a suggested master
 * request nearby ("attach as a child?"), then the request form (core/ui's RecordForm) with the
 * resident, the address and the phone channel filled in. Saved, it is linked to the call.
 */
export function RegisterRequest({ boot, card, resident, object, attachTo, onAttach, onType, onRegistered, focus = true }: Props) {
  const { t } = useTranslation()
  const label = useLabel()
  const [type, setType] = useState<RequestType>()
  const [duplicate, setDuplicate] = useState<Ticket>()
  const [saved, setSaved] = useState<RecordData>()
  const entity = boot.entities.find((e) => e.key === 'ticket')
  // the desk's form: what the operator fills during a call (the request page shows the rest)
  const ticket = useMemo(() => (entity ? { ...entity, forms: [DESK_FORM] } : undefined), [entity])

  useEffect(() => {
    setDuplicate(undefined)
    if (!type || !object) return
    let live = true
    get<{ master: Ticket | null }>(`/api/v1/actions/servicedesk.duplicates?request_type=${encodeURIComponent(type.key)}&object=${encodeURIComponent(object)}`)
      .then((r) => live && r.master && setDuplicate(r.master))
      .catch(() => {})
    return () => void (live = false)
  }, [type, object])

  const record = useMemo(() => {
    if (!type) return {}
    const values: Partial<RecordData> = { channel: 'phone', request_type: type.key, priority: type.defaultPriority }
    if (resident) values.resident = resident.id
    if (object) values.object = object
    return values
  }, [type, resident, object])

  if (!ticket?.can.create) return null
  const choose = (rt: RequestType | undefined) => {
    setType(rt)
    setSaved(undefined)
    onType(rt)
    if (rt) setTimeout(() => document.querySelector<HTMLElement>('#desk_description')?.focus(), 50)
  }

  async function save(body: Record<string, unknown>) {
    const call = card.call
    // every request of the call names it (two requests in one call both stay linked)
    const created = (await post<{ data: RecordData }>(recordsPath('ticket'), { ...body, ...(attachTo ? { parent: attachTo.id } : {}), ...(call ? { call: call.id } : {}) })).data
    // the call's own link is its first request (and the resident, for the timeline)
    if (call) {
      const first = (await get<{ data: RecordData }>(recordsPath('call', call.id)).catch(() => undefined))?.data
      const changes = { ...(!first?.ticket ? { ticket: created.id } : {}), ...(!first?.contact && resident ? { contact: resident.id } : {}) }
      if (first && Object.keys(changes).length) await patch(recordsPath('call', call.id), changes).catch(() => {})
    }
    return created
  }

  if (saved) {
    return (
      <section className="desk-panel register" aria-labelledby="register-title">
        <h2 id="register-title">{t('desk.register')}</h2>
        <p className="alert success" role="status">
          {t('desk.registered', { number: saved.number })} <Link href={`/ticket/${saved.id}`}>{t('desk.open')}</Link>
        </p>
        <button type="button" onClick={() => choose(undefined)}>
          {t('desk.register')}
        </button>
      </section>
    )
  }

  return (
    <section className="desk-panel register" aria-labelledby="register-title">
      <h2 id="register-title">{t('desk.register')}</h2>
      {!type ? (
        <TypeSearch usual={card.suggestedRequestTypes.map((s) => s.key)} onChoose={choose} autoFocus={focus && card.residents.length <= 1} />
      ) : (
        <>
          <div className="chosen-type">
            <strong>{label(type.label)}</strong>
            <button type="button" className="link" onClick={() => choose(undefined)}>
              {t('desk.changeType')}
            </button>
          </div>
          {type.redirect && (
            <div className="alert warning redirect" role="alert">
              <strong>
                {t('desk.redirect')}
                {type.redirect.phone ? `: ${type.redirect.phone}` : ''}.
              </strong>{' '}
              {label(type.redirect.message)}
            </div>
          )}
          {type.instructions && (
            <div className="alert info instructions">
              <strong>{t('desk.instructions')}:</strong> {label(type.instructions)}
            </div>
          )}
          {duplicate && !attachTo && (
            <div className="alert warning duplicate" role="alert">
              <p>{t('desk.duplicate', { number: duplicate.number, description: String(duplicate.description ?? '').slice(0, 80) })}</p>
              <button type="button" className="primary" onClick={() => (remember('ticket', duplicate.id, String(duplicate.number)), onAttach(duplicate))}>
                {t('desk.attach')}
              </button>
            </div>
          )}
          {attachTo && (
            <div className="alert info attached" role="status">
              {t('desk.attached', { number: attachTo.number })}{' '}
              <button type="button" className="link" onClick={() => onAttach(undefined)}>
                {t('desk.detach')}
              </button>
            </div>
          )}
          <div className="desk-form">
            <RecordForm
              key={`${type.key}:${resident?.id ?? ''}:${object ?? ''}`}
              boot={boot}
              entity={ticket}
              mode="new"
              record={record}
              draft={false}
              idPrefix="desk"
              save={save}
              onSaved={(r) => (setSaved(r), onRegistered(r))}
            />
          </div>
        </>
      )}
    </section>
  )
}
