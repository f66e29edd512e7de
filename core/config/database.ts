import { defineConfig } from '@adonisjs/lucid'
import pg from 'pg'
import env from '#start/env'
import { dataDir } from '#config/paths'
import { startEmbedded } from '#core/db/embedded'
import { join } from 'node:path'

// Values come back as the API sends them: dates as 'YYYY-MM-DD' (no time-zone shift), counts
// and bigints as numbers (ids are uuids, so int8 never exceeds 2^53 in practice).
pg.types.setTypeParser(1082, (v) => v)
pg.types.setTypeParser(20, (v) => Number(v))

const serverUrl = env.get('DATABASE_URL')
/**
 * The owner of the schema (migrations, metadata publishes, search configuration, sequences)
 * when the application serves requests as a less privileged role (DATABASE_URL), which may
 * then only INSERT into the audit tables (core/db/roles.ts). Absent: one role does both.
 */
const ownerUrl = env.get('DATABASE_OWNER_URL')
/** Embedded mode: PGlite in the data folder behind a loopback socket (core/db/embedded.ts). */
export const embedded = serverUrl ? undefined : await startEmbedded(join(dataDir, 'db'))

/**
 * Pool: a server gets 10 connections. The embedded database is one backend behind a
 * serialising multiplexer, so it gets exactly one: transactions then queue in the pool, and
 * a query mistakenly issued outside its transaction fails after acquireConnectionTimeout
 * instead of hanging (core/db/embedded.spec.ts proves both).
 */
const databaseConfig = defineConfig({
  connection: 'main',
  prettyPrintDebugQueries: false,
  connections: {
    main: {
      client: 'pg',
      connection: {
        connectionString: serverUrl ?? embedded!.url,
        query_timeout: 30_000,
        application_name: 'vikno',
      } as any,
      // a server connection's first Ukrainian text search loads the hunspell dictionary (seconds):
      // two stay open, and idle ones live ten minutes before they are closed
      pool: embedded ? { min: 0, max: 1 } : { min: 2, max: 10, idleTimeoutMillis: 600_000 },
      acquireConnectionTimeout: embedded ? 10_000 : 30_000,
      migrations: { naturalSort: true, paths: ['core/database/migrations'] },
      debug: false,
    } as any,
    ...(ownerUrl && serverUrl
      ? {
          owner: {
            client: 'pg',
            connection: { connectionString: ownerUrl, query_timeout: 120_000, application_name: 'vikno-owner' } as any,
            pool: { min: 0, max: 2 },
            migrations: { naturalSort: true, paths: ['core/database/migrations'] },
            debug: false,
          } as any,
        }
      : {}),
  },
})

export default databaseConfig
