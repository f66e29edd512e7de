import type { HttpContext } from '@adonisjs/core/http'
import { maskSecrets } from '#core/connectors/secrets'
import { engine } from '#core/engine/engine'
import { Problem } from '#core/errors/problem'
import { isAdmin } from '#core/permissions/policy'
import { mayEditKind, metadataKinds } from '#core/permissions/metadata_access'
import { getDraft, draftSet, validateDraft } from '#core/metadata/drafts'
import { fieldTypeList } from './field_types.js'
import { previewAs } from './preview.js'
import { readFiles } from './import.js'
import { putDraftDocuments } from '#core/metadata/drafts'

/**
 * The admin builder's own endpoints beside core/http/meta_controller.ts: the field types
 * registry for the entity designer, "see as this role" previews and importing metadata files
 * into a draft.
 */
export default class BuilderController {
  /** GET /api/v1/meta/field-types */
  async fieldTypes(ctx: HttpContext) {
    const kinds = metadataKinds(engine.set, ctx.actor)
    if (kinds !== '*' && !kinds.length) throw new Problem('forbidden', [], {}, 'administrators only')
    return { data: fieldTypeList() }
  }

  /**
   * POST /api/v1/meta/preview `{ draft?, roles?, attributes?, entity? }`: the bootstrap (and a
   * list page) a sample user would get, on the draft's metadata or the published one. Admin
   * only, read-only.
   */
  async preview(ctx: HttpContext) {
    if (!isAdmin(engine.set, ctx.actor)) throw new Problem('forbidden', [], {}, 'administrators only')
    const body = (ctx.request.body() ?? {}) as Record<string, any>
    const set = typeof body.draft === 'string' ? await draftSet(engine.knex, await getDraft(engine.knex, body.draft)) : engine.set
    if (body.entity !== undefined && typeof body.entity !== 'string') throw new Problem('validation', [{ pointer: '/entity', message: 'an entity key', code: 'type' }])
    if (body.roles !== undefined && !Array.isArray(body.roles)) throw new Problem('validation', [{ pointer: '/roles', message: 'a list of role keys', code: 'type' }])
    ctx.response.header('cache-control', 'no-store')
    return previewAs(engine.knex, set, engine.set, engine.revision, ctx.actor, body)
  }

  /** POST /api/v1/meta/drafts/:id/import `{ files: { "<key>.<kind>.json": text }, version }` */
  async import(ctx: HttpContext) {
    const body = (ctx.request.body() ?? {}) as Record<string, any>
    const docs = readFiles(body.files)
    const denied = Object.keys(docs).filter((id) => !mayEditKind(engine.set, ctx.actor, id.slice(0, id.indexOf('/'))))
    if (denied.length)
      throw new Problem(
        'forbidden',
        denied.map((id) => ({ pointer: `/${id}`, message: `you may not edit ${id.split('/')[0]} metadata`, code: 'forbidden' }))
      )
    const draft = await putDraftDocuments(engine.knex, ctx.params.id, docs, body.version)
    return maskSecrets({ ...draft, imported: Object.keys(docs), problems: await validateDraft(engine.knex, draft) })
  }
}
