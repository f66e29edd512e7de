/**
 * The service desk module: the metadata kinds it adds (request types, SLAs, calendars), the
 * hooks of its entities and its timers, and its actions (/api/v1/actions/servicedesk.*).
 * Installed at boot before the metadata files are read (core/modules/loader.ts).
 */
import { defineModule } from '#core/modules/define'
import { calendarKind, slaKind } from './kinds/calendar_sla.js'
import { requestTypeKind } from './kinds/request_type.js'
import { request_types } from './actions/request_types.js'
import { duplicates, merge } from './actions/duplicates.js'
import { timeline } from './actions/timeline.js'
import { workers } from './actions/workers.js'
import { sla, sla_summaries } from './actions/sla_status.js'
import { calendar_month, sla_preview, sla_recompute } from './actions/sla_admin.js'
import { heat, map } from './actions/map.js'

export default defineModule({
  key: 'servicedesk',
  dependsOn: ['objects', 'contacts', 'counterparties'],
  kinds: [calendarKind, slaKind, requestTypeKind],
  actions: { request_types, duplicates, merge, timeline, sla, sla_summaries, sla_preview, calendar_month, sla_recompute, workers, map, heat },
  async setup() {
    // hooks, timers and automation actions that register themselves when imported
    await import('./hooks/ticket.js')
    await import('./hooks/master.js')
    await import('./hooks/sla_job.js')
    await import('./hooks/assignment.js')
    await import('./hooks/responsible.js')
    await import('./actions/automation_actions.js')
    await import('./registries.js')
    // measures of requests for reports (core/reports/measures.ts)
    await import('./reports.js')
  },
})
