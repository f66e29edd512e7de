/**
 * The chatbot's wiring, for the messaging module's server.ts:
 *   kinds: [botKind], setup() { setupBot() }
 * registers the handler with the messaging core (conversation.ts), the notification hook and
 * its job queue.
 */
import { registerBot } from '../conversation.js'
import { botHandler } from './handler.js'
import { installTicketNotifications } from './notify.js'

export { botKind } from './kind.js'
export { notifyTicketChange, setTicketNotifier, type SendToContact } from './notify.js'
export { newsSubscribers } from './misc.js'

export function setupBot(): void {
  registerBot(botHandler)
  installTicketNotifications()
}
