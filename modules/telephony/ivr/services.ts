import type { OpContext } from '#core/records/context'
import type { RecordData } from '#core/records/serialize'
import type { Label, MetaDocument, WorkflowDoc } from '#core/shared/metadata'
import { list } from '#core/records/read'
import { contactsByPhone, massIncidents, placesOf } from '../card.js'
import { OPEN_CATEGORIES, ticketStates } from '../sla_state.js'
import { outagePhrase, PHRASES, statusPhrase } from './phrases.js'
import type { Prompt } from './types.js'

const SAY_AT_MOST = 3
const TICKET_FIELDS = ['id', 'number', 'status', 'request_type', 'resident', 'resolution_due', 'created_at']

/** The state's label in the workflow of the request's type (any ticket workflow naming it, else the key). */
function stateLabel(op: OpContext, ticket: RecordData): Label {
  const status = String(ticket.status ?? '')
  const type = op.set.get<MetaDocument & { workflow?: string }>('request_type', String(ticket.request_type ?? ''))
  const own = type?.workflow ? op.set.get<WorkflowDoc>('workflow', type.workflow) : undefined
  const label = own?.states[status]?.label ?? op.set.list<WorkflowDoc>('workflow').find((w) => w.entity === 'ticket' && w.states[status])?.states[status].label
  return label ?? { uk: status }
}

const isOpen = (op: OpContext, ticket: RecordData) => ticketStates(op.set, OPEN_CATEGORIES).includes(String(ticket.status))
const dueOf = (op: OpContext, ticket: RecordData) => (isOpen(op, ticket) && ticket.resolution_due ? new Date(String(ticket.resolution_due)) : null)

/** `2026000123`, `000123` or `123` is the request `…-2026-000123`. */
function sameNumber(number: string, digits: string): boolean {
  const m = /(\d{4})-(\d+)$/.exec(number)
  if (!m || !digits) return false
  const [, year, seq] = m
  return digits === year + seq || (digits.length <= seq.length && Number(digits) === Number(seq))
}

/**
 * "The status of my request". Privacy rule: a request's state is told only to a caller whose
 * phone (phone or second phone) is its resident's; any other number, an unknown or hidden
 * caller, or a number that does not exist all hear the same "not found", so a caller cannot
 * probe other people's requests. Empty digits: the caller's open requests, newest first.
 */
export async function requestStatus(op: OpContext, phone: string | undefined, digits: string): Promise<Prompt[]> {
  const residents = phone ? (await contactsByPhone(op, phone)).data : []
  if (!residents.length) return [digits ? PHRASES.requestNotFound : PHRASES.callerUnknown]
  const mine = (
    await list(op, 'ticket', {
      filter: { resident: { in: residents.map((r) => r.id) } },
      fields: TICKET_FIELDS,
      sort: [{ field: 'created_at', dir: 'desc' }],
      limit: 200,
    })
  ).data
  const chosen = digits ? mine.filter((t) => sameNumber(String(t.number ?? ''), digits)).slice(0, 1) : mine.filter((t) => isOpen(op, t)).slice(0, SAY_AT_MOST)
  if (!chosen.length) return [digits ? PHRASES.requestNotFound : PHRASES.noOpenRequests]
  return chosen.map((t) => statusPhrase({ number: String(t.number), state: stateLabel(op, t), dueAt: dueOf(op, t) }))
}

/**
 * "Is there an outage at my address": the caller's residents → their apartments (addresses and
 * personal accounts) → buildings and streets → open master requests there (the card's mass
 * incidents), each with its type and expected fix time.
 */
export async function outageAtAddress(op: OpContext, phone: string | undefined): Promise<Prompt[]> {
  const residents = phone ? (await contactsByPhone(op, phone)).data : []
  if (!residents.length) return [PHRASES.callerUnknown]
  const { objects } = await placesOf(op, residents)
  const ids = (values: unknown[]) => [...new Set(values.filter((v): v is string => typeof v === 'string'))]
  const places = [...objects.values()]
  const buildings = ids(places.map((o) => (o.level === 'building' ? o.id : o.building)))
  const streets = ids(places.map((o) => (o.level === 'street' ? o.id : o.street)))
  const incidents = await massIncidents(op, buildings, streets, ticketStates(op.set, OPEN_CATEGORIES))
  if (!incidents.length) return [PHRASES.noOutage]
  return (incidents as RecordData[]).slice(0, SAY_AT_MOST).map((t) => {
    const type = op.set.get<MetaDocument & { label: Label }>('request_type', String(t.request_type ?? ''))
    return outagePhrase({ type: type?.label ?? { uk: 'аварія', en: 'an outage' }, state: stateLabel(op, t), dueAt: dueOf(op, t) })
  })
}
