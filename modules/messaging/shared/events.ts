/**
 * The messaging module's realtime events, typed in the shared event map (core/shared/events.ts)
 * by declaration merging. Self-contained: the server and the UI both compile this file.
 */
export const CHAT_EVENTS = ['waiting', 'taken', 'message', 'closed'] as const
export type ChatEventName = (typeof CHAT_EVENTS)[number]

/**
 * What an operator's screen receives (`chat` event in its `user:<id>` room), ids only: a chat
 * waiting for an operator (offered to every available one, like a call pops), taken by someone,
 * a new message of a chat this operator holds, or the chat closed back to the bot.
 */
export interface ChatPop {
  /** The `chat_session` record. */
  chat: string
  event: ChatEventName
  /** The inbound `message` record (event `message`). */
  message?: string
}

declare module '../../../core/shared/events.js' {
  interface ModuleEvents {
    chat: ChatPop
  }
}
