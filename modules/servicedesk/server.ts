/**
 * The service desk module's code: the metadata kinds it adds and the hooks of its entities.
 * Loaded at boot before the metadata files (core/metadata/modules.ts).
 */
import './kinds/calendar_sla.js'
import './kinds/request_type.js'
import './hooks/ticket.js'
import './hooks/sla_job.js'
