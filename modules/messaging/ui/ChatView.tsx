import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { remember } from '../../../core/ui/src/api/references.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { CallCard } from '../../telephony/ui/CallCard.js'
import { RegisterRequest } from '../../telephony/ui/RegisterRequest.js'
import type { Card, Ticket } from '../../telephony/ui/api.js'
import { closeChat, linkChat, type Chat } from './api.js'
import { residentCard } from './residentCard.js'
import { useConversation } from './useConversation.js'
import { MessageList } from './MessageList.js'
import { ReplyBox } from './ReplyBox.js'

interface Props {
  chat: Chat
  name: string
  onClosed(): void
}

/**
 * A chat the operator holds: the conversation (live), the resident's card, the answer box,
 * a request registered from the chat (linked to it: the conversation joins the request), and
 * "Завершити", which gives the resident back to the bot.
 */
export function ChatView({ chat, name, onClosed }: Props) {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const { messages, error } = useConversation({ chat: chat.id })
  const [card, setCard] = useState<Card>()
  const [object, setObject] = useState<string>()
  const [attachTo, setAttachTo] = useState<Ticket>()
  const [problem, setProblem] = useState<unknown>()
  const [ticket, setTicket] = useState<string | null>((chat.ticket as string) ?? null)
  const heading = useRef<HTMLHeadingElement>(null)
  const contact = (chat.contact as string | null) ?? null

  useEffect(() => {
    let live = true
    residentCard(contact)
      .then((c) => {
        if (!live) return
        for (const r of c.residents) remember('contact', r.id, String(r.full_name ?? ''))
        for (const r of c.residents) for (const a of r.apartments) remember('object', a.id, String(a.path ?? a.name ?? ''))
        setCard(c)
        setObject(c.residents[0]?.apartments[0]?.id)
      })
      .catch((e) => live && setProblem(e))
    heading.current?.focus()
    return () => void (live = false)
  }, [contact])

  async function finish() {
    setProblem(undefined)
    try {
      await closeChat(chat.id)
      onClosed()
    } catch (e) {
      setProblem(e)
    }
  }

  async function registered(r: RecordData) {
    setTicket(r.id)
    await linkChat(chat.id, r.id).catch(setProblem)
  }

  const resident = card?.residents[0]
  return (
    <article className="pop chat-view" aria-labelledby="chat-view-title">
      <header className="pop-head">
        <h2 id="chat-view-title" ref={heading} tabIndex={-1}>
          {t('chat.with', { name })}
        </h2>
        <button type="button" onClick={() => void finish()} aria-describedby="chat-finish-hint">
          {t('chat.finish')}
        </button>
        <span id="chat-finish-hint" hidden>
          {t('chat.finishHint')}
        </span>
      </header>
      <ProblemAlert error={problem ?? error} />
      {ticket && (
        <p className="alert info" role="status">
          {t('chat.linked')} <Link href={`/ticket/${ticket}`}>{t('desk.open')}</Link>
        </p>
      )}
      <div className="chat-grid">
        <section className="desk-panel chat-messages" aria-labelledby="chat-messages-title">
          <h3 id="chat-messages-title">{t('chat.conversation')}</h3>
          {messages ? <MessageList messages={messages} label={t('chat.conversation')} /> : <p role="status">{t('app.loading')}</p>}
          <ReplyBox chat={chat.id} />
        </section>
        {card && resident && (
          <CallCard
            boot={boot}
            card={card}
            resident={resident}
            object={object}
            onResident={() => {}}
            onObject={setObject}
            onAttach={(tk) => (remember('ticket', tk.id, String(tk.number)), setAttachTo(tk))}
          />
        )}
      </div>
      {card && (
        <RegisterRequest
          boot={boot}
          card={card}
          resident={resident}
          object={object}
          attachTo={attachTo}
          focus={false}
          channel={String(chat.channel)}
          onAttach={setAttachTo}
          onType={() => {}}
          onRegistered={(r) => void registered(r)}
        />
      )}
    </article>
  )
}
