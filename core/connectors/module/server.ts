/**
 * The connector host's module (core/config/modules.ts): the Connectors admin actions
 * (`connectors.types`, `.instances`, `.test`, `.log`, `.perform`), the inbound retry and log
 * retention jobs, and the `connector_health` event.
 */
import { defineModule } from '#core/modules/define'
import { engine } from '#core/engine/engine'
import { INBOUND_QUEUE, runInboxAttempt } from '../inbox.js'
import { logRetentionDays, pruneConnectorLog } from '../log.js'
import { LOG_RETENTION_QUEUE, scheduleLogRetention } from '../host.js'
import { connectorActions } from './actions.js'

export default defineModule({
  key: 'connectors',
  actions: connectorActions,
  jobs: {
    [INBOUND_QUEUE]: {
      // the attempts are counted on the inbox row; this job is one of them
      maxAttempts: 3,
      async handle(job) {
        await runInboxAttempt(engine.knex, job.payload.id, job.payload.attempts, job.payload.connectorType)
      },
    },
    [LOG_RETENTION_QUEUE]: {
      async handle() {
        await pruneConnectorLog(engine.knex, logRetentionDays())
        await scheduleLogRetention()
      },
    },
  },
  events: { connector_health: { description: "A connector instance's health changed (administrators)" } },
})
