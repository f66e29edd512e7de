/**
 * `npm start`: the HTTP server. With no DATABASE_URL it starts the embedded PostgreSQL in
 * ./data (or VIKNO_DATA_DIR), applies migrations and metadata, loads the demo city and prints
 * the URL and the demo logins (core/providers/engine_provider.ts).
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)
const IMPORTER = (filePath: string) =>
  filePath.startsWith('./') || filePath.startsWith('../')
    ? import(new URL(filePath, APP_ROOT).href)
    : import(filePath)

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
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
