import type { Knex } from 'knex'
import type { OpContext } from '#core/records/context'
import type { RecordData } from '#core/records/serialize'
import { create, update } from '#core/records/write'
import { Problem } from '#core/errors/problem'
import { emitToUser } from '#core/events/bus'
import { readableFields } from './access.js'
import { toE164 } from './phone.js'
import { setPresence } from './presence.js'
import { ensureCallback } from './callbacks.js'
import { findRows } from './lookup.js'

import { CALL_EVENTS, type CallEventName, type CallPop } from './shared/events.js'

export { CALL_EVENTS, type CallEventName, type CallPop }

/** The normalised call event the PBX connectors post to /api/v1/telephony/events. */
export interface CallEvent {
  event: CallEventName
  callId: string
  caller: string
  dialed?: string
  extension?: string | number
  queue?: string
  at?: string
  recording?: string
  direction?: 'inbound' | 'outbound' | 'internal'
}

export interface CallEventResult {
  id: string
  callId: string
  event: CallEventName
  created: boolean
  changed: boolean
  disposition: string | null
  operator: string | null
  contact: string | null
  matches: number
}

const EXTENSION_CACHE_MS = 3_000
const extensions = new Map<string, { user: string | undefined; until: number }>()

/**
 * The active user whose `attributes.extension` is this extension (the latest updated one).
 * Remembered for a few seconds per node: a PBX sends several events per call, and a changed
 * extension applies within EXTENSION_CACHE_MS.
 */
export async function operatorByExtension(db: Knex | Knex.Transaction, extension: string): Promise<string | undefined> {
  const hit = extensions.get(extension)
  if (hit && hit.until > Date.now()) return hit.user
  const row = await db('sys_users').where({ active: true }).whereRaw(`attributes->>'extension' = ?`, [extension]).orderBy('updated_at', 'desc').first('id')
  if (extensions.size > 10_000) extensions.clear()
  extensions.set(extension, { user: row?.id, until: Date.now() + EXTENSION_CACHE_MS })
  return row?.id
}

/** The operator unless they are off shift (offline: signed out or their window closed): nobody is rung then. */
async function onShift(db: Knex | Knex.Transaction, user: string | undefined): Promise<string | undefined> {
  if (!user) return undefined
  const presence = await db('operator_presence').where({ user }).first('state')
  return presence?.state === 'offline' ? undefined : user
}

/** Up to two residents on the number (the intake links a call only to a single match). */
async function matchContacts(op: OpContext, phone: string | undefined): Promise<string[]> {
  const byPhone = phone ? readableFields(op, 'contact', ['phone', 'phone_alt']) : []
  if (!byPhone.length) return []
  const rows = await findRows(op, 'contact', (qb) => qb.where((w) => byPhone.forEach((f) => w.orWhere(`t.${f}`, phone))), 2)
  return rows.map((r) => r.id)
}

const trimTo = (s: string | undefined, n: number) => (s === undefined ? undefined : s.slice(0, n))

/** The changes an event makes to a call that exists already (empty: nothing to do). */
function patchFor(e: CallEvent, call: RecordData, at: Date, operator: string | undefined): Record<string, unknown> {
  const answered = call.answered_at ? new Date(call.answered_at as string) : undefined
  const reroute = operator && operator !== call.operator ? { operator } : {}
  const recording = e.recording && !call.recording ? { recording: e.recording } : {}
  switch (e.event) {
    case 'ringing':
      // the queue rings another operator; a repeated ringing changes nothing
      return answered || call.ended_at ? {} : reroute
    case 'answered':
      if (answered) return {}
      return { answered_at: at.toISOString(), ...(call.ended_at ? {} : { disposition: 'answered' }), ...reroute, ...recording }
    case 'ended':
      if (call.ended_at) return {}
      return {
        ended_at: at.toISOString(),
        disposition: answered ? 'ended' : 'missed',
        duration_seconds: answered ? Math.max(0, Math.round((at.getTime() - answered.getTime()) / 1000)) : 0,
        ...recording,
      }
    case 'missed':
      if (call.ended_at || call.disposition === 'missed') return {}
      return { disposition: 'missed', ended_at: at.toISOString(), duration_seconds: 0, ...recording }
  }
}

/** The new call record an event opens (any event may be the first to arrive). */
function newCall(e: CallEvent, at: Date, operator: string | undefined, contact: string | undefined, direction: string, caller: string | undefined) {
  const iso = at.toISOString()
  const values: Record<string, unknown> = {
    call_id: e.callId,
    direction,
    caller: trimTo(caller ?? e.caller, 32),
    started_at: iso,
    disposition: e.event === 'ringing' ? 'ringing' : e.event === 'answered' ? 'answered' : 'missed',
  }
  if (e.dialed) values.callee = trimTo(toE164(e.dialed) ?? e.dialed, 32)
  if (e.queue) values.queue = e.queue
  if (operator) values.operator = operator
  if (contact) values.contact = contact
  if (e.recording) values.recording = e.recording
  if (e.event === 'answered') values.answered_at = iso
  if (e.event === 'ended' || e.event === 'missed') Object.assign(values, { ended_at: iso, duration_seconds: 0 })
  return values
}

async function callById(op: OpContext, callId: string): Promise<RecordData | undefined> {
  return (await findRows(op, 'call', (qb) => qb.where('t.call_id', callId)))[0]
}

/**
 * Calls this node wrote lately, by PBX call id, with their version: the next event of a call
 * is applied without reading it first, as an update of that version (another node's change in
 * between makes it a version conflict, and the event is applied again on a fresh read).
 */
const recent = new Map<string, { call: RecordData; at: number }>()
const RECENT_MAX = 5_000
const RECENT_MS = 15 * 60_000

function remember(callId: string, call: RecordData) {
  recent.delete(callId)
  recent.set(callId, { call, at: Date.now() })
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!)
}

function remembered(callId: string) {
  const hit = recent.get(callId)
  return hit && Date.now() - hit.at < RECENT_MS ? hit.call : undefined
}

const isUnique = (error: unknown) => error instanceof Problem && error.errors.some((x) => x.code === 'unique')

/**
 * Applies one PBX event to its `call` record through the records API (audit, record events):
 * creates the call on its first event, then sets answered/ended times, duration, disposition,
 * operator and recording. A repeated event changes nothing. On ringing the operator's screen
 * pops at once (after the commit) and the operator becomes busy; an answered call that ends
 * leaves them in after-call work; an unanswered one gets a callback.
 */
export async function applyCallEvent(op: OpContext, e: CallEvent): Promise<CallEventResult> {
  const at = e.at ? new Date(e.at) : new Date()
  const extension = e.extension === undefined ? undefined : String(e.extension)
  const direction = e.direction ?? 'inbound'
  const caller = toE164(e.caller)
  const residentPhone = direction === 'inbound' ? caller : direction === 'outbound' && e.dialed ? toE164(e.dialed) : undefined

  // a ringing is almost always the call's first event: insert at once, look up only on a clash
  let call = remembered(e.callId) ?? (e.event === 'ringing' ? undefined : await callById(op, e.callId))
  const [operator, contacts] = await Promise.all([
    extension ? operatorByExtension(op.db, extension).then((user) => onShift(op.db, user)) : Promise.resolve(undefined),
    call ? Promise.resolve([]) : matchContacts(op, residentPhone),
  ])
  let created = false
  let changed = false
  if (!call) {
    // one resident on the number: link it; several: the operator chooses on the card
    try {
      call = await create(op, 'call', newCall(e, at, operator, contacts.length === 1 ? contacts[0] : undefined, direction, caller))
      created = changed = true
    } catch (error) {
      // the call exists (a repeated first event, or it raced another node): apply as an update
      if (!isUnique(error)) throw error
      call = await callById(op, e.callId)
      if (!call) throw error
    }
  }
  const previousOperator = created ? undefined : (call.operator as string | undefined)
  if (!created) {
    let patch = patchFor(e, call, at, operator)
    if (Object.keys(patch).length) {
      const result = await update(op, 'call', call.id, patch, call.version).catch(async (error) => {
        if (!(error instanceof Problem) || error.problemType !== 'conflict') throw error
        call = (await callById(op, e.callId))!
        patch = patchFor(e, call, at, operator)
        return Object.keys(patch).length ? update(op, 'call', call.id, patch) : { id: call.id, version: call.version as number, changed: false }
      })
      changed = result.changed
      call = { ...call, ...patch, version: result.version }
    }
  }
  remember(e.callId, call)

  const operatorNow = (call.operator as string | undefined) ?? undefined
  // the pop: a ringing call (or one the queue moved) to its operator's screen, after the commit
  // (the records API returned). Later events reach the screen as `record` events of the call.
  if (changed && operatorNow && (e.event === 'ringing' || (operatorNow !== previousOperator && !call.ended_at))) {
    const pop: CallPop = { callId: e.callId, id: call.id, event: e.event }
    emitToUser(operatorNow, 'call', pop)
  }
  if (changed) await presenceAfter(op, e.event, call, operatorNow, previousOperator, created)
  if (call.disposition === 'missed') await ensureCallback(op, call)
  return {
    id: call.id,
    callId: e.callId,
    event: e.event,
    created,
    changed,
    disposition: (call.disposition as string) ?? null,
    operator: operatorNow ?? null,
    contact: (call.contact as string) ?? null,
    matches: created ? contacts.length : call.contact ? 1 : 0,
  }
}

/** Ringing and talking: busy; talked and hung up: after-call work; never answered: free again. */
async function presenceAfter(op: OpContext, event: CallEventName, call: RecordData, operator: string | undefined, previous: string | undefined, created: boolean) {
  const moved = !!previous && !!operator && previous !== operator
  if (moved) await setPresence(op, previous!, 'available', ['busy'])
  if (!operator) return
  // answering a call that rang this operator changes nothing: the ringing made them busy
  if (event === 'ringing' || (event === 'answered' && (created || moved))) await setPresence(op, operator, 'busy')
  else if (event === 'answered') return
  else if (call.answered_at) await setPresence(op, operator, 'after_call')
  else await setPresence(op, operator, 'available', ['busy'])
}
