/**
 * The bot's entry (`BotHandler`, registered with the messaging core): finds the bot document
 * answering on the turn's connector, loads the sender's conversation, identifies the resident
 * from a shared phone when the core has not, and runs one step of the flow the conversation is
 * in. "меню" / "/start" (or the Menu button) returns to the menu from anywhere. The
 * conversation is saved after every turn.
 */
import { engine } from '#core/engine/engine'
import { list } from '#core/records/read'
import { systemCreate } from '#core/records/system_write'
import type { BotHandler, InboundTurn } from '../conversation.js'
import { readerOp } from './actors.js'
import { Ctx, type Input } from './context.js'
import { feedbackTurn, isFeedbackAction, onFeedbackAction } from './feedback.js'
import { knowledge, myRequests, news, operator } from './misc.js'
import { registerTurn, startRegister } from './register.js'
import { startCoded } from './sms_code.js'
import { loadConversation, reset, saveConversation } from './state.js'
import type { BotDoc, Lang } from './types.js'

const MENU_WORDS = new Set(['меню', '/start', '/menu', 'menu', 'start', 'старт', 'почати'])

/** The bot answering on this connector instance. */
export function botFor(instance: string): BotDoc | undefined {
  return engine.set.list<BotDoc>('bot').find((b) => b.connectors.includes(instance))
}

function inputOf(turn: InboundTurn): Input {
  const p = turn.payload
  return {
    text: p.text?.trim() || undefined,
    action: p.kind === 'action' ? p.action : undefined,
    location: p.location,
    attachments: p.attachments,
    phone: p.phone,
  }
}

const languageOf = (turn: InboundTurn): Lang | undefined => (turn.payload.language ? (turn.payload.language.toLowerCase().startsWith('en') ? 'en' : 'uk') : undefined)

export const botHandler: BotHandler = async (turn, io) => {
  const doc = botFor(turn.instance)
  if (!doc) return io.handOver('no bot answers on this connector')
  const conv = await loadConversation(engine.knex, turn.instance, turn.address, languageOf(turn) ?? 'uk')
  conv.language = languageOf(turn) ?? conv.language
  if (turn.contactId) conv.data.contactId = turn.contactId
  const ctx = new Ctx(turn, io, doc, conv, inputOf(turn))
  if (!ctx.contactId && ctx.input.phone) await identifyByPhone(ctx, ctx.input.phone)
  await step(ctx)
  await saveConversation(engine.knex, conv)
}

async function step(ctx: Ctx) {
  const { text, action } = ctx.input
  const kind = ctx.turn.payload.kind
  if (kind === 'unsubscribed') return reset(ctx.conv)
  if (kind === 'started' || action === 'menu' || (text && MENU_WORDS.has(text.toLocaleLowerCase('uk')))) {
    reset(ctx.conv)
    const greet = kind === 'started' || text?.toLowerCase() === '/start'
    return ctx.sendMenu(greet ? (ctx.lang === 'en' ? ctx.doc.greeting.en : undefined) || ctx.doc.greeting.uk : undefined)
  }
  if (isFeedbackAction(action)) return onFeedbackAction(ctx)
  if (action === 'news:off') return news(ctx)
  if (action?.startsWith('m:')) {
    reset(ctx.conv)
    return startItem(ctx, action.slice(2))
  }
  switch (ctx.conv.flow) {
    case 'register':
      return registerTurn(ctx)
    case 'my_requests':
      return ctx.contactId ? myRequests(ctx) : registerTurn(ctx)
    case 'knowledge':
      return knowledge(ctx)
    case 'news':
      return news(ctx)
    case 'feedback':
      return feedbackTurn(ctx)
  }
  // at the menu: words typed are a problem to register (when the bot registers), else the menu
  // "ВОДА Київська 12 кв 5": a type's code word first (sms_code.ts)
  if (text && ctx.doc.menu.some((m) => m.item === 'register')) return (await startCoded(ctx, text)) || startRegister(ctx, text)
  return ctx.sendMenu()
}

function startItem(ctx: Ctx, item: string) {
  switch (item) {
    case 'register':
      return startRegister(ctx)
    case 'my_requests':
      return myRequests(ctx)
    case 'knowledge':
      return knowledge(ctx)
    case 'operator':
      return operator(ctx)
    case 'news':
      return news(ctx)
  }
  return ctx.sendMenu()
}

/**
 * A phone the sender shared, when the core did not already identify them: the resident with
 * that phone (or second phone), else a new contact with it, linked to the sender's address.
 */
async function identifyByPhone(ctx: Ctx, phone: string) {
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const found = (await list(reader, 'contact', { filter: { or: [{ phone: { eq: phone } }, { phone_alt: { eq: phone } }] }, limit: 1, fields: ['id'] })).data[0]
  let id = found?.id as string | undefined
  if (!id) {
    const name = ctx.turn.payload.name?.trim() || phone
    const row = await systemCreate(reader, 'contact', { full_name: name.slice(0, 200), phone }, {})
    id = String(row.id)
  }
  ctx.conv.data.contactId = id
  await ctx.io.identify(id)
}
