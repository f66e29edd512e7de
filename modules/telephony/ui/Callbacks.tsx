import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { get, post } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useLive } from './api.js'
import { DialButton } from './DialButton.js'

type Callback = RecordData & { overdue: boolean }

/**
 * Missed calls waiting for a call back, the nearest deadline first, live. "Call back" opens the
 * card for the number; "Done" closes the callback through its workflow.
 */
export function Callbacks({ onCallBack }: { onCallBack(phone: string, callback: Callback): void }) {
  const { t, i18n } = useTranslation()
  const [rows, setRows] = useState<Callback[]>([])
  const [names, setNames] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>()
  const load = useCallback(async () => {
    const res = await get<{ data: Callback[]; included?: Record<string, Record<string, RecordData>> }>('/api/v1/actions/telephony.callbacks')
    const contacts = res.included?.contact ?? {}
    setNames(Object.fromEntries(Object.values(contacts).map((c) => [c.id, String(c.full_name ?? '')])))
    setRows(res.data)
  }, [])
  useEffect(() => void load().catch(setError), [load])
  useLive(() => void load().catch(() => {}), ['entity:callback'])

  async function done(cb: Callback) {
    setError(undefined)
    try {
      await post('/api/v1/actions/telephony.callback', { callback: cb.id, transition: 'done', version: cb.version })
      await load()
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="desk-panel callbacks" aria-labelledby="callbacks-title">
      <h2 id="callbacks-title">
        {t('desk.callbacks')} <span className="count-badge">{rows.length}</span>
      </h2>
      <ProblemAlert error={error} />
      {rows.length ? (
        <ul className="callback-list">
          {rows.map((cb) => (
            <li key={cb.id} className={cb.overdue ? 'overdue' : undefined}>
              <div>
                <strong className="phone">{String(cb.phone)}</strong>
                {cb.contact ? <span> · {names[cb.contact as string] ?? ''}</span> : null}
              </div>
              <div className="muted small">
                {cb.overdue ? <span className="tag tag-breached">{t('desk.overdue')}</span> : null} {t('desk.due', { time: formatDateTime(String(cb.due_at), i18n.language) })}
              </div>
              <div className="row-actions">
                <button type="button" className="primary" aria-label={`${t('desk.callBack')} ${String(cb.phone)}`} onClick={() => onCallBack(String(cb.phone), cb)}>
                  {t('desk.callBack')}
                </button>
                <DialButton number={String(cb.phone)} record={{ entity: 'callback', id: cb.id }} />
                <button type="button" aria-label={`${t('desk.done')}: ${String(cb.phone)}`} onClick={() => void done(cb)}>
                  {t('desk.done')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('desk.noCallbacks')}</p>
      )}
    </section>
  )
}
