import type { MetadataSet } from '#core/metadata/set'
import type { OpContext } from '#core/records/context'
import type { WorkflowDoc } from '#core/shared/metadata'
import { callAction } from '#core/modules/actions'
// the service desk's published contract: types of its declared actions' output
import type { SlaState, SlaSummary } from '../servicedesk/shared/sla.js'

export type { SlaState }

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

/**
 * The SLA clock now of these requests, by id, through the service desk's declared action
 * (servicedesk.sla_summaries): `{state, responseDue, resolutionDue, remainingMinutes, ...}`,
 * null for a type without SLA.
 */
export async function slaSummaries(op: OpContext, tickets: Array<{ id: string }>): Promise<Record<string, SlaSummary | null>> {
  if (!tickets.length) return {}
  const result = await callAction<{ data: Record<string, SlaSummary | null> }>(op, 'servicedesk.sla_summaries', { tickets: tickets.map((t) => t.id) })
  return result.data
}
