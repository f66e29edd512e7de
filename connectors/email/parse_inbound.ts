/**
 * One inbound letter (the raw RFC 5322 bytes the listener received) → the `message_in` event,
 * or the reason it is not delivered (an auto-reply or a bounce: answering those makes mail
 * loops). The idempotency key is the Message-ID, or a hash of the raw bytes when there is none.
 */
import { createHash } from 'node:crypto'
import { simpleParser, type Attachment, type Headers } from 'mailparser'
import type { InboundAttachment, MessageInPayload } from '#core/connectors/messaging'
import type { InboundEvent } from '#core/connectors/types'
import { htmlToText, safeHtml } from './html.js'

/**
 * What this type delivers: the messaging contract's payload plus `html`, the letter's HTML
 * with only safe tags left (safeHtml), when it had any.
 */
export interface EmailMessageIn extends MessageInPayload {
  html?: string
}

export type Inbound = { deliver: InboundEvent<EmailMessageIn> } | { skip: string; externalId: string }

const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'auto_reply'])

/** Why a letter is machine-written (not to be answered), or undefined for a person's letter. */
export function autoReason(headers: Headers, envelopeFrom: string | false | undefined): string | undefined {
  const submitted = String(headers.get('auto-submitted') ?? '')
    .trim()
    .toLowerCase()
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`
  const precedence = String(headers.get('precedence') ?? '')
    .trim()
    .toLowerCase()
  if (AUTO_PRECEDENCE.has(precedence)) return `Precedence: ${precedence}`
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'X-Autoreply'
  // a delivery report comes from the null sender (RFC 5321 4.5.5)
  if (envelopeFrom === '' || envelopeFrom === false) return 'bounce (empty envelope sender)'
  const type = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined
  if (type?.value === 'multipart/report') return `delivery report (${type.params?.['report-type'] ?? 'report'})`
  return undefined
}

/** The Message-IDs in an In-Reply-To or References value, as `<id>`. */
export function messageIds(value: unknown): string[] {
  const all = (Array.isArray(value) ? value : value ? [value] : []).join(' ')
  return all.match(/<[^<>\s]+>/g) ?? []
}

function attachmentOf(a: Attachment, n: number, limit: number): InboundAttachment {
  const name = a.filename || `attachment-${n + 1}`
  const mime = a.contentType || 'application/octet-stream'
  const size = a.size ?? a.content.length
  return size > limit ? { name, mime, size, tooLarge: true } : { name, mime, size, data: a.content.toString('base64') }
}

export async function parseInbound(raw: Buffer, envelopeFrom: string | false | undefined, attachmentMaxBytes: number): Promise<Inbound> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, keepCidLinks: true })
  const externalId = mail.messageId ?? `<sha256-${createHash('sha256').update(raw).digest('hex')}@vikno.invalid>`
  const auto = autoReason(mail.headers, envelopeFrom)
  if (auto) return { skip: auto, externalId }
  const sender = mail.from?.value.find((a) => a.address)
  const from = (sender?.address ?? (envelopeFrom || '')).trim().toLowerCase()
  if (!from) return { skip: 'no sender address', externalId }
  const html = typeof mail.html === 'string' ? mail.html : undefined
  const text = mail.text?.trim() ? mail.text.trim() : html ? htmlToText(html) : ''
  const payload: EmailMessageIn = {
    channel: 'email',
    kind: 'message',
    from,
    externalId,
    text,
    references: [...new Set([...messageIds(mail.inReplyTo), ...messageIds(mail.references)])],
    at: (mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : new Date()).toISOString(),
  }
  if (sender?.name) payload.name = sender.name
  if (mail.subject) payload.subject = mail.subject
  if (html) payload.html = safeHtml(html)
  if (mail.attachments.length) payload.attachments = mail.attachments.map((a, n) => attachmentOf(a, n, attachmentMaxBytes))
  return { deliver: { type: 'message_in', idempotencyKey: externalId, payload } }
}
