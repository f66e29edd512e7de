import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { isAdmin } from '#core/permissions/policy'
import { mayEditKind, metadataKinds } from '#core/permissions/metadata_access'
import { Problem, notFound } from '#core/errors/problem'
import { createDraft, getDraft, editDraft, validateDraft, draftSet, markDraft } from '#core/metadata/drafts'
import { publishAndReload } from '#core/engine/publishing'
import { listRevisions, revisionById } from '#core/metadata/revisions'
import { MetadataSet } from '#core/metadata/set'
import { canonicalJson } from '#core/metadata/export'
import { maskSecrets } from '#core/connectors/secrets'

/**
 * `/api/v1/meta/...`: drafts → validate → publish → rollback. Every answer shows connector
 * secrets as `{"$encrypted":"***"}` (core/connectors/secrets.ts). Administrators may do all of it;
 * a role with `metadata.kinds` (a supervisor: request types, SLAs) may edit and publish drafts
 * touching only those kinds. Rollback and export stay with administrators.
 */
export default class MetaController {
  #admin(ctx: HttpContext) {
    if (!isAdmin(engine.set, ctx.actor)) throw new Problem('forbidden', [], {}, 'administrators only')
  }

  /** Anyone who may edit some metadata kind (administrators, or roles with `metadata.kinds`). */
  #editor(ctx: HttpContext) {
    const kinds = metadataKinds(engine.set, ctx.actor)
    if (kinds !== '*' && !kinds.length) throw new Problem('forbidden', [], {}, 'administrators only')
  }

  /** Refuses (403, with each offending document's pointer) a draft touching kinds the actor may not edit. */
  #mayTouch(ctx: HttpContext, ids: string[]) {
    const errors = ids
      .filter((id) => !mayEditKind(engine.set, ctx.actor, id.slice(0, id.indexOf('/'))))
      .map((id) => ({ pointer: `/${id}`, message: `you may not edit ${id.slice(0, id.indexOf('/'))} metadata`, code: 'forbidden' }))
    if (errors.length) throw new Problem('forbidden', errors)
  }

  async index(ctx: HttpContext) {
    this.#editor(ctx)
    return maskSecrets({ revision: engine.revision, documents: engine.set.toRecord() })
  }

  async document(ctx: HttpContext) {
    this.#editor(ctx)
    const doc = engine.set.get(ctx.params.kind, ctx.params.key)
    if (!doc) throw notFound()
    return maskSecrets(doc)
  }

  async createDraft(ctx: HttpContext) {
    this.#editor(ctx)
    ctx.response.status(201)
    return maskSecrets(await createDraft(engine.knex, ctx.actor.id))
  }

  async showDraft(ctx: HttpContext) {
    this.#editor(ctx)
    const draft = await getDraft(engine.knex, ctx.params.id)
    return maskSecrets({ ...draft, problems: await validateDraft(engine.knex, draft) })
  }

  async putDocument(ctx: HttpContext) {
    this.#editor(ctx)
    this.#mayTouch(ctx, [`${ctx.params.kind}/${ctx.params.key}`])
    const { document, version } = ctx.request.body() as any
    const draft = await editDraft(engine.knex, ctx.params.id, ctx.params.kind, ctx.params.key, document ?? null, version)
    return maskSecrets({ ...draft, problems: await validateDraft(engine.knex, draft) })
  }

  async deleteDocument(ctx: HttpContext) {
    this.#editor(ctx)
    this.#mayTouch(ctx, [`${ctx.params.kind}/${ctx.params.key}`])
    const version = Number(ctx.request.qs().version ?? (ctx.request.body() as any)?.version)
    const draft = await editDraft(engine.knex, ctx.params.id, ctx.params.kind, ctx.params.key, null, Number.isFinite(version) ? version : undefined)
    return maskSecrets({ ...draft, problems: await validateDraft(engine.knex, draft) })
  }

  async validate(ctx: HttpContext) {
    this.#editor(ctx)
    const draft = await getDraft(engine.knex, ctx.params.id)
    const problems = await validateDraft(engine.knex, draft)
    return { valid: problems.length === 0, problems }
  }

  async publish(ctx: HttpContext) {
    this.#editor(ctx)
    const body = ctx.request.body() as any
    const draft = await getDraft(engine.knex, ctx.params.id)
    this.#mayTouch(ctx, Object.keys(draft.changes))
    if (draft.status !== 'open') throw new Problem('conflict', [], {}, `draft is ${draft.status}`)
    const next = await draftSet(engine.knex, draft)
    const result = await publishAndReload(next, {
      actor: ctx.actor,
      source: 'admin',
      message: typeof body.message === 'string' ? body.message : undefined,
      baseRevision: draft.base_revision,
      confirm: body.confirm === true,
      dropRemoved: body.dropRemoved === true,
      dryRun: body.dryRun === true,
    })
    if (result.revision !== null && !body.dryRun) await markDraft(engine.knex, draft.id, 'published')
    return result
  }

  async revisions(ctx: HttpContext) {
    this.#admin(ctx)
    return { data: await listRevisions(engine.knex), current: engine.revision }
  }

  async revision(ctx: HttpContext) {
    this.#admin(ctx)
    const row = await revisionById(engine.knex, Number(ctx.params.id))
    if (!row) throw notFound()
    return maskSecrets(row)
  }

  /** Rollback = publishing an earlier revision's documents as a new revision. Data is kept. */
  async rollback(ctx: HttpContext) {
    this.#admin(ctx)
    const body = ctx.request.body() as any
    const row = await revisionById(engine.knex, Number(ctx.params.id))
    if (!row) throw notFound()
    return publishAndReload(MetadataSet.fromRecord(row.documents), {
      actor: ctx.actor,
      source: 'rollback',
      message: `rollback to revision ${row.id}`,
      confirm: body?.confirm === true,
      dryRun: body?.dryRun === true,
    })
  }

  /** The published metadata as canonical files: `{ "<kind>/<key>": "<file text>" }`. */
  async export(ctx: HttpContext) {
    this.#admin(ctx)
    const files: Record<string, string> = {}
    for (const [id, doc] of engine.set.docs) files[id] = canonicalJson(maskSecrets(doc))
    return { revision: engine.revision, files }
  }
}
