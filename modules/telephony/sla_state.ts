import type { MetadataSet } from '#core/metadata/set'
import type { WorkflowDoc } from '#core/shared/metadata'
import { slaFields } from '../servicedesk/hooks/sla.js'

export type SlaState = 'ok' | 'warning' | 'breached' | 'paused'

/** Ticket states of every ticket workflow whose category is one of `categories`. */
export function ticketStates(set: MetadataSet, categories: string[]): string[] {
  const states = new Set<string>()
  for (const wf of set.list<WorkflowDoc>('workflow')) {
    if (wf.entity !== 'ticket') continue
    for (const [key, s] of Object.entries(wf.states)) if (categories.includes(s.category)) states.add(key)
  }
  return [...states].sort()
}

export const OPEN_CATEGORIES = ['new', 'open', 'paused']

/** A request's SLA clock now, as the card shows it (null when its type has no SLA). */
export function slaSummary(set: MetadataSet, ticket: Record<string, unknown>, now = new Date()) {
  const sla = slaFields(set, ticket, now)
  if (!sla) return null
  const s = sla.status
  const breached = s.responseBreached || s.resolutionBreached
  const state: SlaState = s.paused ? 'paused' : breached ? 'breached' : s.warning ? 'warning' : 'ok'
  return {
    state,
    responseDue: s.responseDue,
    resolutionDue: s.resolutionDue,
    remainingMinutes: Math.round(s.remainingMinutes),
    usedPercent: Math.round(s.usedFraction * 100),
    paused: s.paused,
    warning: s.warning,
    breached,
    responseBreached: s.responseBreached,
    resolutionBreached: s.resolutionBreached,
  }
}
