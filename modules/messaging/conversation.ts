/**
 * The seam between the messaging core (inbound intake, identity, outbound sending, the chats
 * queue: modules/messaging/*) and the bot (modules/messaging/bot/). The core records every
 * inbound message, identifies the resident, and hands each turn that no operator holds to the
 * registered bot; the bot answers through `ConversationIO`, which records and sends each
 * outbound message exactly once.
 */
import type { MessageButton, MessageChannel, MessageInPayload } from '#core/connectors/messaging'

/** One inbound message (or button press, shared contact, subscription) as the bot sees it. */
export interface InboundTurn {
  /** The connector instance it came through (`city_telegram`). */
  instance: string
  channel: MessageChannel
  /** The sender's address in the channel (chat id, Viber user id, E.164 phone, e-mail). */
  address: string
  /** The resident it was identified as (a shared phone, an SMS sender, an earlier link), or null. */
  contactId: string | null
  /** The recorded inbound `message` row. */
  messageId: string
  payload: MessageInPayload
}

/** An outbound message the bot or a notification asks for. */
export interface OutboundMessage {
  text: string
  buttons?: MessageButton[][]
  requestContact?: boolean
  requestLocation?: boolean
  /** The request it belongs to: shown in that request's timeline. */
  ticketId?: string
}

/** What the core gives the bot for one turn. */
export interface ConversationIO {
  /** Records an outbound `message` to the turn's sender and queues it (sent exactly once). */
  send(message: OutboundMessage): Promise<{ messageId: string }>
  /** Links the sender's address to a resident (and the turn's message to them). */
  identify(contactId: string): Promise<void>
  /** Links the turn's inbound message to a request (so it shows in its timeline). */
  linkTicket(ticketId: string): Promise<void>
  /** Hands the conversation to a person: it appears in the desk's chats queue until closed. */
  handOver(reason?: string): Promise<void>
}

/** The bot's entry, called once per inbound turn that no operator holds. */
export type BotHandler = (turn: InboundTurn, io: ConversationIO) => Promise<void>

let bot: BotHandler | undefined

/** The bot module registers itself here at setup. */
export function registerBot(handler: BotHandler): void {
  bot = handler
}

export function registeredBot(): BotHandler | undefined {
  return bot
}
