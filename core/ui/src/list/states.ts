import type { Filter } from '../../../shared/filter.js'
import type { UiEntity } from '../types/bootstrap.js'

/** State categories of work that is over: an "open" list leaves them out. */
const DONE = new Set(['resolved', 'closed', 'cancelled'])

/** The list's state choice: `open` (any open state), `all`, or one state's key. */
export type StateChoice = string

/** The filter of a state choice on an entity with a workflow (none for `all` or without one). */
export function stateFilter(entity: Pick<UiEntity, 'workflow'>, choice: StateChoice): Filter | undefined {
  const wf = entity.workflow
  if (!wf || choice === 'all') return undefined
  if (choice === 'open')
    return {
      [wf.field]: {
        in: Object.entries(wf.states)
          .filter(([, s]) => !DONE.has(s.category))
          .map(([k]) => k),
      },
    }
  return { [wf.field]: { eq: choice } }
}

/** Both filters, AND-ed (either may be absent). */
export function bothFilters(a: Filter | undefined, b: Filter | undefined): Filter | undefined {
  return a && b ? { and: [a, b] } : (a ?? b)
}
