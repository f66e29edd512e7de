/**
 * The single window's card (telephony.card) for a chat's resident, found by the contact id:
 * the card of their phone narrowed to them, or a card of their record alone when they have no
 * phone (no apartments then: the request form asks for the address).
 */
import { get, recordsPath } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { cardByPhone, type Card } from '../../telephony/ui/api.js'

const EMPTY: Card = { phone: null, call: null, matches: 0, residents: [], incidents: [], suggestedRequestTypes: [] }

export async function residentCard(contactId: string | null | undefined): Promise<Card> {
  if (!contactId) return EMPTY
  const contact = (await get<{ data: RecordData }>(recordsPath('contact', contactId))).data
  const bare: Card = { ...EMPTY, matches: 1, residents: [{ ...contact, apartments: [], openRequests: [], interactions: [] }] }
  if (typeof contact.phone !== 'string' || !contact.phone) return bare
  const card = await cardByPhone(contact.phone).catch(() => undefined)
  const mine = card?.residents.find((r) => r.id === contactId)
  return card && mine ? { ...card, matches: 1, residents: [mine] } : bare
}
