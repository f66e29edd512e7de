import type { OpContext } from '#core/records/context'
import type { RecordData } from '#core/records/serialize'
import { list } from '#core/records/read'
import { create } from '#core/records/write'
import { Problem } from '#core/errors/problem'
import { serialised } from './serial.js'
import { toE164 } from './phone.js'

/** A missed call is called back within this time, round the clock. */
export const CALLBACK_WITHIN_MS = 30 * 60_000

/**
 * The callback of a missed inbound call: one per call (`callback.call` is unique), and one open
 * callback per number (a second missed call from a number already waiting joins it). Safe to
 * call again for the same call: a repeated or retried event creates nothing new.
 */
export function ensureCallback(op: OpContext, call: RecordData) {
  const phone = toE164(call.caller)
  if (!phone || call.direction !== 'inbound') return Promise.resolve(undefined)
  return serialised(`callback:${phone}`, async () => {
    const existing = await list(op, 'callback', {
      filter: { or: [{ call: { eq: call.id } }, { and: [{ phone: { eq: phone } }, { status: { eq: 'open' } }] }] },
      limit: 1,
    })
    if (existing.data.length) return existing.data[0]
    const missedAt = new Date((call.ended_at ?? call.started_at ?? Date.now()) as string)
    return create(op, 'callback', {
      call: call.id,
      phone,
      ...(call.contact ? { contact: call.contact } : {}),
      due_at: new Date(missedAt.getTime() + CALLBACK_WITHIN_MS).toISOString(),
    }).catch((e) => {
      if (e instanceof Problem && e.errors.some((x) => x.code === 'unique')) return undefined // another node made it
      throw e
    })
  })
}
