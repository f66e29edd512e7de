/**
 * One item of a resident's or an object's interaction history (servicedesk.timeline): the
 * output contract of the action, shared by the server and the screens that show it (the
 * operator's card).
 */
export interface TimelineEntry {
  at: string
  type: 'ticket' | 'status' | 'comment' | 'call' | 'message'
  entity: string
  id: string
  ticket?: string
  summary: string
  detail?: Record<string, unknown>
}
