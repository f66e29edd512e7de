import { defineAction } from '#core/modules/define'
import { badRequest, invalid } from '#core/errors/problem'
import { get } from '#core/records/read'
import { message } from '#core/validation/messages'
import { buildCard } from '../card.js'
import { toE164 } from '../phone.js'

/**
 * GET /api/v1/actions/telephony.card?call=<call record id> | ?phone=<number> — the operator's
 * card (modules/telephony/card.ts). An unknown number answers `{phone, residents: [], matches: 0}`
 * so the screen offers to create the resident.
 */
export const card = defineAction({
  method: 'GET',
  summary: "The operator's card of a call or a phone number",
  input: { type: 'object', properties: { call: { type: 'string' }, phone: { type: 'string', maxLength: 64 } } },
  async handle(op, input, ctx) {
    if (input.call !== undefined) {
      const call = (await get(op, 'call', String(input.call))).data // 404 unless the caller may read it
      const phone = call.direction === 'outbound' ? call.callee : call.caller
      const e164 = toE164(phone)
      if (!e164) return { data: { phone: phone ?? null, call, matches: 0, residents: [], incidents: [], suggestedRequestTypes: [] } }
      return { data: await buildCard(op, e164, call, ctx) }
    }
    if (input.phone === undefined || input.phone === '') {
      throw badRequest('call or phone is required', [{ pointer: '/phone', message: message('required', op.actor.locale), code: 'required' }])
    }
    const phone = toE164(input.phone)
    if (!phone) throw invalid([{ pointer: '/phone', message: message('invalid_phone', op.actor.locale), code: 'invalid_phone' }])
    return { data: await buildCard(op, phone, null, ctx) }
  },
})
