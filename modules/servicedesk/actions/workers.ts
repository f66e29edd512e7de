import { defineAction } from '#core/modules/define'
import { badRequest } from '#core/errors/problem'
import { entityFor } from '#core/records/context'
import { get, isUuid } from '#core/records/read'

/** Roles of a company's own staff, who may be made responsible for its requests. */
const STAFF_ROLES = ['contractor_worker', 'contractor_dispatcher']

/**
 * GET /api/v1/actions/servicedesk.workers?ticket=<id>&q=<words>: the people a request may be
 * assigned to, the staff of the company it is routed to (users whose `counterparty` attribute
 * is the request's contractor), by name; the assign picker offers only these. The caller must
 * see the request and may read users; a request with no company has nobody to offer.
 */
export const workers = defineAction<{ ticket?: string; q?: string }>({
  method: 'GET',
  summary: 'The staff of the company a request is routed to (the assign picker)',
  input: { type: 'object', properties: { ticket: { type: 'string', maxLength: 64 }, q: { type: 'string', maxLength: 200 } } },
  async handle(op, input) {
    if (!input.ticket || !isUuid(input.ticket)) throw badRequest('ticket is required', [{ pointer: '/ticket', message: 'required', code: 'required' }])
    entityFor(op, 'user', 'read')
    const ticket = await get(op, 'ticket', input.ticket, { fields: ['contractor'] })
    const contractor = ticket.data.contractor
    if (typeof contractor !== 'string') return { data: [] }
    const q = typeof input.q === 'string' ? input.q.trim().slice(0, 100) : ''
    const rows = await op
      .db('sys_users')
      .where({ active: true })
      .whereRaw("attributes->>'counterparty' = ?", [contractor])
      .where((w) => {
        for (const role of STAFF_ROLES) w.orWhereRaw('roles @> ?::jsonb', [JSON.stringify([role])])
      })
      .modify((qb) => {
        if (q) qb.where((w) => w.whereILike('name', `%${q}%`).orWhereILike('login', `%${q}%`))
      })
      .orderBy('name')
      .limit(20)
      .select('id', 'name', 'login')
    return { data: rows.map((r: { id: string; name: string | null; login: string }) => ({ id: r.id, name: r.name ?? r.login })) }
  },
})
