/**
 * The address step of the register flow: a shared location, one of the resident's own
 * addresses (buttons), or the address typed; then the duplicate check at that place — an open
 * request of the same type on the same building or street is offered to subscribe to.
 */
import type { MessageButton } from '#core/connectors/messaging'
import type { Label, MetaDocument, WorkflowDoc } from '#core/shared/metadata'
import { readerOp, residentOp } from './actors.js'
import { matchAddress, nearestPlace, placesOfContact, type Place } from './address.js'
import type { Ctx } from './context.js'
import { showSummary } from './submit.js'
import { pick } from './texts.js'
import { duplicateMaster } from './type_search.js'

export async function askAddress(ctx: Ctx, before?: string) {
  ctx.conv.step = 'address'
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const own = ctx.contactId ? await placesOfContact(await residentOp(ctx.turn.instance, ctx.contactId, ctx.lang), reader, ctx.contactId) : []
  ctx.conv.data.choices = own.map((p) => p.id)
  const buttons: MessageButton[][] = own.map((p) => [{ label: p.path, action: `addr:${p.id}` }])
  buttons.push([{ label: ctx.t('skip'), action: 'skip' }])
  return ctx.send(before ? `${before}\n${ctx.t('ask_address')}` : ctx.t('ask_address'), buttons, { requestLocation: true })
}

/** Finds the place the resident means; several streets → buttons to choose. */
export async function findPlace(ctx: Ctx): Promise<Place | Place[] | undefined> {
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const { action, location, text } = ctx.input
  if (action?.startsWith('addr:')) {
    const id = action.slice(5)
    if (!ctx.conv.data.choices?.includes(id)) return undefined
    const [place] = (await matchById(reader, id)) ?? []
    return place
  }
  if (location) return nearestPlace(reader, location, ctx.doc.locationRadius ?? 300)
  if (!text) return undefined
  const places = await matchAddress(reader, text)
  return places.length === 1 ? places[0] : places.length ? places : undefined
}

async function matchById(op: Awaited<ReturnType<typeof readerOp>>, id: string): Promise<Place[] | undefined> {
  const row = await op.db('object').where({ id }).first('id', 'name', 'path')
  return row ? [{ id: row.id, path: row.path ?? row.name }] : undefined
}

export async function onAddress(ctx: Ctx) {
  if (ctx.input.action === 'skip') return showSummary(ctx)
  const found = await findPlace(ctx)
  if (!found) return askAddress(ctx, ctx.t('address_not_found'))
  if (Array.isArray(found)) {
    ctx.conv.data.choices = found.map((p) => p.id)
    return ctx.send(
      ctx.t('address_choose'),
      found.map((p) => [{ label: p.path, action: `addr:${p.id}` }])
    )
  }
  Object.assign(ctx.conv.data, { object: found.id, address: found.path, choices: undefined })
  await ctx.send(ctx.t('address_set', { address: found.path }))
  return offerDuplicate(ctx)
}

/** An open request of this type at this place: subscribe to it (the new request joins it) or not. */
export async function offerDuplicate(ctx: Ctx) {
  const { type, object } = ctx.conv.data
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const master = await duplicateMaster(reader, type!, object!)
  if (!master) return showSummary(ctx)
  ctx.conv.step = 'duplicate'
  ctx.conv.data.master = String(master.id)
  const rt = reader.set.get<MetaDocument & { label: Label; workflow?: string }>('request_type', type!)
  const wf = rt?.workflow ? reader.set.get<WorkflowDoc>('workflow', rt.workflow) : undefined
  const state = pick(wf?.states[String(master.status)]?.label, ctx.lang) || String(master.status)
  return ctx.send(ctx.t('duplicate', { type: pick(rt?.label, ctx.lang), number: String(master.number), state: state.toLocaleLowerCase('uk') }), [
    [{ label: ctx.t('duplicate_yes'), action: 'dup:yes' }],
    [{ label: ctx.t('duplicate_no'), action: 'dup:no' }],
  ])
}
