import type { CellDef } from '../../../core/ui/src/extensions.js'
import './servicedesk.css'

/**
 * A request's due times in a list, coloured by the SLA state the server keeps on the row
 * (hooks/sla.ts): breached red, warning yellow, on time green; a resolved one has no colour.
 */
export const cell: CellDef = {
  entity: 'ticket',
  fields: ['resolution_due', 'response_due'],
  className(row) {
    if (row.resolved_at || row.closed_at) return undefined
    const breached = row.resolution_breached === true || (row.response_breached === true && !row.first_response_at)
    if (breached) return 'sla-cell sla-breached'
    if (row.sla_warning === true) return 'sla-cell sla-warning'
    return row.resolution_due ? 'sla-cell sla-ok' : undefined
  },
}
