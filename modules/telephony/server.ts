/**
 * The telephony module: the single window's server side. The normalised call-event intake
 * (POST /api/v1/telephony/events), the operator's card, missed-call callbacks, operator
 * presence, the supervisor's board and click-to-call (`dial`, through a connector with the
 * `originate` capability), as module actions (/api/v1/actions/telephony.*); call events from
 * the PBX connectors (`call_event`, inbound.ts); IVR menus (kind `ivr`, ivr/) served to cloud
 * PBXes (POST /api/v1/telephony/ivr) and to the fastagi-ivr connector (`ivr_step`); call
 * recordings: GET /api/v1/telephony/calls/:id/recording (recordings/), purged daily.
 * Metadata: entities callback and operator_presence, roles integration, telephony_agent,
 * telephony_intake and telephony_ivr, workflow callback_flow. Uses the service desk only
 * through its declared actions.
 */
import { defineModule } from '#core/modules/define'
import { events } from './actions/events.js'
import { card } from './actions/card.js'
import { callbacks, callback } from './actions/callbacks.js'
import { presence, presences } from './actions/presence.js'
import { boardAction } from './actions/board.js'
import { ivr } from './actions/ivr.js'
import { ivrKind } from './ivr/kind.js'
import { callQueueKind } from './call_queue_kind.js'
import { dialAction } from './actions/dial.js'

export default defineModule({
  key: 'telephony',
  dependsOn: ['servicedesk', 'contacts', 'objects'],
  kinds: [ivrKind, callQueueKind],
  actions: { events, card, callbacks, callback, presence, presences, board: boardAction, ivr, dial: dialAction },
  routes: [{ method: 'get', path: '/telephony/calls/:id/recording', controller: () => import('./recordings/recording_controller.js'), action: 'show' }],
  async setup() {
    // an operator whose last socket closed goes offline
    await import('./presence_gone.js')
    // call events from the PBX connectors (asterisk-ami...), the HTTP intake's twin
    await import('./inbound.js')
    // the fastagi-ivr connector's `ivr_step` (core/connectors/requests.ts)
    await import('./ivr/register.js')
    // recordings: who listened (audit actions) and the daily retention purge
    await import('./recordings/audit.js')
    await import('./recordings/purge.js')
    // measures of callbacks for reports
    await import('./reports.js')
  },
  events: {
    call: { description: "A call rang, was answered, ended or missed: to its operator's user room (ids only)" },
    presence: { description: "An operator's presence changed: to every supervisor" },
  },
})
