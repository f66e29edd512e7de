/**
 * The telephony module: the single window's server side. The normalised call-event intake
 * (POST /api/v1/telephony/events), the operator's card, missed-call callbacks, operator
 * presence and the supervisor's board, as module actions (/api/v1/actions/telephony.*).
 * Metadata: entities callback and operator_presence, roles integration and telephony_agent,
 * workflow callback_flow. Loaded at boot before the metadata files (core/metadata/modules.ts).
 */
import './actions/events.js'
import './actions/card.js'
import './actions/callbacks.js'
import './actions/presence.js'
import './actions/board.js'
import './presence_gone.js'
