import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { knownName, loadNames, rememberIncluded } from '../../../core/ui/src/api/references.js'
import { listen } from '../../../core/ui/src/api/realtime.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { useLive } from '../../../core/ui/src/api/live.js'
import { chatList, takeChat, waited, type Chat, type ChatPop } from './api.js'
import { ChatView } from './ChatView.js'
import './messaging.css'

/** Seconds ticking: re-renders every second while chats wait. */
function useNow(active: boolean) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [active])
  return now
}

/**
 * The single window's chats: residents waiting for an operator (the wait ticking) and the chats
 * held now. A chat that starts waiting pops for every available operator (the `chat` event) with
 * "Взяти"; the first to take it wins (409 for the others). The taken chat opens below.
 */
export function Chats() {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const [chats, setChats] = useState<{ rows: Chat[]; at: number }>()
  const [open, setOpen] = useState<string>()
  const [popped, setPopped] = useState<string>()
  const [error, setError] = useState<unknown>()
  const [note, setNote] = useState<string>()
  const label = useLabel()
  const channelLabel = (c: Chat) => label(boot.entities.find((e) => e.key === 'message')?.fields.channel?.options?.find((o) => o.value === c.channel)?.label, String(c.channel))

  const load = useCallback(async () => {
    const res = await chatList()
    rememberIncluded(boot, res.included)
    await loadNames(
      boot,
      'user',
      res.data.map((c) => c.operator).filter((x): x is string => typeof x === 'string')
    ).catch(() => {})
    setChats({ rows: res.data, at: Date.now() })
  }, [boot])
  useEffect(() => void load().catch(setError), [load])
  useLive(() => void load().catch(() => {}), ['entity:chat_session'], ['chat'])
  // the pop: a chat waits (a notice with "Взяти"); taken by another or closed, it goes
  useEffect(
    () =>
      listen<ChatPop>('chat', (pop) => {
        if (pop.event === 'waiting') setPopped(pop.chat)
        else if (pop.event === 'taken' || pop.event === 'closed') setPopped((p) => (p === pop.chat ? undefined : p))
      }),
    []
  )
  const now = useNow(!!chats?.rows.some((c) => c.status === 'waiting'))

  const name = (c: Chat) => (c.contact ? knownName('contact', String(c.contact)) : undefined) ?? String(c.address ?? '')
  const waitingFor = (c: Chat) => waited(c.waitingSeconds + (now - (chats?.at ?? now)) / 1000)

  async function take(id: string) {
    setError(undefined)
    setNote(undefined)
    try {
      await takeChat(id)
      setPopped(undefined)
      setOpen(id)
      await load()
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setNote(t('chat.takenByOther'))
        setPopped(undefined)
        await load().catch(() => {})
      } else setError(e)
    }
  }

  const rows = chats?.rows ?? []
  const pop = rows.find((c) => c.id === popped && c.status === 'waiting')
  const held = rows.filter((c) => c.mine && c.status === 'active')
  // back on the desk (after the request form) the one chat the operator holds opens again
  const current = open ? held.find((c) => c.id === open) : held.length === 1 ? held[0] : undefined
  return (
    <section className="desk-panel desk-chats" aria-labelledby="chats-title">
      <h2 id="chats-title">
        {t('chat.title')} {rows.length > 0 && <span className="count-badge">{rows.length}</span>}
      </h2>
      {pop && (
        <div className="alert warning chat-pop" role="alert">
          <strong>{t('chat.popTitle')}</strong> {name(pop)} · {t('chat.waiting', { time: waitingFor(pop) })}{' '}
          <button type="button" className="primary" onClick={() => void take(pop.id)} aria-label={`${t('chat.take')}: ${name(pop)}`}>
            {t('chat.take')}
          </button>
        </div>
      )}
      {note && (
        <p className="alert info" role="status">
          {note}
        </p>
      )}
      <ProblemAlert error={error} />
      {!chats ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length ? (
        <ul className="chat-list">
          {rows.map((c) => (
            <li key={c.id} data-chat={c.id} className={`chat-${String(c.status)}`}>
              <span className="chat-name">{name(c)}</span> <span className="tag">{channelLabel(c)}</span>{' '}
              {c.status === 'waiting' ? (
                <>
                  <span className="muted small" aria-label={t('chat.waitingLabel')}>
                    {t('chat.waiting', { time: waitingFor(c) })}
                  </span>{' '}
                  <button type="button" onClick={() => void take(c.id)} aria-label={`${t('chat.take')}: ${name(c)}`}>
                    {t('chat.take')}
                  </button>
                </>
              ) : c.mine ? (
                <button type="button" aria-pressed={current?.id === c.id} onClick={() => setOpen(c.id)} aria-label={`${t('chat.openChat')}: ${name(c)}`}>
                  {t('chat.openChat')}
                </button>
              ) : (
                <span className="muted small">{t('chat.heldBy', { name: knownName('user', String(c.operator)) ?? '—' })}</span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('chat.none')}</p>
      )}
      {current && <ChatView key={current.id} chat={current} name={name(current)} onClosed={() => (setOpen(undefined), void load().catch(() => {}))} />}
    </section>
  )
}
