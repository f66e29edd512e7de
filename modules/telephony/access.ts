import type { OpContext } from '#core/records/context'
import { Problem } from '#core/errors/problem'
import { accessFor, expandRoles, isAdmin } from '#core/permissions/policy'

/** The module's own role: callbacks and presence (modules/telephony/roles/telephony_agent.role.json). */
export const AGENT_ROLE = 'telephony_agent'
/** Users who work the phones: operators (supervisors inherit the role) and explicit agents. */
export const AGENTS = ['operator', AGENT_ROLE]
export const SUPERVISORS = ['supervisor']

/** True when the caller (with inherited roles) has one of `roles`; administrators always. */
export function hasRole(op: OpContext, roles: string[]): boolean {
  if (isAdmin(op.set, op.actor)) return true
  const mine = new Set(expandRoles(op.set, op.actor.roles).map((r) => r.key))
  return roles.some((r) => mine.has(r))
}

export function requireRole(op: OpContext, roles: string[]) {
  if (!hasRole(op, roles)) throw new Problem('forbidden', [], {}, `one of the roles ${roles.join(', ')} is required`)
}

/**
 * The caller with the telephony agent's grants added, for callers whose own roles do not name
 * this module's entities (the mayor's board, a deployment whose operator role lacks them). The
 * service desk's operator and supervisor roles grant callbacks and presence directly (operators
 * only their own presence row), so they act under their own roles and row scopes.
 */
export function asAgent(op: OpContext): OpContext {
  if (op.actor.roles.includes(AGENT_ROLE) || (canRead(op, 'callback') && canRead(op, 'operator_presence'))) return op
  return { ...op, actor: { ...op.actor, roles: [...op.actor.roles, AGENT_ROLE] } }
}

/** The role the call-event intake lends the PBX user (modules/telephony/roles/telephony_intake.role.json). */
export const INTAKE_ROLE = 'telephony_intake'

/**
 * The PBX user with the intake's grant to match numbers to residents and link them to calls:
 * the integration role itself reads no residents, so its token cannot list them.
 */
export function asIntake(op: OpContext): OpContext {
  if (op.actor.roles.includes(INTAKE_ROLE)) return op
  return { ...op, actor: { ...op.actor, roles: [...op.actor.roles, INTAKE_ROLE] } }
}

/** The caller may read `entity` (and, when given, every one of `fields`). */
export function canRead(op: OpContext, entity: string, ...fields: string[]): boolean {
  if (!op.set.entity(entity)) return false
  const access = accessFor(op.set, op.actor, entity)
  return access.can('read') && fields.every((f) => !access.hidden.has(f))
}

/** Of `fields`, those the caller may read on `entity`. */
export function readableFields(op: OpContext, entity: string, fields: string[]): string[] {
  return fields.filter((f) => canRead(op, entity, f))
}
