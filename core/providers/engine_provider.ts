import type { ApplicationService } from '@adonisjs/core/types'
import { embedded } from '#config/database'

/**
 * Boots the engine when the application starts (web and test: the HTTP API needs it; console
 * commands boot it on demand), attaches Socket.IO to the HTTP server when it is ready, and
 * stops the embedded database last on shutdown.
 */
export default class EngineProvider {
  constructor(protected app: ApplicationService) {}

  async start() {
    if (this.app.getEnvironment() === 'console') return
    const { bootEngine } = await import('#core/engine/boot')
    await bootEngine(this.app)
    if (this.app.getEnvironment() === 'web') {
      const { seedDemo } = await import('#core/engine/demo')
      await seedDemo(this.app)
    }
  }

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const server = await this.app.container.make('server')
    const nodeServer = server.getNodeServer()
    if (nodeServer) {
      const { startRealtime } = await import('#core/realtime/server')
      await startRealtime(nodeServer)
    }
    // durable timers (SLA and others) run on every web node; SKIP LOCKED shares the work
    const { startEngineJobs } = await import('#core/jobs/index')
    const logger = await this.app.container.make('logger')
    startEngineJobs({ onError: (error: unknown, job?: { id: number }) => logger.error({ err: error, job: job?.id }, 'job failed') })
    // the next tick of each scheduled automation, queued once across the nodes (dedupe keys)
    const { startEngineScheduleTicker } = await import('#core/automation/engine_ticker')
    startEngineScheduleTicker((error: unknown) => logger.error({ err: error }, 'schedule ticker failed'))
    // connector instances (PBX sessions, webhook receivers) of the published metadata
    const { startConnectorHost } = await import('#core/connectors/host')
    await startConnectorHost()
    const { announceReady } = await import('#core/engine/demo')
    announceReady(this.app)
  }

  async shutdown() {
    const { stopConnectorHost } = await import('#core/connectors/host')
    await stopConnectorHost()
    const { stopEngineScheduleTicker } = await import('#core/automation/engine_ticker')
    await stopEngineScheduleTicker()
    const { stopEngineJobs } = await import('#core/jobs/index')
    await stopEngineJobs()
    const { stopRealtime } = await import('#core/realtime/server')
    await stopRealtime()
    const { stopListening } = await import('#core/engine/cluster')
    await stopListening()
    const db = await this.app.container.make('lucid.db')
    await db.manager.closeAll()
    await embedded?.stop()
  }
}
