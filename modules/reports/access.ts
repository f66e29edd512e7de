import type { DashboardDoc, ReportDoc } from '#core/shared/reports'
import type { MetadataSet } from '#core/metadata/set'
import type { Actor } from '#core/permissions/actor'
import { accessFor, expandRoles, isAdmin } from '#core/permissions/policy'

/** Whether one of the actor's roles (with what they inherit) is in `roles`; administrators always. */
function inRoles(set: MetadataSet, actor: Actor, roles: string[] | undefined): boolean {
  if (isAdmin(set, actor)) return true
  if (!roles?.length) return false
  const mine = new Set(expandRoles(set, actor.roles).map((r) => r.key))
  return roles.some((r) => mine.has(r))
}

/** A report the actor may run: it is listed for one of their roles and they read its entity. */
export function mayRun(set: MetadataSet, actor: Actor, doc: ReportDoc): boolean {
  return inRoles(set, actor, doc.roles) && !!set.entity(doc.entity) && accessFor(set, actor, doc.entity).can('read')
}

/** The published report `key` if the actor may run it. */
export function runnable(set: MetadataSet, actor: Actor, key: string): ReportDoc | undefined {
  const doc = set.get<ReportDoc>('report', key)
  return doc && mayRun(set, actor, doc) ? doc : undefined
}

export function maySeeDashboard(set: MetadataSet, actor: Actor, doc: DashboardDoc): boolean {
  return inRoles(set, actor, [...(doc.roles ?? []), ...(doc.home ?? [])])
}

/** Whether the dashboard is the start page of one of the actor's roles. */
export function isHome(set: MetadataSet, actor: Actor, doc: DashboardDoc): boolean {
  if (!doc.home?.length) return false
  const mine = new Set(expandRoles(set, actor.roles).map((r) => r.key))
  return doc.home.some((r) => mine.has(r))
}
