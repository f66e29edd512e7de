import type { HttpContext } from '@adonisjs/core/http'
import type { OpContext } from '#core/records/context'
import type { RecordData } from '#core/records/serialize'
import type { Filter } from '#core/shared/filter'
import { list } from '#core/records/read'
import { from, scoped } from '#core/records/context'
import { accessFor } from '#core/permissions/policy'
import { callAction } from '#core/modules/actions'
import type { Label, MetaDocument } from '#core/shared/metadata'
import { canRead, readableFields } from './access.js'
import { OPEN_CATEGORIES, slaSummaries, ticketStates } from './sla_state.js'

/** What the card shows of a request type (a service-desk kind, read as metadata). */
interface RequestTypeView extends MetaDocument {
  label: Label
  category?: string
  instructions?: Label
  redirect?: unknown
}

const MAX_RESIDENTS = 20
const INTERACTIONS = 10
const SUGGESTIONS = 5
const SUGGEST_DAYS = 90

export interface Apartment {
  id: string
  name?: unknown
  path?: unknown
  level?: unknown
  building?: unknown
  street?: unknown
  accounts: Array<{ id: string; number: unknown; provider?: unknown; holder?: unknown }>
}

export interface Card {
  phone: string
  call: RecordData | null
  matches: number
  residents: Array<RecordData & { apartments: Apartment[]; openRequests: RecordData[]; interactions: unknown[] }>
  incidents: RecordData[]
  suggestedRequestTypes: Array<{ key: string; label: unknown; category?: string; count: number; instructions: unknown; redirect: unknown }>
}

/** Residents whose phone or second phone is this number, as the caller may read them. */
export async function contactsByPhone(op: OpContext, phone: string, limit = 20) {
  const byPhone = readableFields(op, 'contact', ['phone', 'phone_alt'])
  if (!byPhone.length) return { data: [] as RecordData[], total: 0 }
  const filter = byPhone.length === 1 ? { [byPhone[0]]: { eq: phone } } : { or: byPhone.map((f) => ({ [f]: { eq: phone } })) }
  const sort = canRead(op, 'contact', 'full_name') ? [{ field: 'full_name', dir: 'asc' as const }] : [{ field: 'created_at', dir: 'asc' as const }]
  const found = await list(op, 'contact', { filter, limit, sort, count: true })
  return { data: found.data, total: found.total ?? found.data.length }
}

const ids = (values: unknown[]) => [...new Set(values.filter((v): v is string => typeof v === 'string'))]
const anyOf = (filters: Filter[]): Filter => (filters.length === 1 ? filters[0] : { or: filters })

async function readAll(op: OpContext, entity: string, filter: Filter, limit = 500, extra: Record<string, unknown> = {}) {
  if (!canRead(op, entity)) return []
  return (await list(op, entity, { filter, limit, ...extra })).data
}

/**
 * The residents' personal accounts (as holder or resident) and their places: the objects of
 * their addresses and of their accounts' apartments, by id, as the caller may read them.
 */
export async function placesOf(op: OpContext, residents: RecordData[]) {
  const residentIds = residents.map((r) => r.id)
  const accountBy = readableFields(op, 'personal_account', ['holder', 'residents'])
  const accounts = canRead(op, 'personal_account') && accountBy.length ? await readAll(op, 'personal_account', anyOf(accountBy.map((f) => ({ [f]: { in: residentIds } })))) : []
  const objectIds = ids([...residents.flatMap((r) => (Array.isArray(r.addresses) ? r.addresses : [])), ...accounts.map((a) => a.apartment)])
  const objects = new Map((objectIds.length ? await readAll(op, 'object', { id: { in: objectIds } }) : []).map((o) => [o.id, o]))
  return { accounts, objects }
}

/**
 * Everything the operator's card shows for a phone number, read through the records API as
 * the caller (row scopes and hidden fields apply, so a contractor sees only its part): the
 * residents on the number, their apartments and accounts, open requests with their SLA clock,
 * recent interactions, active mass incidents on their buildings and streets, and the request
 * types usual there.
 */
export async function buildCard(op: OpContext, phone: string, call: RecordData | null, ctx: HttpContext): Promise<Card> {
  const found = await contactsByPhone(op, phone, MAX_RESIDENTS)
  const card: Card = { phone, call, matches: found.total, residents: [], incidents: [], suggestedRequestTypes: [] }
  if (!found.data.length) return card
  // the resident the PBX already linked comes first
  const residents = [...found.data].sort((a, b) => Number(b.id === call?.contact) - Number(a.id === call?.contact))
  const residentIds = residents.map((r) => r.id)

  const { accounts, objects } = await placesOf(op, residents)

  const openStates = ticketStates(op.set, OPEN_CATEGORIES)
  const tickets = canRead(op, 'ticket', 'resident', 'status')
    ? await readAll(op, 'ticket', { and: [{ resident: { in: residentIds } }, { status: { in: openStates } }] }, 200, { sort: [{ field: 'created_at', dir: 'desc' }] })
    : []

  const sla = await slaSummaries(op, tickets)
  for (const r of residents) {
    const mine = accounts.filter((a) => a.holder === r.id || (Array.isArray(a.residents) && a.residents.includes(r.id)))
    const apartmentIds = ids([...(Array.isArray(r.addresses) ? r.addresses : []), ...mine.map((a) => a.apartment)])
    const apartments: Apartment[] = apartmentIds.map((id) => {
      const o = objects.get(id)
      return {
        id,
        ...(o ? { name: o.name, path: o.path, level: o.level, building: o.building, street: o.street } : {}),
        accounts: mine.filter((a) => a.apartment === id).map((a) => ({ id: a.id, number: a.number, provider: a.provider, holder: a.holder })),
      }
    })
    const openRequests = tickets.filter((t) => t.resident === r.id).map((t) => ({ ...t, sla: sla[t.id] ?? null }))
    const interactions = ((await callAction<{ data: unknown[] }>(op, 'servicedesk.timeline', { contact: r.id }, ctx).catch(() => ({ data: [] }))).data ?? []).slice(0, INTERACTIONS)
    card.residents.push({ ...r, apartments, openRequests, interactions })
  }

  const buildings = ids([...objects.values()].map((o) => o.building))
  const streets = ids([...objects.values()].map((o) => o.street))
  card.incidents = await massIncidents(op, buildings, streets, openStates)
  card.suggestedRequestTypes = await suggestedTypes(op, buildings)
  return card
}

/** Open master requests (someone's `parent`) on these buildings or streets, with their child counts. */
export async function massIncidents(op: OpContext, buildings: string[], streets: string[], openStates: string[]) {
  if (!canRead(op, 'ticket', 'object', 'status') || (!buildings.length && !streets.length) || !openStates.length) return []
  const masters = (await op.db({ c: 'ticket' }).join({ p: 'ticket' }, 'p.id', 'c.parent').whereIn('p.status', openStates).groupBy('c.parent').select('c.parent as id').count({ n: '*' })) as Array<{
    id: string
    n: string | number
  }>
  if (!masters.length) return []
  const children = new Map(masters.map((m) => [m.id, Number(m.n)]))
  const where: Filter[] = [{ object: { in: [...buildings, ...streets] } }]
  if (buildings.length) where.push({ 'object.building': { in: buildings } })
  if (streets.length) where.push({ 'object.street': { in: streets } })
  const found = await readAll(op, 'ticket', { and: [{ id: { in: [...children.keys()] } }, { or: where }] }, 50, { sort: [{ field: 'created_at', dir: 'desc' }] })
  const sla = await slaSummaries(op, found)
  return found.map((t) => ({ ...t, children: children.get(t.id) ?? 0, sla: sla[t.id] ?? null }))
}

/** The request types filed most on these buildings in the last 90 days (requests the caller may read). */
async function suggestedTypes(op: OpContext, buildings: string[]) {
  const entity = op.set.entity('ticket')
  if (!entity || !buildings.length || !canRead(op, 'ticket', 'object', 'request_type')) return []
  const qb = from(op, entity)
  scoped(op, qb, entity, accessFor(op.set, op.actor, 'ticket'), 'read')
  const rows = (await qb
    .where('t.created_at', '>', new Date(Date.now() - SUGGEST_DAYS * 86_400_000))
    .where((w) => w.whereIn('t.object', buildings).orWhereIn('t.object', op.db('object').select('id').whereIn('building', buildings)))
    .groupBy('t.request_type')
    .select('t.request_type')
    .count({ n: '*' })
    .orderBy([
      { column: 'n', order: 'desc' },
      { column: 't.request_type', order: 'asc' },
    ])
    .limit(SUGGESTIONS)) as Array<{ request_type: string; n: string | number }>
  return rows.map((r) => {
    const rt = op.set.get<RequestTypeView>('request_type', r.request_type)
    return { key: r.request_type, label: rt?.label ?? null, category: rt?.category, count: Number(r.n), instructions: rt?.instructions ?? null, redirect: rt?.redirect ?? null }
  })
}
