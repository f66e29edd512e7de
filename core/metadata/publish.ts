import type { PublishResult as SharedPublishResult } from '#core/shared/metadata_api'
import type { Knex } from 'knex'
import type { MetaDocument } from '#core/shared/metadata'
import { introspect, planSchema, applyPlan, assessPlan, previewPlan, type SchemaAction } from '#core/schema/index'
import { Problem } from '#core/errors/problem'
import { writeAudit } from '#core/audit/audit'
import type { Actor } from '#core/permissions/actor'
import { assertValid } from './validate.js'
import { latestRevision } from './revisions.js'
import type { MetadataSet } from './set.js'

export interface PublishOptions {
  actor: Actor
  source: 'files' | 'admin' | 'rollback'
  message?: string
  /** The revision the change was made on; a different current revision is a conflict. */
  baseRevision?: number
  /** Confirms destructive schema actions (type changes, drops). */
  confirm?: boolean
  /** Also drop columns and tables whose fields or entities were removed (destructive). */
  dropRemoved?: boolean
  dryRun?: boolean
  /** Recorded with file imports: the base of the next 3-way merge. */
  fileSnapshot?: Record<string, MetaDocument>
}

/** What a publish answers, its schema actions typed (core/shared/metadata_api.ts). */
export type PublishResult = SharedPublishResult<SchemaAction>

const LOCK = 74_100_001 // pg_advisory_xact_lock key: one publish at a time across nodes

/**
 * The one publish pipeline, for files at boot, the admin API and rollbacks:
 * validate → plan the database change against the live schema → refuse destructive actions
 * unless confirmed (saying which rows would be affected) → apply the DDL and record the
 * revision in ONE transaction. Callers reload the engine and notify nodes after it returns.
 */
export async function publish(knex: Knex, next: MetadataSet, options: PublishOptions): Promise<PublishResult> {
  assertValid(next)
  return knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [LOCK])
    const current = await latestRevision(trx)
    if (options.baseRevision !== undefined && current && current.id !== options.baseRevision) {
      throw new Problem('conflict', [], { currentRevision: current.id }, `metadata changed meanwhile: revision ${current.id} is current`)
    }
    const base = current ? (await import('./set.js')).MetadataSet.fromRecord(current.documents) : undefined
    const diff = base ? next.diffFrom(base) : [...next.docs.keys()].map((id) => ({ id, op: 'added' as const }))
    const live = await introspect(trx)
    const actions = planSchema(next.entities, live, { dropRemoved: options.dropRemoved === true, previous: base?.entities ?? [] })
    const destructive = actions.filter((a: SchemaAction) => a.destructive)
    const sql = previewPlan(trx, actions)
    if (options.dryRun || (destructive.length && !options.confirm)) {
      const assessments = destructive.length ? await assessPlan(trx, destructive) : []
      if (!options.dryRun) {
        throw new Problem('destructive-change', [], { actions: destructive, assessments }, 'destructive schema change: confirm to apply')
      }
      return { revision: null, diff, actions, sql, assessments }
    }
    if (current && !diff.length && !actions.length) return { revision: current.id, diff, actions, sql }
    await applyPlan(trx, actions, { confirm: options.confirm === true })
    const [row] = await trx('sys_meta_revisions')
      .insert({
        parent_id: current?.id ?? null,
        author_id: options.actor.id,
        source: options.source,
        message: options.message ?? null,
        documents: JSON.stringify(next.toRecord()),
        file_snapshot: options.fileSnapshot ? JSON.stringify(options.fileSnapshot) : null,
        diff: JSON.stringify(diff),
        schema_actions: JSON.stringify(actions),
      })
      .returning('id')
    await writeAudit(trx, options.actor, { entity: 'sys_metadata', recordId: null, action: 'publish', changes: { revision: row.id, diff } })
    return { revision: row.id as number, diff, actions, sql }
  })
}
