import type { Knex } from 'knex'
import type { MetaDocument } from '#core/shared/metadata'
import { Problem, notFound, badRequest } from '#core/errors/problem'
import { MetadataSet, docId } from './set.js'
import { checkSet } from './validate.js'
import { latestRevision } from './revisions.js'
import { MetadataError } from './problems.js'
import { sealConnectorDocs } from '#core/connectors/seal_docs'

export interface DraftRow {
  id: string
  author_id: string | null
  base_revision: number
  changes: Record<string, MetaDocument | null>
  status: 'open' | 'published' | 'discarded'
  version: number
}

export async function createDraft(db: Knex, authorId: string | null): Promise<DraftRow> {
  const current = await latestRevision(db)
  const [row] = await db('sys_meta_drafts')
    .insert({ author_id: authorId, base_revision: current?.id ?? 0 })
    .returning('*')
  return row
}

export async function getDraft(db: Knex | Knex.Transaction, id: string): Promise<DraftRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  const row = await db('sys_meta_drafts').where({ id }).first()
  if (!row) throw notFound()
  return row
}

/** The draft's documents applied on its base revision. */
export async function draftSet(db: Knex | Knex.Transaction, draft: DraftRow): Promise<MetadataSet> {
  const base = await db('sys_meta_revisions').where({ id: draft.base_revision }).first('documents')
  return MetadataSet.fromRecord(base?.documents ?? {}).with(draft.changes)
}

/**
 * Puts (or, with `doc === null`, removes) one document in an open draft. `expectedVersion` is
 * the draft version the editor saw: a different one means another administrator edited the
 * draft meanwhile, and the edit is refused with 409 instead of silently overwriting theirs.
 */
export async function editDraft(db: Knex, id: string, kind: string, key: string, doc: MetaDocument | null, expectedVersion: unknown) {
  if (doc !== null) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest('document must be an object', [{ pointer: '/document', message: 'object', code: 'type' }])
    if (doc.kind !== kind || doc.key !== key) {
      throw new Problem('validation', [{ pointer: '/document/key', message: `kind and key must be ${kind}/${key}`, code: 'mismatch' }])
    }
  }
  return putDraftDocuments(db, id, { [docId(kind, key)]: doc }, expectedVersion)
}

/**
 * Puts many documents (by `kind/key`; null removes one) into an open draft as one version step
 * (connector secrets typed in clear encrypted: core/connectors/seal_docs.ts), refusing a stale `expectedVersion` with 409 (another administrator edited the draft meanwhile).
 */
export async function putDraftDocuments(db: Knex, id: string, docs: Record<string, MetaDocument | null>, expectedVersion: unknown): Promise<DraftRow> {
  if (typeof expectedVersion !== 'number') throw badRequest('version of the draft is required', [{ pointer: '/version', message: 'required', code: 'required' }])
  return db.transaction(async (trx) => {
    const draft = await trx('sys_meta_drafts').where({ id }).forUpdate().first()
    if (!draft) throw notFound()
    if (draft.status !== 'open') throw new Problem('conflict', [], {}, `draft is ${draft.status}`)
    if (draft.version !== expectedVersion) {
      throw new Problem('conflict', [{ pointer: '/version', message: 'the draft was changed by someone else', code: 'stale' }], { currentVersion: draft.version })
    }
    // connector secrets never rest in clear text, not even in a draft
    const hasConnector = Object.values(docs).some((d) => d?.kind === 'connector')
    const base = hasConnector ? await draftSet(trx, { ...draft, changes: {} }) : undefined
    const sealed = hasConnector ? sealConnectorDocs(docs, (id) => draft.changes[id] ?? base!.docs.get(id as any)) : docs
    const changes = { ...draft.changes, ...sealed }
    const [row] = await trx('sys_meta_drafts')
      .where({ id })
      .update({ changes: JSON.stringify(changes), version: draft.version + 1, updated_at: trx.fn.now() })
      .returning('*')
    return row as DraftRow
  })
}

/** Problems of the draft as it stands, with pointers `/<kind>/<key>/<pointer>`. */
export async function validateDraft(db: Knex, draft: DraftRow) {
  const set = await draftSet(db, draft)
  return new MetadataError(checkSet(set)).toFieldErrors()
}

export async function markDraft(db: Knex | Knex.Transaction, id: string, status: 'published' | 'discarded') {
  await db('sys_meta_drafts').where({ id }).update({ status, updated_at: db.fn.now() })
}
