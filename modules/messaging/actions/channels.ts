/**
 * GET /api/v1/actions/messaging.channels?contact= — for the reply box: the channels the
 * resident has, each with whether we may write there now (`usable`) and why not
 * (`opted_out`, `no_connector`, `no_consent`), the preferred and the usable ones first.
 */
import { defineAction } from '#core/modules/define'
import { get } from '#core/records/read'
import { requireOperator } from '../access.js'
import { addressesOf, channelOrder, mayContact, optedOut, senderFor } from '../routing.js'

export const channels = defineAction<{ contact: string }>({
  method: 'GET',
  summary: 'The channels a resident can be written to',
  input: { type: 'object', properties: { contact: { type: 'string', format: 'uuid' } }, required: ['contact'], additionalProperties: false },
  async handle(op, input) {
    requireOperator(op, 'message', 'create')
    await get(op, 'contact', input.contact)
    const contact = await op.db('contact').where({ id: input.contact }).first()
    const addresses = addressesOf(contact)
    const out = optedOut(contact)
    const consent = mayContact(contact)
    const data = []
    for (const channel of channelOrder(contact)) {
      const address = addresses[channel]
      if (!address) continue
      const instance = await senderFor(op.db, op.set, channel, address)
      const reason = !instance ? 'no_connector' : out.has(channel) ? 'opted_out' : !consent ? 'no_consent' : null
      data.push({ channel, address, instance: instance ?? null, preferred: channel === contact.preferred_channel, usable: !reason, reason })
    }
    data.sort((a, b) => Number(b.usable) - Number(a.usable))
    return { data }
  },
})
