/**
 * The chatbot's metadata document (`<key>.bot.json`, modules/messaging/schemas/bot.schema.json)
 * and the conversation state it keeps per connector instance and sender address.
 */
import type { Label, MetaDocument } from '#core/shared/metadata'

export type MenuItem = 'register' | 'my_requests' | 'knowledge' | 'operator' | 'news'
export const MENU_ITEMS: readonly MenuItem[] = ['register', 'my_requests', 'knowledge', 'operator', 'news']

export interface BotDoc extends MetaDocument {
  kind: 'bot'
  label: Label
  connectors: string[]
  greeting: Label
  menu: Array<{ item: MenuItem; label: Label }>
  texts?: Record<string, Label>
  requestTypes: { channels: string[]; matchChannel?: boolean; categories?: string[] }
  confirm?: true
  locationRadius?: number
  maxTypeButtons?: number
}

export type Lang = 'uk' | 'en'

/** What a request being registered has collected so far (the `register` flow's data). */
export interface Draft {
  /** The words the resident typed first (the search, and the description when none is given). */
  words?: string
  type?: string
  extra?: Record<string, unknown>
  /** Index of the next field of the type to ask. */
  field?: number
  description?: string
  photo?: string
  object?: string
  address?: string
  parent?: string
  /** Objects offered as buttons for the address (ids). */
  choices?: string[]
  /** The duplicate master offered to subscribe to. */
  master?: string
  /** A one-line request (sms_code.ts): only the required fields are asked. */
  quick?: boolean
}

/** One row of sys_bot_conversations. `flow` null = at the menu. */
export interface Conversation {
  instance: string
  address: string
  flow: string | null
  step: string | null
  data: Draft & { contactId?: string; ticket?: string; comment?: string; after?: string }
  language: Lang
}
