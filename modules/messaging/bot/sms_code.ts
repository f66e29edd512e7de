/**
 * One-line requests, the way people write an SMS: "ВОДА Київська 12 кв 5" — a request type's
 * code word (`smsCode`), then the address, then an optional flat. At the menu (any channel),
 * a first word that is an offered type's code prefills the type and matches the rest on the
 * object tree (the flat when the tree has it, else the flat goes into the description); then
 * only the type's missing required fields are asked, the address when it was not found, the
 * duplicate offer and the usual summary. Nothing is registered before the confirmation.
 */
import { engine } from '#core/engine/engine'
import { readerOp } from './actors.js'
import { matchAddress } from './address.js'
import type { Ctx } from './context.js'
import { askPhone, chooseType, offered } from './register.js'
import { pick } from './texts.js'
import type { TypeDoc } from './type_search.js'

export interface CodedLine {
  /** The request type's key. */
  type: string
  /** Street and building as typed ("Київська 12"), empty when none. */
  address: string
  /** The flat ("5"), when "кв 5" / "квартира 5" ends the line. */
  flat?: string
}

const FLAT = /(?:^|[\s,])(?:кв|квартира)\.?\s*(\d+[\p{L}]?)\s*$/iu

/** The line read against the types' codes (pure); undefined when its first word is no code. */
export function parseCoded(text: string, types: Array<Pick<TypeDoc, 'key'> & { smsCode?: string }>): CodedLine | undefined {
  const [first = '', ...rest] = text.trim().split(/\s+/)
  const word = first.replace(/[.,:;!]+$/, '').toLocaleUpperCase('uk')
  const rt = word && types.find((t) => t.smsCode?.toLocaleUpperCase('uk') === word)
  if (!rt) return undefined
  let address = rest.join(' ')
  const flat = FLAT.exec(address)?.[1]
  if (flat) address = address.slice(0, address.length - FLAT.exec(address)![0].length)
  return { type: rt.key, address: address.replace(/[\s,]+$/, '').trim(), ...(flat ? { flat } : {}) }
}

type CodedType = TypeDoc & { smsCode?: string }

/** Starts the register flow from a coded line; false when the line is not one (the caller goes on). */
export async function startCoded(ctx: Ctx, text: string): Promise<boolean> {
  const types = engine.set.list<CodedType>('request_type').filter((rt) => rt.smsCode && rt.active !== false && (rt.redirect || offered(ctx.doc, ctx.turn.channel, rt)))
  const line = parseCoded(text, types)
  if (!line) return false
  ctx.conv.flow = 'register'
  ctx.conv.data = { contactId: ctx.contactId, words: text, quick: true }
  const rt = types.find((t) => t.key === line.type)!
  if (!rt.redirect && !ctx.contactId) {
    await askPhone(ctx)
    return true
  }
  if (!rt.redirect && line.address) await placeOf(ctx, line, rt)
  await chooseType(ctx, line.type)
  return true
}

/** The building (and the flat when the tree has it) into the draft; a flat not in the tree goes into the description. */
async function placeOf(ctx: Ctx, line: CodedLine, rt: CodedType) {
  const reader = await readerOp(ctx.turn.instance, ctx.lang)
  const places = await matchAddress(reader, line.address)
  if (places.length !== 1) return
  let place = places[0]
  if (line.flat) {
    const [flat] = await matchAddress(reader, `${line.address} ${line.flat}`)
    if (flat && flat.id !== place.id) place = flat
    else ctx.conv.data.description = `${pick(rt.label, ctx.lang)}, ${ctx.lang === 'en' ? 'flat' : 'кв.'} ${line.flat}`
  }
  Object.assign(ctx.conv.data, { object: place.id, address: place.path })
}
