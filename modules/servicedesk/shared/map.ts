/**
 * What the map actions (actions/map.ts) answer: the service desk's published contract, shared
 * by the server and the UI (MapView, the map screen, a dashboard's map panel).
 */

/** A point's colour: on time green, warning amber, breached red, paused grey, done (resolved, closed, cancelled) muted. */
export type MapState = 'on_time' | 'warning' | 'breached' | 'paused' | 'done'

export interface MapPoint {
  id: string
  lat: number
  lon: number
  /** The point is an estimate (a street's or the city's, or one its object took from a parent). */
  approximate: boolean
  /** Number and request type (a request) or number and title (an assignment). */
  title: string
  number: string | null
  /** A request's type, in the caller's language. */
  type?: string
  /** The object's full address. */
  address: string | null
  state: MapState
  /** The workflow state key. */
  status: string | null
  /** Resolution due (a request) or deadline (an assignment), ISO. */
  due: string | null
  responsible?: string
  company?: string
}

export interface MapResult {
  points: MapPoint[]
  /** More rows matched than the limit: the most urgent were kept. */
  truncated: boolean
}

/** One hot spot: a building's point and how many requests it has. */
export interface MapHeatPoint {
  lat: number
  lon: number
  weight: number
}

const DONE = new Set(['resolved', 'closed', 'cancelled'])
/** An assignment is in warning this long before its deadline. */
const ASSIGNMENT_WARNING_MS = 24 * 3_600_000

/**
 * A row's map state from the facts the server keeps on it. A request: done once resolved or
 * closed, paused while its workflow state is a pause, breached when the resolution (or an
 * unanswered response) is late, warning on the SLA's warning flag, else on time. An
 * assignment: done when reported, closed or withdrawn, breached past its deadline (or flagged
 * overdue), warning within a day of it.
 */
export function mapState(entity: 'ticket' | 'assignment', row: Record<string, unknown>, category: string | undefined, now = Date.now()): MapState {
  if (category && DONE.has(category)) return 'done'
  if (entity === 'ticket') {
    if (row.resolved_at || row.closed_at) return 'done'
    if (category === 'paused') return 'paused'
    if (row.resolution_breached === true || (row.response_breached === true && !row.first_response_at)) return 'breached'
    return row.sla_warning === true ? 'warning' : 'on_time'
  }
  if (category === 'paused') return 'paused'
  const deadline = row.deadline ? new Date(row.deadline as string).getTime() : undefined
  if (row.overdue === true || (deadline !== undefined && deadline < now)) return 'breached'
  return deadline !== undefined && deadline - now < ASSIGNMENT_WARNING_MS ? 'warning' : 'on_time'
}
