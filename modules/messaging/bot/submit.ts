/**
 * The end of the register flow: the summary with "Підтвердити / Скасувати" (nothing is
 * registered before), then the request created through the records API as the resident
 * (`chatbot_resident`: their own requests only), the inbound message linked to it, its number
 * answered. A request that subscribes to an open one at the same place joins it as a child
 * (`parent`): it follows the master's resolution and its resident is told.
 */
import type { Label, MetaDocument } from '#core/shared/metadata'
import { engine } from '#core/engine/engine'
import { Problem } from '#core/errors/problem'
import { create } from '#core/records/write'
import { systemUpdate } from '#core/records/system_write'
import { residentOp } from './actors.js'
import { MENU_BUTTON, type Ctx } from './context.js'
import { choicesOf, fieldsOf } from './fields.js'
import { reset } from './state.js'
import { pick } from './texts.js'

/** Ticket channels the bot files under: the concrete one when the ticket entity knows it, else `bot`. */
export function ticketChannel(ctx: Ctx): string {
  const options = (engine.set.entity('ticket')?.fields.channel?.options as string[] | undefined) ?? []
  return options.includes(ctx.turn.channel) ? ctx.turn.channel : 'bot'
}

type TypeDoc = MetaDocument & { label: Label; fields?: Record<string, Record<string, unknown>>; requiredFields?: string[] }

export async function showSummary(ctx: Ctx) {
  ctx.conv.step = 'confirm'
  const d = ctx.conv.data
  const rt = engine.set.get<TypeDoc>('request_type', d.type!)
  const lines = [ctx.t('summary'), `• ${pick(rt?.label, ctx.lang)}`]
  for (const field of rt ? fieldsOf(rt) : []) {
    if (!(field.name in (d.extra ?? {}))) continue
    const value = d.extra![field.name]
    const choice = choicesOf(field, ctx.doc, ctx.lang)?.find((c) => c.value === value)
    lines.push(`• ${String(field.schema.title ?? field.name)}: ${choice?.label ?? String(value)}`)
  }
  lines.push(`• ${d.description ?? d.words ?? ''}`)
  if (d.address) lines.push(`• ${d.address}`)
  if (d.photo) lines.push('• 📷')
  return ctx.send(lines.join('\n'), [[{ label: ctx.t('confirm'), action: 'confirm' }], [{ label: ctx.t('cancel'), action: 'cancel' }]])
}

export async function onConfirm(ctx: Ctx) {
  if (ctx.input.action === 'cancel') {
    reset(ctx.conv)
    return ctx.sendMenu(ctx.t('cancelled'))
  }
  if (ctx.input.action !== 'confirm') return showSummary(ctx)
  try {
    const { number, master } = await register(ctx)
    reset(ctx.conv)
    const text = ctx.t('registered', { number }) + (master ? `\n${ctx.t('subscribed_master', { master })}` : '')
    return ctx.send(text, MENU_BUTTON(ctx))
  } catch (error) {
    if (!(error instanceof Problem)) throw error
    const reason = error.errors.map((e) => e.message).join('; ') || error.message
    return ctx.send(ctx.t('failed', { error: reason }), [[{ label: ctx.t('confirm'), action: 'confirm' }], [{ label: ctx.t('cancel'), action: 'cancel' }]])
  }
}

async function register(ctx: Ctx): Promise<{ number: string; master?: string }> {
  const d = ctx.conv.data
  const rt = engine.set.get<TypeDoc>('request_type', d.type!)
  const op = await residentOp(ctx.turn.instance, ctx.contactId!, ctx.lang)
  const values: Record<string, unknown> = {
    request_type: d.type,
    resident: ctx.contactId,
    channel: ticketChannel(ctx),
    description: d.description ?? d.words ?? pick(rt?.label, ctx.lang),
    extra: d.extra ?? {},
    ...(d.object ? { object: d.object } : {}),
    ...(d.photo ? { photo: d.photo } : {}),
  }
  const ticket = await create(op, 'ticket', values)
  let master: string | undefined
  if (d.parent) {
    // the master is someone else's request: the resident cannot refer to it, the bot links them
    const row = await op.db('ticket').where({ id: d.parent }).first('id', 'number')
    if (row) {
      await systemUpdate(op, 'ticket', String(ticket.id), { parent: row.id }, { reason: { kind: 'hook', name: 'chatbot_subscribe' } })
      master = String(row.number)
    }
  }
  await ctx.io.linkTicket(String(ticket.id))
  return { number: String(ticket.number), master }
}
