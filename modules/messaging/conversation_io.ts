/**
 * The core side of the bot seam (conversation.ts): what one turn's `ConversationIO` does.
 * Every send of a turn is keyed by the turn's message and its order in the turn, so a turn
 * the inbox runs again (after a crash) sends nothing twice when the bot answers the same way.
 */
import type { OpContext } from '#core/records/context'
import { systemUpdate } from '#core/records/system_write'
import type { ConversationIO, InboundTurn } from './conversation.js'
import { sendMessage } from './outbound.js'
import { linkAddress } from './identity.js'
import { handOver } from './chats.js'

export function conversationIO(op: OpContext, turn: InboundTurn): ConversationIO {
  let sent = 0
  let ticketId: string | null = null
  return {
    async send(message) {
      const n = sent++
      return sendMessage(op, {
        instance: turn.instance,
        channel: turn.channel,
        address: turn.address,
        contactId: turn.contactId,
        ticketId: message.ticketId ?? ticketId,
        text: message.text,
        buttons: message.buttons,
        requestContact: message.requestContact,
        requestLocation: message.requestLocation,
        replyTo: turn.messageId,
        dedupeKey: `turn:${turn.messageId}:${n}`,
      })
    },
    async identify(contactId) {
      const contact = await op.db('contact').where({ id: contactId }).whereNull('deleted_at').first()
      if (!contact) throw new Error(`no resident ${contactId}`)
      await linkAddress(op, contact, turn.channel, turn.address)
      await systemUpdate(op, 'message', turn.messageId, { contact: contactId })
      turn.contactId = contactId
    },
    async linkTicket(id) {
      await systemUpdate(op, 'message', turn.messageId, { ticket: id })
      ticketId = id
    },
    async handOver(reason) {
      await handOver(op, { instance: turn.instance, channel: turn.channel, address: turn.address, contactId: turn.contactId, ticketId, reason })
    },
  }
}
