import type { AllowedTransition } from '../../../shared/workflow.js'

/** A record as the API returns it: fields plus system columns. */
export type RecordData = { id: string; version?: number; [field: string]: unknown }

export interface ListResult {
  data: RecordData[]
  nextCursor: string | null
  total?: number
  included?: Record<string, Record<string, RecordData>>
}

/** A transition the caller may take now: the server's AllowedTransition. */
export type TransitionInfo = AllowedTransition

export interface TransitionsResult {
  state: string | null
  workflow: string | null
  transitions: TransitionInfo[]
}

export interface MeResult {
  user: { id: string; login: string; name: string | null; locale: string | null }
  csrfToken: string | null
}
