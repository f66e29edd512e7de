import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { pick } from '../../../core/ui/src/labels.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { channelsOf, fieldError, reply, type Channel } from './api.js'

interface Props {
  /** A chat the operator holds: the answer goes to its channel, no choice. */
  chat?: string
  ticket?: string
  /** The resident: whose channels are offered (none: the box says why). */
  contact?: string | null
  onSent?(): void
}

/**
 * The operator's answer to a resident: the text and, outside a chat, the channel among those
 * the resident has and consents to (the preferred first). Ctrl+Enter sends. A refusal (422)
 * shows at its field in the UI's words.
 */
export function ReplyBox({ chat, ticket, contact, onSent }: Props) {
  const { t, i18n } = useTranslation()
  const boot = useSession().boot!
  const id = useId()
  const [channels, setChannels] = useState<Channel[]>()
  const [channel, setChannel] = useState('')
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [sent, setSent] = useState(false)

  useEffect(() => {
    setChannels(undefined)
    if (chat || !contact) return
    let live = true
    channelsOf(contact)
      .then((all) => {
        if (!live) return
        const usable = all.filter((c) => c.usable)
        setChannels(all)
        setChannel(usable[0]?.channel ?? '')
      })
      .catch((e) => live && setError(e))
    return () => void (live = false)
  }, [chat, contact])

  const entity = boot.entities.find((e) => e.key === 'message')
  const channelLabel = (c: string) => pick(entity?.fields.channel?.options?.find((o) => o.value === c)?.label, i18n.language, c)
  const usable = channels?.filter((c) => c.usable) ?? []
  const textError = fieldError(error, ['/text'], t)
  const channelError = fieldError(error, ['/channel', '/contact', '/ticket', '/chat'], t)

  if (!chat) {
    if (!contact) return <p className="reply-none muted">{t('chat.noResident')}</p>
    if (!channels) return error ? <ProblemAlert error={error} /> : <p role="status">{t('app.loading')}</p>
    if (!usable.length) {
      const why = channels[0]?.reason
      return <p className="reply-none muted">{why ? t(`chat.reasons.${why}`, { channel: channelLabel(channels[0]!.channel) }) : t('chat.noChannel')}</p>
    }
  }

  async function send(e?: FormEvent) {
    e?.preventDefault()
    if (busy) return
    setError(undefined)
    setSent(false)
    if (!text.trim()) return setError(new Error(t('chat.errors.empty')))
    setBusy(true)
    try {
      await reply({ ...(chat ? { chat } : ticket ? { ticket } : { contact: contact! }), ...(!chat && channel ? { channel } : {}), text: text.trim() })
      setText('')
      setSent(true)
      onSent?.()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send()
  }
  const emptyError = error instanceof Error && !('status' in error) ? error.message : undefined
  const shownText = textError ?? emptyError

  return (
    <form className="reply-box" onSubmit={(e) => void send(e)} aria-label={t('chat.replyTitle')}>
      {!chat && (
        <div className="field">
          <label htmlFor={`${id}-channel`}>{t('chat.channel')}</label>
          <select
            id={`${id}-channel`}
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
            aria-invalid={!!channelError || undefined}
            aria-describedby={channelError ? `${id}-channel-error` : undefined}
          >
            {usable.map((c) => (
              <option key={c.channel} value={c.channel}>
                {channelLabel(c.channel)}
                {c.preferred ? ` (${t('chat.preferred')})` : ''}
              </option>
            ))}
          </select>
          {channelError && (
            <p id={`${id}-channel-error`} className="field-error" role="alert">
              {channelError}
            </p>
          )}
        </div>
      )}
      {chat && channelError && (
        <p className="field-error" role="alert">
          {channelError}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('chat.text')}</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          maxLength={4096}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          aria-invalid={!!shownText || undefined}
          aria-describedby={shownText ? `${id}-text-error` : `${id}-hint`}
        />
        {shownText ? (
          <p id={`${id}-text-error`} className="field-error" role="alert">
            {shownText}
          </p>
        ) : (
          <p id={`${id}-hint`} className="muted small">
            {t('chat.sendHint')}
          </p>
        )}
      </div>
      {error && !textError && !channelError && !emptyError ? <ProblemAlert error={error} /> : null}
      <div className="row-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('chat.send')}
        </button>
        {sent && (
          <span role="status" className="muted small">
            {t('chat.sent')}
          </span>
        )}
      </div>
    </form>
  )
}
