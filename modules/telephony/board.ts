import type { OpContext } from '#core/records/context'
import { from, scoped } from '#core/records/context'
import { list } from '#core/records/read'
import { accessFor } from '#core/permissions/policy'
import { asAgent, canRead } from './access.js'
import { OPEN_CATEGORIES, ticketStates, type SlaState } from './sla_state.js'

/** A call whose end never arrived stops counting as "now" after this long. */
const CALL_STALE_MS = 6 * 3600_000
const SLA_STATES: SlaState[] = ['ok', 'warning', 'breached', 'paused']

type Counts = Record<SlaState, number> & { total: number }
const zero = (): Counts => ({ ok: 0, warning: 0, breached: 0, paused: 0, total: 0 })

/**
 * Open requests by contractor and SLA state, counted in SQL from the fields the SLA clock and its
 * timers keep on each request (a due date already past counts as breached even before its timer
 * fires); paused states come first, whatever the clock says.
 */
async function requestsBySla(op: OpContext) {
  const entity = op.set.entity('ticket')
  if (!entity || !canRead(op, 'ticket', 'status', 'contractor')) return { byContractor: [], totals: zero() }
  const open = ticketStates(op.set, OPEN_CATEGORIES)
  const paused = ticketStates(op.set, ['paused'])
  const pausedSql = paused.length ? `t.status in (${paused.map(() => '?').join(', ')})` : 'false'
  const stateSql = `case when ${pausedSql} then 'paused'
    when coalesce(t.resolution_breached, false) or coalesce(t.response_breached, false)
      or t.resolution_due < now() or (t.first_response_at is null and t.response_due < now()) then 'breached'
    when coalesce(t.sla_warning, false) then 'warning' else 'ok' end`
  const qb = from(op, entity)
  scoped(op, qb, entity, accessFor(op.set, op.actor, 'ticket'), 'read')
  const rows = (await qb
    .whereIn('t.status', open)
    .select('t.contractor', op.db.raw(`${stateSql} as sla_state`, paused))
    .count({ n: '*' })
    .groupByRaw('1, 2')) as Array<{ contractor: string | null; sla_state: SlaState; n: string | number }>
  const by = new Map<string | null, Counts>()
  const totals = zero()
  for (const r of rows) {
    const c = by.get(r.contractor) ?? by.set(r.contractor, zero()).get(r.contractor)!
    const n = Number(r.n)
    c[r.sla_state] += n
    c.total += n
    totals[r.sla_state] += n
    totals.total += n
  }
  const ids = [...by.keys()].filter((k): k is string => !!k)
  const names = new Map(ids.length && canRead(op, 'counterparty') ? (await list(op, 'counterparty', { filter: { id: { in: ids } }, limit: 500 })).data.map((c) => [c.id, c]) : [])
  const byContractor = [...by.entries()]
    .map(([id, counts]) => ({ contractor: id ? { id, name: names.get(id)?.name ?? null, code: names.get(id)?.code ?? null } : null, ...counts }))
    .sort((a, b) => b.breached - a.breached || b.total - a.total)
  return { byContractor, totals }
}

/** Every operator's presence, including operators who never set one (offline). */
async function operators(op: OpContext) {
  const agent = asAgent(op)
  const presence = (await list(agent, 'operator_presence', { limit: 500, sort: [{ field: 'since', dir: 'desc' }] })).data
  const byUser = new Map(presence.map((p) => [p.user as string, p]))
  const users = (await op
    .db('sys_users')
    .where({ active: true })
    .where((w) => w.whereRaw(`roles @> '["operator"]'::jsonb`).orWhereIn('id', [...byUser.keys()]))
    .select('id', 'login', 'name', op.db.raw(`attributes->>'extension' as extension`))
    .orderBy('name')) as Array<{ id: string; login: string; name: string; extension: string | null }>
  return users.map((u) => {
    const p = byUser.get(u.id)
    return { user: { id: u.id, login: u.login, name: u.name }, extension: u.extension, state: p?.state ?? 'offline', since: p?.since ?? null }
  })
}

/** Calls ringing or in progress now, with their operators and residents in `included`. */
async function callsNow(op: OpContext) {
  if (!canRead(op, 'call', 'ended_at', 'disposition')) return { data: [], included: {} }
  const since = new Date(Date.now() - CALL_STALE_MS).toISOString()
  const found = await list(op, 'call', {
    filter: { and: [{ ended_at: { isNull: true } }, { disposition: { in: ['ringing', 'answered'] } }, { created_at: { gt: since } }] },
    sort: [{ field: 'created_at', dir: 'asc' }],
    limit: 500,
    include: ['operator', 'contact'].filter((f) => canRead(op, 'call', f)),
  })
  return { data: found.data, included: found.included ?? {} }
}

async function callbacks(op: OpContext) {
  const agent = asAgent(op)
  const count = async (filter: object) => (await list(agent, 'callback', { filter: filter as any, limit: 1, count: true })).total ?? 0
  const [open, overdue] = await Promise.all([count({ status: { eq: 'open' } }), count({ and: [{ status: { eq: 'open' } }, { due_at: { lt: '$now' } }] })])
  return { open, overdue }
}

/**
 * Messenger chats waiting for an operator or held by one: the messaging module's technical
 * entity `chat_session`, read like any entity (null when that module is not installed).
 */
async function chats(op: OpContext) {
  if (!canRead(op, 'chat_session', 'status', 'waiting_since')) return null
  const waiting = await list(op, 'chat_session', { filter: { status: { eq: 'waiting' } }, sort: [{ field: 'waiting_since', dir: 'asc' }], limit: 1, count: true })
  const active = (await list(op, 'chat_session', { filter: { status: { eq: 'active' } }, limit: 1, count: true })).total ?? 0
  return { waiting: waiting.total ?? 0, active, oldestWaitingSince: (waiting.data[0]?.waiting_since as string | undefined) ?? null }
}

/** The supervisor's live board (the screen refetches it on `presence` and `record` events). */
export async function board(op: OpContext) {
  const [requests, ops, calls, cbs, chatsNow] = await Promise.all([requestsBySla(op), operators(op), callsNow(op), callbacks(op), chats(op)])
  return { at: new Date().toISOString(), slaStates: SLA_STATES, requests, operators: ops, callsNow: calls, callbacks: cbs, chats: chatsNow }
}
