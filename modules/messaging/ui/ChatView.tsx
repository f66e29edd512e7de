import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { closeChat, type Chat } from './api.js'
import { useConversation } from './useConversation.js'
import { MessageList } from './MessageList.js'
import { ReplyBox } from './ReplyBox.js'
import { ResidentCard } from './ResidentCard.js'

interface Props {
  chat: Chat
  name: string
  onClosed(): void
}

/** The new request form with the chat's resident and channel filled in, back to the desk when saved. */
function newRequestHref(chat: Chat): string {
  const qs = new URLSearchParams({ channel: String(chat.channel), back: '/desk' })
  if (chat.contact) qs.set('resident', String(chat.contact))
  return `/ticket/new?${qs}`
}

/**
 * A chat the operator holds: the conversation (live), the resident's card, the answer box,
 * "Зареєструвати звернення" (the request form; the request the operator saves for this
 * resident joins the chat on the server), and "Завершити", back to the bot.
 */
export function ChatView({ chat, name, onClosed }: Props) {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const { messages, error } = useConversation({ chat: chat.id })
  const [problem, setProblem] = useState<unknown>()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [chat.id])

  async function finish() {
    setProblem(undefined)
    try {
      await closeChat(chat.id)
      onClosed()
    } catch (e) {
      setProblem(e)
    }
  }

  const canRegister = !!boot.entities.find((e) => e.key === 'ticket')?.can.create
  return (
    <article className="pop chat-view" aria-labelledby="chat-view-title">
      <header className="pop-head">
        <h2 id="chat-view-title" ref={heading} tabIndex={-1}>
          {t('chat.with', { name })}
        </h2>
        <div className="row-actions">
          {canRegister && !chat.ticket && (
            <Link href={newRequestHref(chat)} className="button">
              {t('desk.register')}
            </Link>
          )}
          <button type="button" onClick={() => void finish()} title={t('chat.finishHint')}>
            {t('chat.finish')}
          </button>
        </div>
      </header>
      <ProblemAlert error={problem ?? error} />
      {chat.ticket ? (
        <p className="alert info" role="status">
          {t('chat.linked')} <Link href={`/ticket/${String(chat.ticket)}`}>{t('desk.open')}</Link>
        </p>
      ) : null}
      <div className="chat-grid">
        <section className="desk-panel chat-messages" aria-labelledby="chat-messages-title">
          <h3 id="chat-messages-title">{t('chat.conversation')}</h3>
          {messages ? <MessageList messages={messages} label={t('chat.conversation')} /> : !error && <p role="status">{t('app.loading')}</p>}
          <ReplyBox chat={chat.id} />
        </section>
        <ResidentCard contact={(chat.contact as string | null) ?? null} />
      </div>
    </article>
  )
}
