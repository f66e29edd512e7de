/** A record as the API returns it: fields plus system columns. */
export type RecordData = { id: string; version?: number; [field: string]: unknown }

export interface ListResult {
  data: RecordData[]
  nextCursor: string | null
  total?: number
  included?: Record<string, Record<string, RecordData>>
}

export interface TransitionInfo {
  key: string
  label?: { uk: string; en?: string }
  to: string
  requiredFields: string[]
  fields: string[]
}

export interface TransitionsResult {
  state: string | null
  workflow: string | null
  transitions: TransitionInfo[]
}

export interface MeResult {
  user: { id: string; login: string; name: string | null; locale: string | null }
  csrfToken: string | null
}
