/**
 * Who may work the chats: operators (supervisors inherit the role) and administrators; the
 * records API checks each read and write besides (row scopes, hidden fields).
 */
import type { OpContext } from '#core/records/context'
import { Problem } from '#core/errors/problem'
import { accessFor, expandRoles, isAdmin } from '#core/permissions/policy'

export const OPERATORS = ['operator']
export const SUPERVISORS = ['supervisor']

export function hasRole(op: OpContext, roles: string[]): boolean {
  if (isAdmin(op.set, op.actor)) return true
  const mine = new Set(expandRoles(op.set, op.actor.roles).map((r) => r.key))
  return roles.some((r) => mine.has(r))
}

/** 403 unless the caller is an operator (or above) who may also `action` the entity. */
export function requireOperator(op: OpContext, entity?: string, action: 'read' | 'create' | 'update' = 'read') {
  if (!op.actor.id || !hasRole(op, OPERATORS)) throw new Problem('forbidden', [], {}, 'the operator role is required')
  if (entity && !accessFor(op.set, op.actor, entity).can(action)) throw new Problem('forbidden', [], {}, `${action} on ${entity} is not allowed`)
}
