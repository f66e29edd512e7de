import { defineAction } from '#core/modules/define'
import { Problem } from '#core/errors/problem'
import { entityFor } from '#core/records/context'
import { metadataKinds } from '#core/permissions/metadata_access'

/**
 * GET /api/v1/actions/admin_builder.users?role=<key>&q=<words>: active users having a role (or
 * any), by name, for the designers' "preview as" pickers (a report seen as a contractor's
 * dispatcher). Roles live in `sys_users.roles`, not in the `user` entity's fields, so the
 * records API cannot filter by them. For those who may edit some metadata and read users.
 */
export const users = defineAction<{ role?: string; q?: string }>({
  method: 'GET',
  summary: 'Users of a role, for "preview as" pickers of the admin builder',
  input: {
    type: 'object',
    properties: { role: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' }, q: { type: 'string', maxLength: 200 } },
    additionalProperties: false,
  },
  async handle(op, input) {
    const kinds = metadataKinds(op.set, op.actor)
    if (kinds !== '*' && !kinds.length) throw new Problem('forbidden', [], {}, 'metadata editors only')
    entityFor(op, 'user', 'read')
    const q = input.q?.trim().slice(0, 100) ?? ''
    const rows = await op
      .db('sys_users')
      .where({ active: true })
      .modify((qb) => {
        if (input.role) qb.whereRaw('roles @> ?::jsonb', [JSON.stringify([input.role])])
        if (q) qb.where((w) => w.whereILike('name', `%${q}%`).orWhereILike('login', `%${q}%`))
      })
      .orderBy('name')
      .limit(50)
      .select('id', 'name', 'login', 'roles')
    return { data: rows.map((r: { id: string; name: string | null; login: string; roles: string[] }) => ({ id: r.id, name: r.name ?? r.login, login: r.login, roles: r.roles })) }
  },
})
