import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { get } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { PRESENCE_STATES, setPresence, useLive, type PresenceState } from './api.js'

/**
 * The operator's own presence as a group of toggle buttons. Calls change it too (ringing makes
 * the operator busy), so it follows the operator's presence record live.
 */
export function PresenceSwitch({ userId }: { userId: string }) {
  const { t } = useTranslation()
  const [state, setState] = useState<PresenceState>('offline')
  const [error, setError] = useState<unknown>()
  const load = useCallback(async () => {
    const res = await get<{ data: RecordData[] }>('/api/v1/actions/telephony.presences')
    const mine = res.data.find((p) => p.user === userId)
    setState((mine?.state as PresenceState) ?? 'offline')
  }, [userId])
  useEffect(() => void load().catch(setError), [load])
  useLive(() => void load().catch(() => {}), ['entity:operator_presence'])

  async function choose(next: PresenceState) {
    setError(undefined)
    const before = state
    setState(next)
    try {
      await setPresence(next)
    } catch (e) {
      setState(before)
      setError(e)
    }
  }

  return (
    <div className="presence" role="group" aria-label={t('desk.presence')}>
      <span className="presence-label" aria-hidden="true">
        {t('desk.presence')}:
      </span>
      {PRESENCE_STATES.map((s) => (
        <button key={s} type="button" className={`presence-${s}`} aria-pressed={state === s} onClick={() => void choose(s)}>
          {t(`desk.states.${s}`)}
        </button>
      ))}
      <ProblemAlert error={error} />
    </div>
  )
}
