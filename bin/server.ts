/**
 * `npm start`: the HTTP server. With no DATABASE_URL it starts the embedded PostgreSQL in
 * ./data (or VIKNO_DATA_DIR), applies migrations and metadata, loads the demo city and prints
 * the URL and the demo logins (core/providers/engine_provider.ts).
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) => (filePath.startsWith('./') || filePath.startsWith('../') ? import(new URL(filePath, APP_ROOT).href) : import(filePath))

process.env.PORT ??= '3333'
process.env.HOST ??= '0.0.0.0'

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
  })
  .httpServer()
  .start()
  .catch(async (error) => {
    process.exitCode = 1
    // invalid metadata is the user's to fix: print its list plainly (file, pointer, reason)
    if (error?.name === 'MetadataError') console.error(error.message)
    else await prettyPrintError(error)
    // the embedded database keeps the event loop alive: release it, then leave
    const { stopEmbedded } = await import('../core/db/embedded.js')
    await stopEmbedded().catch(() => {})
    process.exit(1)
  })
