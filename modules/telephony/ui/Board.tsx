import { useCallback, useEffect, useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { get } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useLive, type SlaState } from './api.js'
import './telephony.css'

type Counts = Record<SlaState, number> & { total: number }
interface BoardData {
  at: string
  slaStates: SlaState[]
  requests: { byContractor: Array<Counts & { contractor: { id: string; name: string | null } | null }>; totals: Counts }
  operators: Array<{ user: { id: string; login: string; name: string }; extension: string | null; state: string; since: string | null }>
  callsNow: { data: RecordData[]; included: Record<string, Record<string, RecordData>> }
  callbacks: { open: number; overdue: number }
  /** Messenger chats (null without the messaging module). */
  chats: { waiting: number; active: number; oldestWaitingSince: string | null } | null
}

/** The list behind a cell of the requests table: the company's open requests in that SLA state. */
function drillDown(contractor: string | undefined, state: SlaState): string {
  const qs = new URLSearchParams({ states: 'open' })
  if (contractor) qs.set('contractor', contractor)
  if (state === 'breached') qs.set('resolution_breached', 'true')
  if (state === 'warning') qs.set('sla_warning', 'true')
  return `/ticket?${qs}`
}

/**
 * The supervisor's live board: open requests by company and SLA state, every operator's
 * presence, calls ringing or talking now, callbacks waiting. Refetched on `presence` events and
 * on record events of requests, calls and callbacks (sockets, not polling).
 */
export function Board() {
  const { t, i18n } = useTranslation()
  const [board, setBoard] = useState<BoardData>()
  const [error, setError] = useState<unknown>()
  const load = useCallback(async () => setBoard((await get<{ data: BoardData }>('/api/v1/actions/telephony.board')).data), [])
  useEffect(() => void load().catch(setError), [load])
  useLive(() => void load().catch(() => {}), ['entity:ticket', 'entity:call', 'entity:callback', 'entity:operator_presence', 'entity:chat_session'], ['presence'])
  const time = (v: string | null | undefined) => (v ? formatDateTime(v, i18n.language) : '—')
  const name = (entity: string, id: unknown) => {
    const r = board?.callsNow.included?.[entity]?.[String(id)]
    return r ? String(r.name ?? r.full_name ?? r.login ?? '') : ''
  }

  return (
    <div className="board">
      <div className="toolbar">
        <h1>{t('board.title')}</h1>
        <span className="muted small live-mark">● {t('board.live')}</span>
      </div>
      <ProblemAlert error={error} />
      {board && (
        <div className="board-grid">
          <section className="desk-panel" aria-labelledby="board-requests" tabIndex={0}>
            <h2 id="board-requests">{t('board.requests')}</h2>
            <table className="records board-table">
              <thead>
                <tr>
                  <th scope="col">{t('board.contractor')}</th>
                  {board.slaStates.map((s) => (
                    <th scope="col" key={s}>
                      {t(`desk.sla.${s}`)}
                    </th>
                  ))}
                  <th scope="col">{t('board.total')}</th>
                </tr>
              </thead>
              <tbody>
                {board.requests.byContractor.map((row) => (
                  <tr key={row.contractor?.id ?? 'none'}>
                    <th scope="row">{row.contractor?.name ?? t('board.none')}</th>
                    {board.slaStates.map((s) => (
                      <td key={s} className={row[s] && s !== 'ok' ? `sla-cell sla-${s}` : undefined}>
                        {row[s] ? <Link href={drillDown(row.contractor?.id, s)}>{row[s]}</Link> : row[s]}
                      </td>
                    ))}
                    <td>{row.total}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('board.totals')}</th>
                  {board.slaStates.map((s) => (
                    <td key={s}>{board.requests.totals[s]}</td>
                  ))}
                  <td>{board.requests.totals.total}</td>
                </tr>
              </tfoot>
            </table>
            <p className="muted">{t('board.callbacks', board.callbacks)}</p>
            {board.chats && (
              <p className="muted board-chats">
                {t('board.chats', { waiting: board.chats.waiting, active: board.chats.active })}
                {board.chats.oldestWaitingSince ? ` ${t('board.oldestChat', { time: time(board.chats.oldestWaitingSince) })}` : ''}
              </p>
            )}
          </section>
          <section className="desk-panel" aria-labelledby="board-operators" tabIndex={0}>
            <h2 id="board-operators">{t('board.operators')}</h2>
            <table className="records board-table operators">
              <thead>
                <tr>
                  <th scope="col">{t('board.operator')}</th>
                  <th scope="col">{t('board.extension')}</th>
                  <th scope="col">{t('board.state')}</th>
                  <th scope="col">{t('board.since')}</th>
                </tr>
              </thead>
              <tbody>
                {board.operators.map((o) => (
                  <tr key={o.user.id} data-user={o.user.id}>
                    <th scope="row">{o.user.name || o.user.login}</th>
                    <td>{o.extension ?? ''}</td>
                    <td>
                      <span className={`tag presence-tag presence-${o.state}`}>{t(`desk.states.${o.state}`, { defaultValue: o.state })}</span>
                    </td>
                    <td>{time(o.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="desk-panel" aria-labelledby="board-calls" tabIndex={0}>
            <h2 id="board-calls">{t('board.calls')}</h2>
            {board.callsNow.data.length ? (
              <table className="records board-table">
                <thead>
                  <tr>
                    <th scope="col">{t('board.caller')}</th>
                    <th scope="col">{t('board.resident')}</th>
                    <th scope="col">{t('board.operator')}</th>
                    <th scope="col">{t('board.state')}</th>
                    <th scope="col">{t('board.started')}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.callsNow.data.map((c) => (
                    <tr key={c.id}>
                      <td>{String(c.caller ?? '')}</td>
                      <td>{name('contact', c.contact)}</td>
                      <td>{name('user', c.operator)}</td>
                      <td>{t(`board.disposition.${String(c.disposition)}`, { defaultValue: String(c.disposition) })}</td>
                      <td>{time(c.started_at as string)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="empty">{t('board.noCalls')}</p>
            )}
          </section>
        </div>
      )}
    </div>
  )
}
