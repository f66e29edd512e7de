import type { Label } from './metadata.js'

/** A transition the caller may take now (GET /api/v1/records/:entity/:id/transitions). */
export interface AllowedTransition {
  key: string
  label?: Label
  to: string
  requiredFields: string[]
  fields: string[]
}
