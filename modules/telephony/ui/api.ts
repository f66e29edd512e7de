import { get, post } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import type { UiBootstrap } from '../../../core/ui/src/types/bootstrap.js'
import type { Label } from '../../../core/shared/metadata.js'
import type { TimelineEntry } from '../../servicedesk/shared/timeline.js'
import type { SlaState } from '../../servicedesk/shared/sla.js'
import { PRESENCE_STATES, type PresenceState } from '../shared/events.js'

/** Shapes of the telephony actions (modules/telephony/card.ts, board.ts), as the screens read them. */
export { PRESENCE_STATES, type PresenceState, type SlaState }

export interface Apartment {
  id: string
  name?: string
  path?: string
  level?: string
  building?: string
  accounts: Array<{ id: string; number: string; provider?: string }>
}
export type Ticket = RecordData & { sla?: { state: SlaState; remainingMinutes: number } | null; children?: number }
export type Resident = RecordData & { apartments: Apartment[]; openRequests: Ticket[]; interactions: Interaction[] }
/** An item of the resident's history: the service desk's declared timeline output. */
export type Interaction = TimelineEntry
export interface Card {
  phone: string | null
  call: RecordData | null
  matches: number
  residents: Resident[]
  incidents: Ticket[]
  suggestedRequestTypes: Array<{ key: string; label: Label; count: number }>
}
export interface RequestType {
  key: string
  label: Label
  category: string
  defaultPriority: string
  instructions: Label | null
  redirect: { message: Label; phone?: string; counterparty?: string; record?: boolean } | null
  usage: number
}

export const cardByCall = (id: string) => get<{ data: Card }>(`/api/v1/actions/telephony.card?call=${encodeURIComponent(id)}`).then((r) => r.data)
export const cardByPhone = (phone: string) => get<{ data: Card }>(`/api/v1/actions/telephony.card?phone=${encodeURIComponent(phone)}`).then((r) => r.data)
export const setPresence = (state: PresenceState) => post('/api/v1/actions/telephony.presence', { state })

/** Users who work the phones see the desk; supervisors and the mayor the board. */
export const hasRole = (boot: UiBootstrap, ...keys: string[]) => boot.roles.some((r) => keys.includes(r.key))

export { useLive } from '../../../core/ui/src/api/live.js'
