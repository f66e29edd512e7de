/** A request's SLA clock as lists, cards and boards show it (servicedesk.sla_summaries). Shared by server and UI. */
export type SlaState = 'ok' | 'warning' | 'breached' | 'paused'

export interface SlaSummary {
  state: SlaState
  responseDue: string
  resolutionDue: string
  remainingMinutes: number
  usedPercent: number
  paused: boolean
  warning: boolean
  breached: boolean
  responseBreached: boolean
  resolutionBreached: boolean
}
