/**
 * The telephony module: the single window's server side. The normalised call-event intake
 * (POST /api/v1/telephony/events), the operator's card, missed-call callbacks, operator
 * presence, the supervisor's board and click-to-call (`dial`, through a connector with the
 * `originate` capability), as module actions (/api/v1/actions/telephony.*).
 * Metadata: entities callback and operator_presence, roles integration and telephony_agent,
 * workflow callback_flow. Uses the service desk only through its declared actions.
 */
import { defineModule } from '#core/modules/define'
import { events } from './actions/events.js'
import { card } from './actions/card.js'
import { callbacks, callback } from './actions/callbacks.js'
import { presence, presences } from './actions/presence.js'
import { boardAction } from './actions/board.js'
import { dialAction } from './actions/dial.js'

export default defineModule({
  key: 'telephony',
  dependsOn: ['servicedesk', 'contacts', 'objects'],
  actions: { events, card, callbacks, callback, presence, presences, board: boardAction, dial: dialAction },
  async setup() {
    // an operator whose last socket closed goes offline
    await import('./presence_gone.js')
    // call events from the PBX connectors (asterisk-ami...), the HTTP intake's twin
    await import('./inbound.js')
  },
  events: {
    call: { description: "A call rang, was answered, ended or missed: to its operator's user room (ids only)" },
    presence: { description: "An operator's presence changed: to every supervisor" },
  },
})
