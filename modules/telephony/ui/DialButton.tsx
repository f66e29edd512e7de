import { useEffect, useState } from 'react'
import './telephony.css'
import { useTranslation } from 'react-i18next'
import { ApiError, post } from '../../../core/ui/src/api/client.js'
import { displayPhone } from '../../../core/ui/src/form/values.js'

/** A handset (Material Symbols "call", Apache-2.0 shapes). */
const PhoneIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d="M6.6 10.8a15.2 15.2 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1l-2.3 2.2z" />
  </svg>
)

type State = { kind: 'calling' } | { kind: 'failed'; detail?: string }

/**
 * Click-to-call: POST telephony.dial {number, record}: the operator's own phone rings first,
 * then the number (the call is linked to the record). Says "Дзвонимо…" or why it failed,
 * beside the button, for a few seconds.
 */
export function DialButton({ number, record, compact }: { number: string; record?: { entity: string; id: string }; compact?: boolean }) {
  const { t } = useTranslation()
  const [state, setState] = useState<State>()
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (!state) return
    const timer = setTimeout(() => setState(undefined), state.kind === 'calling' ? 4000 : 8000)
    return () => clearTimeout(timer)
  }, [state])

  async function dial() {
    setBusy(true)
    try {
      await post('/api/v1/actions/telephony.dial', { number, ...(record ? { record } : {}) })
      setState({ kind: 'calling' })
    } catch (e) {
      // the server's detail is for the log (English, technical): the operator reads why in words
      const problem = e instanceof ApiError ? e.problem : undefined
      const why = problem?.errors?.[0]?.code === 'no_extension' ? 'noExtension' : e instanceof ApiError && e.status === 409 ? 'noPbx' : e instanceof ApiError && e.status >= 500 ? 'pbxDown' : undefined
      setState({ kind: 'failed', detail: why ? t(`dial.${why}`) : (problem?.title ?? problem?.detail) })
    } finally {
      setBusy(false)
    }
  }

  const label = t('dial.callNumber', { number: displayPhone(number) })
  return (
    <span className="dial">
      <button type="button" className={`dial-button${compact ? ' icon' : ''}`} aria-label={label} title={label} disabled={busy} onClick={() => void dial()}>
        <PhoneIcon />
        {compact ? null : <span>{t('dial.call')}</span>}
      </button>
      {state ? (
        <span className={`dial-toast ${state.kind}`} role={state.kind === 'failed' ? 'alert' : 'status'}>
          {state.kind === 'calling' ? t('dial.calling') : `${t('dial.failed')}${state.detail ? `: ${state.detail}` : ''}`}
        </span>
      ) : null}
    </span>
  )
}
