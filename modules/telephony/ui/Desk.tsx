import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { cardByPhone } from './api.js'
import { openCard, useCallSession } from './callSession.js'
import { PresenceSwitch } from './PresenceSwitch.js'
import { Callbacks } from './Callbacks.js'
import { slotsFor } from '../../../core/ui/src/extensions.js'
import './telephony.css'

/**
 * The single window (єдине вікно): the operator's presence, a number to look up, and the
 * callbacks of missed calls, and what other modules add (`desk` slots: the messaging chats). The card itself is the call panel (CallPanel.tsx), beside any
 * page: it pops when the operator's extension rings, here or elsewhere in the app.
 */
export function Desk() {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const { card } = useCallSession()
  const [phone, setPhone] = useState('')
  const [error, setError] = useState<unknown>()

  async function lookup(e?: FormEvent, number = phone) {
    e?.preventDefault()
    if (!number.trim()) return
    setError(undefined)
    try {
      openCard(await cardByPhone(number.trim()))
    } catch (err) {
      setError(err)
    }
  }

  return (
    <div className="desk">
      <div className="toolbar desk-head">
        <h1>{t('desk.title')}</h1>
        <PresenceSwitch userId={boot.user.id} />
      </div>
      <div className="desk-main">
        <form className="desk-lookup" onSubmit={(e) => void lookup(e)} role="search">
          <label htmlFor="desk-phone">{t('desk.lookup')}</label>
          <input id="desk-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
          <button type="submit">{t('desk.lookupGo')}</button>
        </form>
        <ProblemAlert error={error} />
        {!card && <p className="desk-waiting muted">{t('desk.waiting')}</p>}
        {slotsFor('desk').map((s, i) => (
          <s.Component key={i} />
        ))}
        <Callbacks onCallBack={(number) => (setPhone(number), void lookup(undefined, number))} />
      </div>
    </div>
  )
}
