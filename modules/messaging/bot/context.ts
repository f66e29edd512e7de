/**
 * One turn as the flows see it: the inbound turn, the core's IO, the bot document, the
 * conversation (saved after the turn), the resident's language, and what they sent.
 */
import type { MessageButton } from '#core/connectors/messaging'
import type { ConversationIO, InboundTurn, OutboundMessage } from '../conversation.js'
import { say, type TextKey } from './texts.js'
import type { BotDoc, Conversation, Lang } from './types.js'

export interface Input {
  text?: string
  action?: string
  location?: { lat: number; lon: number }
  attachments?: InboundTurn['payload']['attachments']
  phone?: string
}

export class Ctx {
  constructor(
    readonly turn: InboundTurn,
    readonly io: ConversationIO,
    readonly doc: BotDoc,
    readonly conv: Conversation,
    readonly input: Input
  ) {}

  get lang(): Lang {
    return this.conv.language
  }

  get contactId(): string | undefined {
    return this.conv.data.contactId
  }

  t(key: TextKey, vars?: Record<string, string>): string {
    return say(this.doc, this.lang, key, vars)
  }

  send(text: string, buttons?: MessageButton[][], extra: Omit<OutboundMessage, 'text' | 'buttons'> = {}) {
    return this.io.send({ text, ...(buttons?.length ? { buttons } : {}), ...extra })
  }

  /** The main menu's buttons, one a row, with the bot's labels. */
  menuButtons(): MessageButton[][] {
    return this.doc.menu.map((m) => [{ label: (this.lang === 'en' ? m.label.en : undefined) || m.label.uk, action: `m:${m.item}` }])
  }

  sendMenu(before?: string) {
    return this.send(before ? `${before}\n\n${this.t('menu_prompt')}` : this.t('menu_prompt'), this.menuButtons())
  }
}

/** The "Меню" button under an answer that ends a flow. */
export const MENU_BUTTON = (ctx: Ctx): MessageButton[][] => [[{ label: ctx.t('menu'), action: 'menu' }]]
