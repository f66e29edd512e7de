import type { Knex } from 'knex'
import type { MetadataSet } from '#core/metadata/set'
import type { OpContext } from '#core/records/context'
import { invalid } from '#core/errors/problem'
import { toE164 } from '../phone.js'
import { afterLookup, step } from './engine.js'
import { outageAtAddress, requestStatus } from './services.js'
import { decodeSession, encodeSession } from './session.js'
import type { IvrDoc, IvrReply, IvrThen } from './types.js'

/** The role the IVR lends its reader for one step (modules/telephony/roles/telephony_ivr.role.json). */
export const IVR_ROLE = 'telephony_ivr'

/** One step as a PBX asks for it (the JSON endpoint and the fastagi-ivr connector alike). */
export interface IvrTurnInput {
  /** The PBX's id of the call (Asterisk's uniqueid). */
  session: string
  /** The caller's number as the PBX sends it. */
  caller: string
  /** The digits pressed since the last step; absent or '' = none (arrival, or silence). */
  digits?: string
  /** The ivr document's key; absent = the only one there is. */
  ivr?: string
  /** The previous step's token; absent = the call has just arrived. */
  token?: string
}

export interface IvrTurn {
  ivr: string
  /** In order: `text` (Ukrainian; a TTS speaks it once there is one), `en`, and the PBX's sound `file` when the menu names one. */
  say: Array<{ text: string; en?: string; file?: string }>
  then: IvrThen
  /** Send it back with the next digits. */
  token: string
}

/** Who reads for the IVR: the integration user (or the connector instance), with the IVR's read-only role only. */
export function ivrReader(set: MetadataSet, db: Knex, who: { id: string | null; login?: string; requestId?: string }): OpContext {
  return { set, db, actor: { id: who.id, login: who.login, roles: [IVR_ROLE], attributes: {}, locale: 'uk', requestId: who.requestId } }
}

function documentOf(set: MetadataSet, key: string | undefined): IvrDoc {
  if (key !== undefined) {
    const doc = set.get<IvrDoc>('ivr', key)
    if (!doc) throw invalid([{ pointer: '/ivr', message: `no ivr "${key}"`, code: 'unknown_ivr' }])
    return doc
  }
  const all = set.list<IvrDoc>('ivr')
  if (all.length !== 1) throw invalid([{ pointer: '/ivr', message: 'name the ivr: there is not exactly one', code: 'required' }])
  return all[0]
}

/**
 * One step of an IVR call: the engine's pure step on the state the token carries, the
 * self-service lookups read as `op` (the IVR's reader), a new token for the next step.
 * A bad or expired token starts the call again at the menu.
 */
export async function ivrTurn(op: OpContext, input: IvrTurnInput): Promise<IvrTurn> {
  const doc = documentOf(op.set, input.ivr)
  const bound = { session: input.session, caller: input.caller, ivr: doc.key }
  const state = input.token ? (decodeSession(input.token, bound) ?? null) : null
  const digits = state ? (input.digits ?? '') : ''
  const out = step(doc, state, digits)
  let reply: IvrReply
  if ('lookup' in out) {
    const phone = toE164(input.caller)
    const answer = out.lookup.service === 'request_status' ? await requestStatus(op, phone, out.lookup.digits) : await outageAtAddress(op, phone)
    reply = afterLookup(doc, out.state, answer)
  } else reply = out
  return {
    ivr: doc.key,
    say: reply.say.map((p) => ({ text: p.uk, ...(p.en ? { en: p.en } : {}), ...(p.file ? { file: p.file } : {}) })),
    then: reply.then,
    token: encodeSession({ ...bound, state: reply.state }),
  }
}
