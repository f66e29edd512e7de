import type { Knex } from 'knex'
import { list } from '#core/records/read'
import type { Actor } from '#core/permissions/actor'
import { MetadataSet } from '#core/metadata/set'
import { uiBootstrap } from '#core/http/ui/bootstrap'
import { Problem } from '#core/errors/problem'
import type { MetaDocument } from '#core/shared/metadata'

export interface PreviewRequest {
  /** Role keys of the sample user; omitted: the administrator's own roles. */
  roles?: string[]
  attributes?: Record<string, unknown>
  /** An entity whose first page of records the sample user would see. */
  entity?: string
  limit?: number
}

/** Rolls a read back: a preview never leaves anything behind (not even a personal-data read log). */
class Rollback extends Error {}

/**
 * What a sample user would see: the bootstrap of the screens computed on `set` (a draft's or
 * the published metadata) for a synthetic actor with the given roles and attributes, and the
 * first page of one entity's list. The list runs in a transaction that is always rolled
 * back, on the live tables (the published entities: a draft's new fields have no column yet).
 */
export async function previewAs(db: Knex, set: MetadataSet, published: MetadataSet, revision: number, admin: Actor, request: PreviewRequest) {
  const roles = request.roles ?? admin.roles
  const errors = roles.filter((r) => typeof r !== 'string' || !set.get('role', r)).map((r, i) => ({ pointer: `/roles/${i}`, message: `no role "${r}"`, code: 'unknown' }))
  if (!Array.isArray(roles) || errors.length) throw new Problem('validation', errors.length ? errors : [{ pointer: '/roles', message: 'a list of role keys', code: 'type' }])
  const attributes = request.attributes && typeof request.attributes === 'object' && !Array.isArray(request.attributes) ? request.attributes : {}
  const actor: Actor = { id: admin.id, login: 'preview', name: 'preview', roles, attributes, locale: admin.locale }
  const bootstrap = uiBootstrap(set, actor, revision, { login: 'preview', name: null, locale: admin.locale })
  let page: { entity: string; data: unknown[]; error?: string } | undefined
  if (request.entity) {
    // the draft's roles and views on the live entities
    const record: Record<string, MetaDocument> = {}
    for (const [id, doc] of set.docs) if (doc.kind !== 'entity') record[id] = doc
    for (const [id, doc] of published.docs) if (doc.kind === 'entity') record[id] = doc
    const listSet = MetadataSet.fromRecord(record)
    try {
      await db.transaction(async (trx) => {
        const result = await list({ set: listSet, actor, db: trx }, request.entity!, { limit: Math.min(Math.max(request.limit ?? 10, 1), 50) })
        page = { entity: request.entity!, data: result.data }
        throw new Rollback()
      })
    } catch (e) {
      if (!(e instanceof Rollback)) page = { entity: request.entity, data: [], error: e instanceof Problem ? e.problemType : String((e as Error).message ?? e) }
    }
  }
  return { bootstrap, page }
}
