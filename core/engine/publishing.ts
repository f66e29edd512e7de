import { publish, type PublishOptions, type PublishResult } from '#core/metadata/publish'
import type { MetadataSet } from '#core/metadata/set'
import { engine } from './engine.js'
import { announceRevision } from './cluster.js'
import { grantServingRole } from '#core/db/roles'

/**
 * Publishes as the schema owner (the DDL of new tables and columns), gives the serving role its
 * rights on what was created, then reloads this node and tells the others (after the commit,
 * never before).
 */
export async function publishAndReload(next: MetadataSet, options: PublishOptions): Promise<PublishResult> {
  const result = await publish(engine.ownerKnex, next, options)
  if (result.revision !== null && result.revision !== engine.revision) {
    await grantServingRole(engine.ownerKnex, engine.knex)
    await engine.reload()
    await announceRevision(result.revision)
  }
  return result
}
