/**
 * The service desk module's code: the metadata kinds it adds, the hooks of its entities, its
 * timers and its module actions (/api/v1/actions/servicedesk.*).
 * Loaded at boot before the metadata files (core/metadata/modules.ts).
 */
import './kinds/calendar_sla.js'
import './kinds/request_type.js'
import './hooks/ticket.js'
import './hooks/master.js'
import './hooks/sla_job.js'
import './hooks/assignment.js'
import './actions/request_types.js'
import './actions/duplicates.js'
import './actions/workers.js'
import './actions/timeline.js'
import './actions/sla_status.js'
import './actions/sla_admin.js'
import './actions/automation_actions.js'
