import pg from 'pg'
import type { ApplicationService } from '@adonisjs/core/types'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { Database } from '@adonisjs/lucid/database'
import env from '#start/env'
import { embedded } from '#config/database'
import { loadFiles } from '#core/metadata/loader'
import { loadModules } from '#core/modules/loader'
import { runBootTasks } from './boot_tasks.js'
import { kindNames } from '#core/metadata/kinds/index'
import { assertValid } from '#core/metadata/validate'
import { latestRevision, lastFileSnapshot } from '#core/metadata/revisions'
import { MetadataSet } from '#core/metadata/set'
import { ensureSearchConfig } from '#core/schema/index'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { engine } from './engine.js'
import { publishAndReload } from './publishing.js'
import { listenForRevisions } from './cluster.js'
import { grantServingRole } from '#core/db/roles'

export function sourceRoots(root: string) {
  return {
    root,
    city: env.get('VIKNO_CITY') ?? 'vyshhorod',
    extraModules: env.get('VIKNO_EXTRA_MODULES')?.split(':').filter(Boolean) ?? [],
  }
}

/**
 * Start-up of the engine on one node: migrations of the engine's tables, the search
 * configuration, metadata files (invalid files stop the boot here, with file, pointer and
 * reason), the import of changed files as a new revision, and the load of the current one.
 */
export async function bootEngine(app: ApplicationService) {
  const db = (await app.container.make('lucid.db')) as Database
  const knex = db.connection().getWriteClient()
  const owner = env.get('DATABASE_OWNER_URL') && !embedded ? db.connection('owner').getWriteClient() : undefined
  engine.attach(knex, embedded !== undefined, owner)
  engine.node = env.get('VIKNO_NODE') ?? `node-${process.pid}`

  const roots = sourceRoots(app.appRoot.pathname)
  await loadModules(roots)
  const files = loadFiles(roots, kindNames())
  assertValid(files)

  await migrate(db, app, owner ? 'owner' : undefined)
  engine.search = await ensureSearchConfig(engine.ownerKnex)
  await grantServingRole(engine.ownerKnex, knex)

  await importFiles(files)
  await engine.reload()
  await runBootTasks(engine.ownerKnex)
  await grantServingRole(engine.ownerKnex, knex)
  if (!embedded) await listenForRevisions(env.get('DATABASE_URL')!)
}

/**
 * Runs the engine's migrations once even when several nodes start together. Lucid's own lock
 * takes a session advisory lock on one pooled connection and may release it on another, so
 * nodes serialise here on a dedicated connection instead. The embedded database has one
 * process (others join it and never migrate), so it needs no lock.
 */
async function migrate(db: Database, app: ApplicationService, connectionName?: string) {
  let holder: pg.Client | undefined
  if (!embedded) {
    holder = new pg.Client({ connectionString: env.get('DATABASE_OWNER_URL') ?? env.get('DATABASE_URL'), application_name: 'vikno-migrate' })
    await holder.connect()
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
  }
  try {
    const migrator = new MigrationRunner(db, app, { direction: 'up', dryRun: false, disableLocks: true, connectionName })
    await migrator.run()
    if (migrator.error) throw migrator.error
  } finally {
    if (holder) {
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
      await holder.end()
    }
  }
}

const MIGRATION_LOCK = 74_100_002

/**
 * Files are the initial import. Later, when files change (a module added a document), the
 * file-side changes since the last import are applied on top of the current revision, so
 * edits made by administrators through the API to other documents are kept (3-way merge by
 * document).
 */
export async function importFiles(files: MetadataSet) {
  const current = await latestRevision(engine.knex)
  if (!current) {
    await publishAndReload(files, { actor: SYSTEM_ACTOR, source: 'files', message: 'initial import of metadata files', fileSnapshot: files.toRecord() })
    return
  }
  const base = (await lastFileSnapshot(engine.knex)) ?? new MetadataSet([])
  const diff = files.diffFrom(base)
  if (!diff.length) return
  const changes: Record<string, any> = {}
  for (const { id, op } of diff) changes[id] = op === 'removed' ? null : files.docs.get(id)
  const merged = MetadataSet.fromRecord(current.documents).with(changes)
  await publishAndReload(merged, {
    actor: SYSTEM_ACTOR,
    source: 'files',
    message: `files changed: ${diff.map((d) => `${d.op} ${d.id}`).join(', ')}`,
    fileSnapshot: files.toRecord(),
  })
}
