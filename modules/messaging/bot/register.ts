/**
 * The "register a request" flow, driven by the request types' metadata (no per-type dialog):
 * the words typed → safety redirects first (gas → 104) → residents' articles that may already
 * answer → the operator's type search (up to N buttons, or the categories) → the type's extra
 * fields one by one → description → photo → address → duplicates at that place → the summary
 * (submit.ts). A resident not yet identified shares their phone first. A one-line request
 * ("ВОДА Київська 12 кв 5", sms_code.ts) enters with its type and place prefilled.
 */
import type { MessageButton } from '#core/connectors/messaging'
import { engine } from '#core/engine/engine'
import type { EntityDoc } from '#core/shared/metadata'
import { askAddress, offerDuplicate, onAddress } from './register_address.js'
import { MENU_BUTTON, type Ctx } from './context.js'
import { answer, fieldsOf, question } from './fields.js'
import { photoOf, storePhoto } from './files.js'
import { connectorUser, readerOp } from './actors.js'
import { reset } from './state.js'
import { pick } from './texts.js'
import { articles as searchArticles, searchTypes, type FoundType, type TypeDoc } from './type_search.js'
import { onConfirm, showSummary } from './submit.js'
import { startCoded } from './sms_code.js'
import type { BotDoc } from './types.js'

/** Is the type offered by this bot on this channel (its `requestTypes` rule)? */
export function offered(doc: BotDoc, channel: string, rt: { channels?: string[]; category: string }): boolean {
  const rule = doc.requestTypes
  if (rule.categories && !rule.categories.includes(rt.category)) return false
  if (!rt.channels) return true
  return rt.channels.some((c) => rule.channels.includes(c) || (rule.matchChannel !== false && c === channel))
}

/** Starts the flow (from the menu, or with the words the resident typed at the menu). */
export async function startRegister(ctx: Ctx, words?: string) {
  ctx.conv.flow = 'register'
  ctx.conv.data = { contactId: ctx.contactId, words }
  if (!ctx.contactId) return askPhone(ctx)
  if (words) return onProblem(ctx, words)
  ctx.conv.step = 'problem'
  await ctx.send(ctx.t('ask_problem'), MENU_BUTTON(ctx))
}

export async function askPhone(ctx: Ctx, again = false) {
  ctx.conv.step = 'phone'
  await ctx.send(ctx.t(again ? 'phone_unknown' : 'ask_phone'), MENU_BUTTON(ctx), { requestContact: true })
}

/** One turn of the flow, by its step. */
export async function registerTurn(ctx: Ctx) {
  const { step, data } = ctx.conv
  const { text, action } = ctx.input
  switch (step) {
    case 'phone':
      if (!ctx.contactId) return askPhone(ctx, true)
      if (data.quick && data.words && (await startCoded(ctx, data.words))) return
      if (data.words) return onProblem(ctx, data.words)
      ctx.conv.step = 'problem'
      return ctx.send(ctx.t('ask_problem'), MENU_BUTTON(ctx))
    case 'problem':
      return text ? onProblem(ctx, text) : ctx.send(ctx.t('ask_problem'), MENU_BUTTON(ctx))
    case 'kb':
      if (action === 'kb:helped') {
        reset(ctx.conv)
        return ctx.sendMenu(ctx.t('kb_thanks'))
      }
      if (action === 'kb:register') return offerTypes(ctx, data.words ?? '')
      return text ? onProblem(ctx, text, true) : undefined
    case 'type':
    case 'category':
      if (action?.startsWith('t:')) return chooseType(ctx, action.slice(2))
      if (action === 'c:*') return offerCategories(ctx)
      if (action?.startsWith('c:')) return offerCategory(ctx, action.slice(2))
      return text ? onProblem(ctx, text, true) : undefined
    case 'field':
      return onField(ctx)
    case 'description':
      if (action !== 'skip' && !text) return askDescription(ctx)
      if (text) data.description = text
      return askPhoto(ctx)
    case 'photo':
      return onPhoto(ctx)
    case 'address':
      return onAddress(ctx)
    case 'duplicate':
      if (action === 'dup:yes') data.parent = data.master
      else if (action !== 'dup:no') return ctx.send(ctx.t('use_buttons'))
      return showSummary(ctx)
    case 'confirm':
      return onConfirm(ctx)
  }
}

/** The words typed: a redirect first, then articles (once), then the types. */
async function onProblem(ctx: Ctx, words: string, skipArticles = false) {
  ctx.conv.data.words = words
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const found = candidates(ctx, await searchTypes(reader, words))
  if (found.length === 1 && found[0].redirect) return chooseType(ctx, found[0].key)
  if (!skipArticles) {
    const articles = await searchArticles(reader, words, found[0]?.key)
    if (articles.length) {
      ctx.conv.step = 'kb'
      const list = articles.map((a) => `• ${a.title}${a.summary ? ` — ${a.summary}` : ''}`).join('\n')
      return ctx.send(`${ctx.t('kb_found')}\n${list}\n\n${ctx.t('kb_helped_q')}`, [[{ label: ctx.t('kb_helped'), action: 'kb:helped' }], [{ label: ctx.t('kb_register'), action: 'kb:register' }]])
    }
  }
  return offerFound(ctx, found)
}

const typeDoc = (key: string) => engine.set.get<TypeDoc>('request_type', key)

/** A found type the resident may pick: offered here, or one with a redirect (safety first, on any channel). */
function candidates(ctx: Ctx, found: FoundType[]): FoundType[] {
  return found.filter((rt) => {
    const doc = typeDoc(rt.key)
    return doc && (rt.redirect || offered(ctx.doc, ctx.turn.channel, doc))
  })
}

async function offerTypes(ctx: Ctx, words: string) {
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  return offerFound(ctx, candidates(ctx, words ? await searchTypes(reader, words) : []))
}

async function offerFound(ctx: Ctx, found: FoundType[]) {
  if (found.length === 1) return chooseType(ctx, found[0].key)
  if (!found.length) return offerCategories(ctx, ctx.t('no_types'))
  ctx.conv.step = 'type'
  const buttons: MessageButton[][] = found.slice(0, ctx.doc.maxTypeButtons ?? 5).map((rt) => [{ label: pick(rt.label, ctx.lang), action: `t:${rt.key}` }])
  buttons.push([{ label: ctx.t('other_category'), action: 'c:*' }])
  return ctx.send(ctx.t('choose_type'), buttons)
}

/** The types this bot offers, all of them. */
function offeredTypes(ctx: Ctx): TypeDoc[] {
  return engine.set.list<TypeDoc>('request_type').filter((rt) => rt.active !== false && offered(ctx.doc, ctx.turn.channel, rt))
}

async function offerCategories(ctx: Ctx, before?: string) {
  ctx.conv.step = 'category'
  const labels = (engine.set.entity('ticket') as EntityDoc | undefined)?.fields.category?.optionLabels ?? {}
  const categories = [...new Set(offeredTypes(ctx).map((rt) => rt.category))]
  const buttons = categories.map((c) => [{ label: pick(labels[c], ctx.lang) || c, action: `c:${c}` }])
  return ctx.send(before ?? ctx.t('choose_type'), buttons)
}

async function offerCategory(ctx: Ctx, category: string) {
  ctx.conv.step = 'type'
  const types = offeredTypes(ctx).filter((rt) => rt.category === category)
  if (!types.length) return offerCategories(ctx)
  return ctx.send(
    ctx.t('choose_type'),
    types.slice(0, 10).map((rt) => [{ label: pick(rt.label, ctx.lang), action: `t:${rt.key}` }])
  )
}

/** A type chosen: its redirect ends the flow; otherwise its fields are asked. */
export async function chooseType(ctx: Ctx, key: string) {
  const rt = typeDoc(key)
  if (!rt) return offerCategories(ctx)
  if (rt.redirect) {
    reset(ctx.conv)
    const phone = rt.redirect.phone ? `\n☎ ${rt.redirect.phone}` : ''
    return ctx.send(pick(rt.redirect.message, ctx.lang) + phone, MENU_BUTTON(ctx))
  }
  Object.assign(ctx.conv.data, { type: key, extra: {}, field: 0 })
  return askField(ctx)
}

async function askField(ctx: Ctx, before?: string) {
  const data = ctx.conv.data
  const fields = fieldsOf(typeDoc(data.type!)!)
  // a one-line request (sms_code.ts) asks only what the type requires
  while (data.quick && fields[data.field ?? 0] && !fields[data.field ?? 0].required) data.field = (data.field ?? 0) + 1
  const field = fields[data.field ?? 0]
  if (!field) return data.quick ? (data.object ? offerDuplicate(ctx) : askAddress(ctx)) : askDescription(ctx)
  ctx.conv.step = 'field'
  const q = question(field, ctx.doc, ctx.lang)
  return ctx.send(before ? `${before}\n${q.text}` : q.text, q.buttons)
}

async function onField(ctx: Ctx) {
  const data = ctx.conv.data
  const rt = typeDoc(data.type!)
  if (!rt) return offerCategories(ctx)
  const field = fieldsOf(rt)[data.field ?? 0]
  if (!field) return askDescription(ctx)
  const a = answer(field, ctx.input, ctx.doc, ctx.lang)
  if ('error' in a) return askField(ctx, a.error)
  if ('value' in a) data.extra = { ...data.extra, [field.name]: a.value }
  data.field = (data.field ?? 0) + 1
  return askField(ctx)
}

async function askDescription(ctx: Ctx) {
  ctx.conv.step = 'description'
  return ctx.send(ctx.t('ask_description'), [[{ label: ctx.t('skip'), action: 'skip' }]])
}

async function askPhoto(ctx: Ctx) {
  ctx.conv.step = 'photo'
  return ctx.send(ctx.t('ask_photo'), [[{ label: ctx.t('skip'), action: 'skip' }]])
}

async function onPhoto(ctx: Ctx) {
  if (ctx.input.action === 'skip') return askAddress(ctx)
  const image = photoOf(ctx.input.attachments)
  const uploader = await connectorUser(ctx.turn.instance)
  const id = image && (await storePhoto(engine.knex, image, uploader.id))
  if (!id) return ctx.send(ctx.t('bad_photo'), [[{ label: ctx.t('skip'), action: 'skip' }]])
  ctx.conv.data.photo = id
  return askAddress(ctx)
}
