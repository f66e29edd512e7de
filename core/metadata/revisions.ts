import type { Knex } from 'knex'
import type { MetaDocument } from '#core/shared/metadata'
import { MetadataSet } from './set.js'

export interface RevisionRow {
  id: number
  parent_id: number | null
  author_id: string | null
  source: 'files' | 'admin' | 'rollback'
  message: string | null
  documents: Record<string, MetaDocument>
  file_snapshot: Record<string, MetaDocument> | null
  diff: unknown
  schema_actions: unknown
  created_at: Date
}

export async function latestRevision(db: Knex | Knex.Transaction): Promise<RevisionRow | undefined> {
  return db('sys_meta_revisions').orderBy('id', 'desc').first()
}

export async function revisionById(db: Knex | Knex.Transaction, id: number): Promise<RevisionRow | undefined> {
  return db('sys_meta_revisions').where({ id }).first()
}

/** The files as they were at the last import from files: the base of the 3-way merge. */
export async function lastFileSnapshot(db: Knex | Knex.Transaction): Promise<MetadataSet | undefined> {
  const row = await db('sys_meta_revisions').whereNotNull('file_snapshot').orderBy('id', 'desc').first('file_snapshot')
  return row ? MetadataSet.fromRecord(row.file_snapshot) : undefined
}

/** Revision summaries, newest first. */
export async function listRevisions(db: Knex | Knex.Transaction, limit = 100) {
  return db('sys_meta_revisions').select('id', 'parent_id', 'author_id', 'source', 'message', 'diff', 'schema_actions', 'created_at').orderBy('id', 'desc').limit(limit)
}
