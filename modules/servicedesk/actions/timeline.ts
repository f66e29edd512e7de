import { defineAction } from '#core/modules/define'
import { badRequest, notFound } from '#core/errors/problem'
import { list, get, isUuid } from '#core/records/read'
import { accessFor } from '#core/permissions/policy'
import type { OpContext } from '#core/records/context'
import type { Filter } from '#core/shared/filter'
import type { TimelineEntry } from '../shared/timeline.js'

export type TimelineItem = TimelineEntry

async function readable(op: OpContext, entity: string, filter: Filter, limit = 200) {
  if (!op.set.entity(entity) || !accessFor(op.set, op.actor, entity).can('read')) return []
  return (await list(op, entity, { filter, limit, sort: [{ field: 'created_at', dir: 'desc' }] })).data
}

/**
 * GET /api/v1/actions/servicedesk.timeline?contact=<id> | object=<id> — the interaction history
 * of a resident or of an object (with the objects inside it): requests and their status
 * changes, comments, calls and messages, newest first. Every part is read through the records
 * API, so the caller sees only what its roles allow.
 */
export const timeline = defineAction({
  method: 'GET',
  summary: 'Interaction history of a resident or an object',
  input: { type: 'object', properties: { contact: { type: 'string' }, object: { type: 'string' } } },
  async handle(op, input) {
    const contact = isUuid(input.contact) ? input.contact : undefined
    const object = isUuid(input.object) ? input.object : undefined
    if (!contact && !object) throw badRequest('contact or object is required', [{ pointer: '/contact', message: 'required', code: 'required' }])
    if (contact)
      await get(op, 'contact', contact).catch(() => {
        throw notFound()
      })
    const ticketFilter: Filter = contact
      ? { resident: { eq: contact } }
      : { or: [{ object: { eq: object! } }, { 'object.building': { eq: object! } }, { 'object.street': { eq: object! } }, { 'object.parent': { eq: object! } }] }
    const tickets = await readable(op, 'ticket', ticketFilter)
    const ids = tickets.map((t) => t.id)
    const items: TimelineItem[] = []
    for (const t of tickets) {
      items.push({
        at: String(new Date(t.created_at as any).toISOString()),
        type: 'ticket',
        entity: 'ticket',
        id: t.id,
        ticket: t.id,
        summary: `${t.number}: ${String(t.description ?? '').slice(0, 140)}`,
        detail: { status: t.status, request_type: t.request_type },
      })
      const history = (t.state_history as Array<{ state: string; at: string }> | undefined) ?? []
      for (const h of history.slice(1)) items.push({ at: h.at, type: 'status', entity: 'ticket', id: t.id, ticket: t.id, summary: `${t.number} → ${h.state}`, detail: { state: h.state } })
    }
    if (ids.length) {
      for (const c of await readable(op, 'comment', { ticket: { in: ids } })) {
        items.push({
          at: new Date(c.created_at as any).toISOString(),
          type: 'comment',
          entity: 'comment',
          id: c.id,
          ticket: c.ticket as string,
          summary: String(c.body).slice(0, 200),
          detail: { public: c.public },
        })
      }
    }
    const byContactOrTicket: Filter = contact
      ? { or: [{ contact: { eq: contact } }, ...(ids.length ? [{ ticket: { in: ids } }] : [])] }
      : ids.length
        ? { ticket: { in: ids } }
        : { id: { isNull: true } }
    // a call that brought several requests names only the first; each request names its call
    const callIds = tickets.map((t) => t.call as string | null | undefined).filter((c): c is string => !!c)
    const calls: Filter = callIds.length ? { or: [byContactOrTicket, { id: { in: callIds } }] } : byContactOrTicket
    for (const c of await readable(op, 'call', calls)) {
      items.push({
        at: new Date((c.started_at ?? c.created_at) as any).toISOString(),
        type: 'call',
        entity: 'call',
        id: c.id,
        ticket: (c.ticket as string) ?? undefined,
        summary: `${c.direction} ${c.caller ?? ''} ${c.disposition ?? ''}`.trim(),
        detail: { duration: c.duration_seconds, direction: c.direction, disposition: c.disposition, caller: c.caller, recording: !!c.recording },
      })
    }
    for (const m of await readable(op, 'message', byContactOrTicket)) {
      items.push({
        at: new Date((m.sent_at ?? m.created_at) as any).toISOString(),
        type: 'message',
        entity: 'message',
        id: m.id,
        ticket: (m.ticket as string) ?? undefined,
        summary: String(m.body).slice(0, 200),
        detail: { channel: m.channel, direction: m.direction, status: m.status ?? null, operator: m.operator ?? null },
      })
    }
    items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    return { data: items }
  },
})
