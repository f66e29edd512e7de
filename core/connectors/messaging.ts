/**
 * The messaging contract between channel connector types (`connectors/telegram`, `viber`,
 * `smpp`, `http-sms`, `email`) and the messaging module (modules/messaging). A channel type
 * has the capabilities `receive_message` and/or `send_message`:
 * - inbound, it calls `ctx.deliver({ type: 'message_in', idempotencyKey, payload: MessageInPayload })`
 *   for every message, button press, shared contact or location, subscription change;
 * - delivery reports, it calls `ctx.deliver({ type: 'message_status', idempotencyKey, payload: MessageStatusPayload })`;
 * - outbound, the module calls `perform('send_message', SendMessageInput)` and gets a
 *   SendMessageResult; a type answers the same result for the same `idempotencyKey`
 *   without sending twice when it can tell (a retry after a timeout).
 * Connectors never import the module; the module never imports a connector.
 */

/** The channels a message travels on (the `message.channel` options). */
export const MESSAGE_CHANNELS = ['telegram', 'viber', 'sms', 'email'] as const
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number]

/** A file that came with an inbound message (a photo from Telegram, an e-mail attachment). */
export interface InboundAttachment {
  name: string
  mime: string
  /** The bytes, base64; the type downloads them (at most 10 MB, else it sends `tooLarge`). */
  data?: string
  size?: number
  tooLarge?: boolean
}

/** Inbound event `message_in`. */
export interface MessageInPayload {
  channel: MessageChannel
  /**
   * What happened: a message (text, photo, location, shared contact), a button press
   * (`action` holds its data), or the user starting / subscribing to / leaving the bot.
   */
  kind: 'message' | 'action' | 'started' | 'subscribed' | 'unsubscribed'
  /**
   * The sender's address in the channel, the one to answer to: a Telegram chat id, a Viber
   * user id, a phone in E.164 (SMS), an e-mail address.
   */
  from: string
  /** The sender's display name, when the channel gives one. */
  name?: string
  /** A phone the user shared (Telegram/Viber contact) or the SMS sender, E.164 (+380…). */
  phone?: string
  /** The user's language code when the channel gives one (`uk`, `en`). */
  language?: string
  text?: string
  /** The data of a pressed button (kind `action`). */
  action?: string
  location?: { lat: number; lon: number }
  attachments?: InboundAttachment[]
  /** The peer's id of this message (Telegram `chat_id:message_id`, Viber token, SMPP message id, Message-ID). */
  externalId: string
  /** ISO 8601. */
  at?: string
  /** E-mail: the subject and the ids it replies to (In-Reply-To, References), for threading. */
  subject?: string
  references?: string[]
}

/** Inbound event `message_status`: a delivery report for a message we sent. */
export interface MessageStatusPayload {
  channel: MessageChannel
  /** The id the type returned from `send_message` (SendMessageResult.externalId). */
  externalId: string
  status: 'sent' | 'delivered' | 'read' | 'failed'
  error?: string
  /** ISO 8601. */
  at?: string
}

/** A button under an outbound message (Telegram inline keyboard, Viber keyboard). */
export interface MessageButton {
  label: string
  /** The data that comes back as `action` when pressed. */
  action: string
}

/** `perform('send_message', input)`. */
export interface SendMessageInput {
  /** The recipient's address in the channel (as MessageInPayload.from). */
  to: string
  text: string
  /** Rows of buttons. */
  buttons?: MessageButton[][]
  /** Ask the user to share their phone (Telegram `request_contact`, Viber `share-phone`). */
  requestContact?: boolean
  /** Ask the user to share their location. */
  requestLocation?: boolean
  /** Unique per message (the `message` record's id): the same key is never sent twice. */
  idempotencyKey: string
  /** E-mail only. */
  subject?: string
  inReplyTo?: string
  references?: string[]
  /** E-mail only: the HTML body (the text is the plain part). */
  html?: string
}

/** What `send_message` answers. */
export interface SendMessageResult {
  /** The peer's id; delivery reports (`message_status`) name it. */
  externalId: string
  /** `sent` when the peer accepted it; `queued` when the type holds it (rate limit) and reports later. */
  status: 'sent' | 'queued'
  /** SMS: how many parts it was split into. */
  parts?: number
}
