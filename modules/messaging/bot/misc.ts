/**
 * The short flows: the resident's open requests, answers from the knowledge base, talking to
 * an operator, news by address (a subscription in sys_bot_subscriptions; the news issue sends).
 */
import { list } from '#core/records/read'
import { ticketStates } from './open_states.js'
import { readerOp, residentOp } from './actors.js'
import { MENU_BUTTON, type Ctx } from './context.js'
import { askPhone, startRegister } from './register.js'
import { findPlace } from './register_address.js'
import { reset } from './state.js'
import { articles as searchArticles } from './type_search.js'
import { ticketLine } from './ticket_facts.js'

export async function myRequests(ctx: Ctx) {
  if (!ctx.contactId) {
    ctx.conv.flow = 'my_requests'
    return askPhone(ctx)
  }
  reset(ctx.conv)
  const op = await residentOp(ctx.turn.instance, ctx.contactId, ctx.lang)
  const open = ticketStates(op.set, ['new', 'open', 'paused'])
  const rows = (
    await list(op, 'ticket', {
      filter: { and: [{ resident: { eq: ctx.contactId } }, { status: { in: open } }] },
      sort: [{ field: 'created_at', dir: 'desc' }],
      limit: 10,
      fields: ['id', 'number', 'request_type', 'status', 'resolution_due', 'state_history'],
    })
  ).data
  if (!rows.length) return ctx.send(ctx.t('my_none'), MENU_BUTTON(ctx))
  return ctx.send([ctx.t('my_title'), ...rows.map((t) => `• ${ticketLine(op.set, t, ctx.lang)}`)].join('\n'), MENU_BUTTON(ctx))
}

export async function knowledge(ctx: Ctx) {
  if (ctx.conv.flow !== 'knowledge') {
    ctx.conv.flow = 'knowledge'
    ctx.conv.step = 'question'
    return ctx.send(ctx.t('kb_ask'), MENU_BUTTON(ctx))
  }
  if (ctx.input.action === 'kb:register') return startRegister(ctx, ctx.conv.data.words)
  const q = ctx.input.text
  if (!q) return ctx.send(ctx.t('kb_ask'), MENU_BUTTON(ctx))
  ctx.conv.data.words = q
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const articles = await searchArticles(reader, q)
  const register = [{ label: ctx.t('kb_register'), action: 'kb:register' }]
  if (!articles.length) return ctx.send(ctx.t('kb_none'), [register, ...MENU_BUTTON(ctx)])
  const text = articles.map((a) => `• ${a.title}${a.summary ? `\n${a.summary}` : ''}`).join('\n\n')
  return ctx.send(`${ctx.t('kb_found')}\n${text}`, [register, ...MENU_BUTTON(ctx)])
}

export async function operator(ctx: Ctx) {
  reset(ctx.conv)
  await ctx.send(ctx.t('operator'))
  await ctx.io.handOver('the resident asked for an operator')
}

export async function news(ctx: Ctx) {
  const { instance, address } = ctx.turn
  const reader = await readerOp(instance, ctx.lang)
  if (ctx.input.action === 'news:off') {
    await reader.db('sys_bot_subscriptions').where({ instance, address, topic: 'news' }).delete()
    reset(ctx.conv)
    return ctx.send(ctx.t('news_unsubscribed'), MENU_BUTTON(ctx))
  }
  if (ctx.conv.flow !== 'news') {
    ctx.conv.flow = 'news'
    ctx.conv.step = 'address'
    return ctx.send(ctx.t('news_ask_address'), MENU_BUTTON(ctx), { requestLocation: true })
  }
  const found = await findPlace(ctx)
  if (!found) return ctx.send(ctx.t('address_not_found'), MENU_BUTTON(ctx))
  if (Array.isArray(found)) {
    ctx.conv.data.choices = found.map((p) => p.id)
    return ctx.send(
      ctx.t('address_choose'),
      found.map((p) => [{ label: p.path, action: `addr:${p.id}` }])
    )
  }
  // news is about a street (outages, works): a building or flat subscribes its street too
  const row = await reader.db('object').where({ id: found.id }).first('id', 'street')
  const objects = [...new Set([found.id, row?.street].filter((v): v is string => typeof v === 'string'))]
  for (const object of objects) {
    await reader
      .db('sys_bot_subscriptions')
      .insert({ instance, address, topic: 'news', object, contact: ctx.contactId ?? null, language: ctx.lang })
      .onConflict(['instance', 'address', 'topic', 'object'])
      .ignore()
  }
  reset(ctx.conv)
  return ctx.send(ctx.t('news_subscribed', { address: found.path }), [[{ label: ctx.t('news_unsubscribe'), action: 'news:off' }], ...MENU_BUTTON(ctx)])
}

/** Who gets news about these objects (streets, buildings): the outbound news issue sends to them. */
export async function newsSubscribers(db: Awaited<ReturnType<typeof readerOp>>['db'], objects: string[]) {
  if (!objects.length) return []
  return db('sys_bot_subscriptions').where({ topic: 'news' }).whereIn('object', objects).distinct('instance', 'address', 'contact', 'language')
}
