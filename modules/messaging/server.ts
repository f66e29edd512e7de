/**
 * The messaging module's core: messages from the channel connectors (telegram, viber, smpp,
 * http-sms, email; contract in core/connectors/messaging.ts) recorded and matched to residents
 * (inbound.ts), outbound messages sent exactly once through a durable job (outbound.ts,
 * send_job.ts), the chats queue operators take from the bot (chats.ts), and the bot seam
 * (conversation.ts) and the chatbot behind it (bot/, kind `bot`). Operators' actions:
 * /api/v1/actions/messaging.{reply,channels,conversation,chats,take,close,link}.
 * Metadata: the technical entity chat_session (the `message` entity is the service desk's).
 */
import { defineModule } from '#core/modules/define'
import { reply } from './actions/reply.js'
import { channels } from './actions/channels.js'
import { conversation } from './actions/conversation.js'
import { chats, take, close } from './actions/chats.js'
import { chatTicketHook, chatTicketJob, CHAT_TICKET_QUEUE } from './chat_ticket.js'
import { link } from './actions/link.js'
import { outboxHook, SEND_QUEUE } from './hook.js'
import { sendJob } from './send_job.js'
import { botKind, setupBot, setTicketNotifier } from './bot/setup.js'
import { sendToContact } from './outbound.js'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'

export default defineModule({
  key: 'messaging',
  dependsOn: ['servicedesk', 'contacts', 'objects', 'kb'],
  kinds: [botKind],
  hooks: [
    { entity: 'message', hook: outboxHook },
    { entity: 'ticket', hook: chatTicketHook },
  ],
  jobs: { [SEND_QUEUE]: sendJob, [CHAT_TICKET_QUEUE]: chatTicketJob },
  actions: { reply, channels, conversation, chats, take, close, link },
  async setup() {
    // `message_in` and `message_status` from the channel connectors
    await import('./inbound.js')
    // indexes that find who wrote among the city's residents
    await import('./identity_indexes.js')
    // the city's chatbot (bot/, kind `bot`) answers the turns no operator holds, and tells
    // residents when their requests change state
    setupBot()
    setTicketNotifier((contactId, message, dedupeKey) => sendToContact({ set: engine.set, db: engine.knex, actor: SYSTEM_ACTOR }, contactId, { ...message, dedupeKey }))
  },
  events: {
    chat: { description: "A chat waits for an operator (to every available operator), was taken, got a message or closed: to the operator's user room (ids only)" },
  },
})
