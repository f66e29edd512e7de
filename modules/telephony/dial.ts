import { randomUUID } from 'node:crypto'
import type { OpContext } from '#core/records/context'
import { get } from '#core/records/read'
import { systemCreate, systemUpdate } from '#core/records/system_write'
import { performCapability } from '#core/connectors/host'
import { Problem } from '#core/errors/problem'
import { asAgent } from './access.js'
import { toE164 } from './phone.js'

/** What a dialled call is about: a ticket, a resident, or a callback of the callback list. */
export interface DialRecord {
  entity: 'ticket' | 'contact' | 'callback'
  id: string
}

export interface DialInput {
  number: string
  record?: DialRecord
}

/** The call's links to what it is about, read with the caller's own rights (404 when they may not). */
async function linksOf(op: OpContext, record: DialRecord): Promise<Record<string, string>> {
  if (record.entity === 'ticket') {
    const t = (await get(op, 'ticket', record.id)).data
    return { ticket: t.id as string, ...(t.resident ? { contact: t.resident as string } : {}) }
  }
  if (record.entity === 'contact') return { contact: (await get(op, 'contact', record.id)).data.id as string }
  const cb = (await get(asAgent(op), 'callback', record.id)).data
  return cb.contact ? { contact: cb.contact as string } : {}
}

const noExtension = () => new Problem('validation', [{ pointer: '/', code: 'no_extension', message: 'Your profile has no phone extension (attributes.extension): ask the administrator' }])

/**
 * Click-to-call: the caller's own extension rings first, then the number is dialled. The call
 * record is written before the PBX is asked (outbound, linked to the ticket or resident, with
 * the PBX call id the connector is asked to use), so its events find it whatever their order;
 * a refused originate marks it failed.
 */
export async function dial(op: OpContext, input: DialInput) {
  const extension = op.actor.attributes.extension
  if (extension === undefined || extension === null || extension === '') throw noExtension()
  const links = input.record ? await linksOf(op, input.record) : {}
  const number = input.number.replace(/[\s()-]/g, '')
  const callId = `vikno-${randomUUID()}`
  const call = await systemCreate(op, 'call', {
    call_id: callId,
    direction: 'outbound',
    caller: String(extension),
    callee: (toE164(number) ?? number).slice(0, 32),
    started_at: new Date().toISOString(),
    disposition: 'ringing',
    ...links,
  })
  let result: { actionId?: string; callId?: string }
  try {
    result = ((await performCapability('originate', 'originate', { extension: String(extension), number, callId, ...(input.record ? { record: input.record } : {}) })) ?? {}) as typeof result
  } catch (error) {
    await systemUpdate(op, 'call', call.id, { disposition: 'failed', ended_at: new Date().toISOString(), duration_seconds: 0 })
    if (error instanceof Problem) throw error
    throw new Problem('unavailable', [], {}, `the PBX refused the call: ${(error as Error).message}`)
  }
  // a PBX that chose its own id: the events carry that one
  if (result.callId && result.callId !== callId) await systemUpdate(op, 'call', call.id, { call_id: result.callId })
  return { call: call.id as string, callId: result.callId ?? callId, actionId: result.actionId ?? null }
}
