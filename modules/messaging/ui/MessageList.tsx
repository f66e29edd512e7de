import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { knownName } from '../../../core/ui/src/api/references.js'
import { formatDateTime, pick } from '../../../core/ui/src/labels.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import type { Attachment, Message } from './api.js'

const STATUS_ICON: Record<string, string> = { received: '↓', queued: '🕓', sending: '…', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' }

function Attachments({ items }: { items: Attachment[] }) {
  const { t } = useTranslation()
  return (
    <ul className="msg-files">
      {items.map((a, i) => (
        <li key={`${a.file ?? a.name}:${i}`}>
          {a.file && a.mime?.startsWith('image/') ? (
            <a href={`/api/v1/files/${a.file}`} target="_blank" rel="noreferrer">
              <img src={`/api/v1/files/${a.file}`} alt={a.name} className="msg-photo" loading="lazy" />
            </a>
          ) : a.file ? (
            <a href={`/api/v1/files/${a.file}`} target="_blank" rel="noreferrer">
              📎 {a.name}
            </a>
          ) : (
            <span className="muted">
              📎 {a.name} ({t('chat.fileMissing')})
            </span>
          )}
        </li>
      ))}
    </ul>
  )
}

/**
 * A conversation, newest last: who wrote (the resident, the bot, or the operator by name),
 * when, through which channel, the delivery state of our messages, and the photos and files.
 */
export function MessageList({ messages, label }: { messages: Message[]; label: string }) {
  const { t, i18n } = useTranslation()
  const boot = useSession().boot!
  const entity = boot.entities.find((e) => e.key === 'message')
  const list = useRef<HTMLOListElement>(null)
  // newest last: the list opens scrolled to the latest message
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight
  }, [messages])
  const option = (field: string, value: unknown) => pick(entity?.fields[field]?.options?.find((o) => o.value === value)?.label, i18n.language, String(value ?? ''))
  if (!messages.length) return <p className="empty">{t('chat.noMessages')}</p>
  return (
    <ol className="msg-list" aria-label={label} tabIndex={0} ref={list}>
      {messages.map((m) => {
        const inbound = m.direction === 'inbound'
        const who = inbound ? t('chat.resident') : m.operator ? (knownName('user', String(m.operator)) ?? t('chat.operator')) : t('chat.bot')
        const status = String(m.status ?? '')
        return (
          <li key={m.id} className={`msg msg-${inbound ? 'in' : 'out'}`} data-message={m.id}>
            <div className="msg-head small">
              <strong>{who}</strong> <span className="muted">{formatDateTime(String(m.sent_at ?? m.created_at), i18n.language)}</span> <span className="tag">{option('channel', m.channel)}</span>
              {status && (
                <span className={`msg-status status-${status}`} title={option('status', status)}>
                  <span aria-hidden="true">{STATUS_ICON[status] ?? ''}</span> {option('status', status)}
                </span>
              )}
            </div>
            <p className="msg-body">{String(m.body ?? '')}</p>
            {Array.isArray(m.attachments) && m.attachments.length > 0 && <Attachments items={m.attachments} />}
            {status === 'failed' && m.error ? <p className="alert error small">{String(m.error)}</p> : null}
          </li>
        )
      })}
    </ol>
  )
}
