/**
 * A chat's resident for the single window: their record, and what the operator's card
 * (telephony's `telephony.card` action, when installed) knows of them by their phone:
 * apartments and open requests. Nothing more than the record when they have no phone.
 */
import { get, recordsPath } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'

export interface ResidentFacts {
  contact: RecordData
  apartments: Array<{ id: string; name?: string; path?: string }>
  openRequests: RecordData[]
}

export async function residentFacts(contactId: string): Promise<ResidentFacts> {
  const contact = (await get<{ data: RecordData }>(recordsPath('contact', contactId))).data
  const facts: ResidentFacts = { contact, apartments: [], openRequests: [] }
  if (typeof contact.phone !== 'string' || !contact.phone) return facts
  const card = await get<{ data: { residents: Array<RecordData & ResidentFacts> } }>(`/api/v1/actions/telephony.card?phone=${encodeURIComponent(contact.phone)}`).catch(() => undefined)
  const mine = card?.data.residents.find((r) => r.id === contactId)
  return mine ? { contact, apartments: mine.apartments ?? [], openRequests: mine.openRequests ?? [] } : facts
}
