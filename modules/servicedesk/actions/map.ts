import type { Knex } from 'knex'
import { DateTime } from 'luxon'
import type { Filter } from '#core/shared/filter'
import type { Label, WorkflowDoc } from '#core/shared/metadata'
import type { EntityDoc } from '#core/shared/metadata'
import { defineAction } from '#core/modules/define'
import { invalid } from '#core/errors/problem'
import { checkParams } from '#core/records/read'
import { entityFor, filtered, from, scoped, type OpContext } from '#core/records/context'
import { accessFor } from '#core/permissions/policy'
import { joinTableOf } from '#core/records/entity_info'
import type { RequestTypeDoc } from '../kinds/request_type.js'
import { mapState, type MapHeatPoint, type MapPoint, type MapResult } from '../shared/map.js'

/**
 * The map of requests and assignments: where each one is (its object's point, else its
 * building's or street's; an assignment without an address at its first request's), coloured
 * by its SLA state. The caller's filter, row scope and hidden fields apply exactly as in a list
 * (core/records): a contractor sees its company's points only, a filter on a field it may not
 * read is refused like an unknown one.
 */

const DEFAULT_LIMIT = 5000
const MAX_LIMIT = 20_000

type MapEntity = 'ticket' | 'assignment'

interface MapInput {
  entity?: MapEntity
  filter?: Filter
  states?: 'open' | 'all'
  bbox?: [number, number, number, number]
  limit?: number
}

const bboxSchema = {
  type: 'array',
  description: 'West, south, east, north (degrees)',
  items: { type: 'number' },
  minItems: 4,
  maxItems: 4,
  prefixItems: [
    { type: 'number', minimum: -180, maximum: 180 },
    { type: 'number', minimum: -90, maximum: 90 },
    { type: 'number', minimum: -180, maximum: 180 },
    { type: 'number', minimum: -90, maximum: 90 },
  ],
}
const filterSchema = { type: 'object', description: 'The filter language (core/shared/filter.ts), as a list takes it' }
const entitySchema = { type: 'string', enum: ['ticket', 'assignment'], default: 'ticket' }

/** States of the entity's workflows in these categories. */
function statesIn(op: OpContext, entity: string, categories: string[]): string[] {
  const out = new Set<string>()
  for (const wf of op.set.list<WorkflowDoc>('workflow').filter((w) => w.entity === entity)) {
    for (const [key, s] of Object.entries(wf.states)) if (categories.includes(s.category)) out.add(key)
  }
  return [...out]
}

/** Category of every state of the entity's workflows, by state key. */
function categories(op: OpContext, entity: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const wf of op.set.list<WorkflowDoc>('workflow').filter((w) => w.entity === entity)) {
    for (const [key, s] of Object.entries(wf.states)) out.set(key, s.category)
  }
  return out
}

function checkBbox(bbox: MapInput['bbox']) {
  if (!bbox) return
  const [w, s, e, n] = bbox
  if (s >= n) throw invalid([{ pointer: '/bbox/1', message: 'south must be below north', code: 'bad_bbox' }])
  if (w >= e) throw invalid([{ pointer: '/bbox/0', message: 'west must be left of east', code: 'bad_bbox' }])
}

/**
 * The entity's rows the caller may read and its filter keeps, joined to their point:
 * `lat`, `lon` and `approx` columns. The place is the row's object (for an assignment without
 * one, its earliest request's), at its own point, else its building's, else its street's.
 */
function located(op: OpContext, entity: EntityDoc, input: MapInput) {
  const { access } = entityFor(op, entity.key, 'read')
  checkParams(op, entity, access, { filter: input.filter })
  const qb = from(op, entity)
  scoped(op, qb, entity, access, 'read')
  filtered(op, qb, entity, input.filter)
  if (input.states !== 'all') qb.whereIn('t.status', statesIn(op, entity.key, ['new', 'open', 'paused']))
  // a hidden address is no point: nothing of it may show (nor may objects the caller cannot read)
  if (access.hidden.has('object') || !accessFor(op.set, op.actor, 'object').can('read')) qb.whereRaw('false')
  const ticketAccess = accessFor(op.set, op.actor, 'ticket')
  if (entity.key === 'assignment' && entity.fields.tickets?.type === 'multi_reference' && ticketAccess.can('read') && !ticketAccess.hidden.has('object')) {
    // its earliest request the caller may read: a request outside the caller's scope lends no address
    const first = op
      .db({ j: joinTableOf(entity, 'tickets') })
      .join({ k: 'ticket' }, 'k.id', 'j.target_id')
      .whereRaw('j.source_id = t.id')
      .whereNotNull('k.object')
      .orderBy('k.created_at')
      .limit(1)
      .select('k.object')
    scoped(op, first, op.set.entity('ticket')!, ticketAccess, 'read', 'k')
    qb.joinRaw('join object o on o.id = coalesce(t.object, (?))', [first as unknown as Knex.Raw])
  } else qb.join({ o: 'object' }, 'o.id', 't.object')
  qb.leftJoin({ ob: 'object' }, 'ob.id', 'o.building').leftJoin({ os: 'object' }, 'os.id', 'o.street').whereRaw('coalesce(o.location, ob.location, os.location) is not null')
  const point = 'coalesce(o.location, ob.location, os.location)'
  qb.select(
    op.db.raw(`(${point}->>'lat')::float8 as lat`),
    op.db.raw(`(${point}->>'lon')::float8 as lon`),
    op.db.raw(`case when o.location is not null then coalesce(o.location_approximate, false) else true end as approx`),
    'o.path as address'
  )
  if (input.bbox) {
    const [w, s, e, n] = input.bbox
    qb.whereRaw(`(${point}->>'lat')::float8 between ? and ?`, [s, n]).whereRaw(`(${point}->>'lon')::float8 between ? and ?`, [w, e])
  }
  return { qb, access }
}

/** Display values of referenced records the caller may read, by id. */
async function labels(op: OpContext, entityKey: string, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const entity = op.set.entity(entityKey)
  const unique = [...new Set(ids)]
  if (!entity?.display || !unique.length) return out
  const access = accessFor(op.set, op.actor, entityKey)
  if (!access.can('read') || access.hidden.has(entity.display)) return out
  for (let i = 0; i < unique.length; i += 1000) {
    const qb = from(op, entity)
      .select('t.id', `t.${entity.display} as label`)
      .whereIn('t.id', unique.slice(i, i + 1000))
    scoped(op, qb, entity, access, 'read')
    for (const r of await qb) out.set(r.id, String(r.label ?? ''))
  }
  return out
}

const say = (label: Label | undefined, locale: string) => (label ? ((locale === 'en' ? label.en : undefined) ?? label.uk) : undefined)

/** Keeps the columns the caller may read: a hidden one reads as absent. */
function readable(row: Record<string, any>, hidden: ReadonlySet<string>): Record<string, any> {
  const out: Record<string, any> = {}
  for (const [k, v] of Object.entries(row)) out[k] = hidden.has(k) ? null : v
  return out
}

export async function mapPoints(op: OpContext, input: MapInput): Promise<MapResult> {
  checkBbox(input.bbox)
  const entityKey = input.entity ?? 'ticket'
  const entity = op.set.entity(entityKey)
  if (!entity) throw invalid([{ pointer: '/entity', message: 'unknown entity', code: 'unknown_entity' }])
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT)
  const { qb, access } = located(op, entity, input)
  const columns =
    entityKey === 'ticket'
      ? [
          'id',
          'number',
          'request_type',
          'status',
          'resolution_due',
          'sla_warning',
          'response_breached',
          'resolution_breached',
          'first_response_at',
          'resolved_at',
          'closed_at',
          'responsible',
          'contractor',
        ]
      : ['id', 'number', 'title', 'status', 'deadline', 'overdue', 'responsible', 'counterparty']
  const due = entityKey === 'ticket' ? 'resolution_due' : 'deadline'
  qb.select(columns.filter((c) => c === 'id' || entity.fields[c]).map((c) => `t.${c}`))
  // the most urgent first: what a cut-off map leaves out is what can wait
  qb.orderByRaw(`t.${due} asc nulls last`).orderBy('t.id')
  qb.limit(limit + 1)
  const rows = (await qb).map((r: Record<string, any>) => readable(r, access.hidden))
  const truncated = rows.length > limit
  const page = truncated ? rows.slice(0, limit) : rows
  const company = entityKey === 'ticket' ? 'contractor' : 'counterparty'
  const [people, companies] = await Promise.all([labels(op, 'user', page.map((r) => r.responsible).filter(Boolean)), labels(op, 'counterparty', page.map((r) => r[company]).filter(Boolean))])
  const category = categories(op, entityKey)
  const locale = op.actor.locale ?? 'uk'
  const now = Date.now()
  const points: MapPoint[] = page.map((r) => {
    const type = entityKey === 'ticket' ? (say(op.set.get<RequestTypeDoc>('request_type', r.request_type)?.label, locale) ?? r.request_type) : undefined
    const dueAt = r[due] ? new Date(r[due]).toISOString() : null
    const point: MapPoint = {
      id: r.id,
      lat: Number(r.lat),
      lon: Number(r.lon),
      approximate: r.approx === true,
      title: entityKey === 'ticket' ? [r.number, type].filter(Boolean).join(' · ') : [r.number, r.title].filter(Boolean).join(' · '),
      number: r.number ?? null,
      address: r.address ?? null,
      state: mapState(entityKey, r, category.get(r.status), now),
      status: r.status ?? null,
      due: dueAt,
    }
    if (type) point.type = type
    const person = r.responsible && people.get(r.responsible)
    if (person) point.responsible = person
    const firm = r[company] && companies.get(r[company])
    if (firm) point.company = firm
    return point
  })
  return { points, truncated }
}

/** Resolves a period (a preset or local dates) to a UTC range, in Europe/Kyiv. */
function periodRange(period: unknown): { from: Date; to: Date } | undefined {
  if (period === undefined) return undefined
  const now = DateTime.now().setZone('Europe/Kyiv')
  const day = now.startOf('day')
  const presets: Record<string, [DateTime, DateTime]> = {
    today: [day, day.plus({ days: 1 })],
    yesterday: [day.minus({ days: 1 }), day],
    this_week: [now.startOf('week'), now.startOf('week').plus({ weeks: 1 })],
    last_week: [now.startOf('week').minus({ weeks: 1 }), now.startOf('week')],
    last_7_days: [day.minus({ days: 6 }), day.plus({ days: 1 })],
    this_month: [now.startOf('month'), now.startOf('month').plus({ months: 1 })],
    last_month: [now.startOf('month').minus({ months: 1 }), now.startOf('month')],
    last_30_days: [day.minus({ days: 29 }), day.plus({ days: 1 })],
    this_quarter: [now.startOf('quarter'), now.startOf('quarter').plus({ quarters: 1 })],
    this_year: [now.startOf('year'), now.startOf('year').plus({ years: 1 })],
    last_365_days: [day.minus({ days: 364 }), day.plus({ days: 1 })],
  }
  if (typeof period === 'string') {
    const range = presets[period]
    if (!range) throw invalid([{ pointer: '/period', message: 'unknown period', code: 'bad_period' }])
    return { from: range[0].toJSDate(), to: range[1].toJSDate() }
  }
  const p = period as { from: string; to: string }
  const from = DateTime.fromISO(p.from, { zone: 'Europe/Kyiv' })
  const to = DateTime.fromISO(p.to, { zone: 'Europe/Kyiv' })
  if (!from.isValid) throw invalid([{ pointer: '/period/from', message: 'not a date', code: 'bad_period' }])
  if (!to.isValid || to < from) throw invalid([{ pointer: '/period/to', message: 'not a date on or after from', code: 'bad_period' }])
  return { from: from.startOf('day').toJSDate(), to: to.startOf('day').plus({ days: 1 }).toJSDate() }
}

export async function heatPoints(op: OpContext, input: MapInput & { period?: unknown }): Promise<{ points: MapHeatPoint[] }> {
  const entityKey = input.entity ?? 'ticket'
  const entity = op.set.entity(entityKey)
  if (!entity) throw invalid([{ pointer: '/entity', message: 'unknown entity', code: 'unknown_entity' }])
  const range = periodRange(input.period)
  // hot spots count every request of the period, open or not, by its building
  const { qb } = located(op, entity, { ...input, states: input.states ?? 'all' })
  if (range) qb.where('t.created_at', '>=', range.from).where('t.created_at', '<', range.to)
  qb.clearSelect()
  const point = 'coalesce(ob.location, o.location, os.location)'
  const rows = await op.db
    .from(qb.select(op.db.raw(`round(((${point})->>'lat')::numeric, 5)::float8 as lat`), op.db.raw(`round(((${point})->>'lon')::numeric, 5)::float8 as lon`)).as('p'))
    .select('lat', 'lon')
    .count({ weight: '*' })
    .groupBy('lat', 'lon')
    .orderBy('weight', 'desc')
    .limit(MAX_LIMIT)
  return { points: rows.map((r: any) => ({ lat: Number(r.lat), lon: Number(r.lon), weight: Number(r.weight) })) }
}

/**
 * POST /api/v1/actions/servicedesk.map {entity, filter?, states?, bbox?, limit?} — the points
 * of requests (or assignments) the caller may read, most urgent first.
 */
export const map = defineAction<MapInput, MapResult>({
  method: 'POST',
  summary: 'Requests or assignments on the map: points coloured by SLA state',
  input: {
    type: 'object',
    properties: {
      entity: entitySchema,
      filter: filterSchema,
      states: { type: 'string', enum: ['open', 'all'], default: 'open' },
      bbox: bboxSchema,
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    },
    additionalProperties: false,
  },
  handle: (op, input) => mapPoints(op, input),
})

/**
 * POST /api/v1/actions/servicedesk.heat {entity?, filter?, period?, states?} — hot spots: how
 * many requests (of the period, by creation) each building's point has, for a heat layer.
 */
export const heat = defineAction<MapInput & { period?: unknown }, { points: MapHeatPoint[] }>({
  method: 'POST',
  summary: 'Hot spots: requests counted by their building point',
  input: {
    type: 'object',
    properties: {
      entity: entitySchema,
      filter: filterSchema,
      states: { type: 'string', enum: ['open', 'all'], default: 'all' },
      period: {
        oneOf: [
          { type: 'string', enum: ['today', 'yesterday', 'this_week', 'last_week', 'last_7_days', 'this_month', 'last_month', 'last_30_days', 'this_quarter', 'this_year', 'last_365_days'] },
          { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } }, required: ['from', 'to'], additionalProperties: false },
        ],
      },
      bbox: bboxSchema,
    },
    additionalProperties: false,
  },
  handle: (op, input) => heatPoints(op, input),
})
