import { publish, type PublishOptions, type PublishResult } from '#core/metadata/publish'
import type { MetadataSet } from '#core/metadata/set'
import { engine } from './engine.js'
import { announceRevision } from './cluster.js'

/** Publishes, then reloads this node and tells the others (after the commit, never before). */
export async function publishAndReload(next: MetadataSet, options: PublishOptions): Promise<PublishResult> {
  const result = await publish(engine.knex, next, options)
  if (result.revision !== null && result.revision !== engine.revision) {
    await engine.reload()
    await announceRevision(result.revision)
  }
  return result
}
