/** The states of the ticket workflows in the given categories (open = new, open, paused). */
import type { WorkflowDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'

export function ticketStates(set: MetadataSet, categories: string[]): string[] {
  const states = new Set<string>()
  for (const wf of set.list<WorkflowDoc>('workflow').filter((w) => w.entity === 'ticket')) {
    for (const [key, s] of Object.entries(wf.states)) if (categories.includes(s.category)) states.add(key)
  }
  return [...states]
}
