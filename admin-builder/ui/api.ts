import { api, get, post } from '../../core/ui/src/api/client.js'
import type { FieldError } from '../../core/shared/problem.js'
import type { PublishResult } from '../../core/shared/metadata_api.js'

/** One metadata document (`<kind>/<key>`), as stored in revisions and files. */
export type MetaDocument = { key: string; [field: string]: unknown }
export type DocId = `${string}/${string}`

export interface Published {
  revision: number
  documents: Record<DocId, MetaDocument>
}

export interface Draft {
  id: string
  author_id: string
  base_revision: number
  status: 'open' | 'published' | 'discarded'
  version: number
  /** Documents changed in the draft; `null` removes one. */
  changes: Record<DocId, MetaDocument | null>
  /** Meta-schema and semantic problems of the whole draft, pointers `/<kind>/<key>/<json pointer>`. */
  problems: FieldError[]
}

export type { SchemaActionSummary as SchemaAction, PublishResult } from '../../core/shared/metadata_api.js'

export interface RevisionRow {
  id: number
  author_id: string | null
  source: string
  message: string | null
  created_at: string
}

/** The admin API (core/http/meta_controller.ts): drafts → validate → publish → rollback. */
export const metaApi = {
  published: () => get<Published>('/api/v1/meta'),
  createDraft: () => post<Draft>('/api/v1/meta/drafts'),
  draft: (id: string) => get<Draft>(`/api/v1/meta/drafts/${id}`),
  /** `version` is the draft version the editor saw: another administrator's edit meanwhile → 409. */
  put: (draftId: string, kind: string, key: string, document: MetaDocument | null, version: number) =>
    api<Draft>('PUT', `/api/v1/meta/drafts/${draftId}/documents/${kind}/${encodeURIComponent(key)}`, { document, version }),
  validate: (draftId: string) => post<{ valid: boolean; problems: FieldError[] }>(`/api/v1/meta/drafts/${draftId}/validate`),
  publish: (draftId: string, options: { dryRun?: boolean; confirm?: boolean; message?: string } = {}) => post<PublishResult>(`/api/v1/meta/drafts/${draftId}/publish`, options),
  revisions: () => get<{ data: RevisionRow[]; current: number }>('/api/v1/meta/revisions'),
  revision: (id: number) => get<RevisionRow & { documents: Record<DocId, MetaDocument> }>(`/api/v1/meta/revisions/${id}`),
  rollback: (id: number, options: { dryRun?: boolean; confirm?: boolean } = {}) => post<PublishResult>(`/api/v1/meta/revisions/${id}/rollback`, options),
  exportFiles: () => get<{ revision: number; files: Record<DocId, string> }>('/api/v1/meta/export'),
}

/** Problems of one document, with pointers relative to it (`/fields/x/type`). */
export function problemsOf(problems: FieldError[], kind: string, key: string): FieldError[] {
  const prefix = `/${kind}/${key}`
  return problems.filter((p) => p.pointer === prefix || p.pointer.startsWith(`${prefix}/`)).map((p) => ({ ...p, pointer: p.pointer.slice(prefix.length) || '' }))
}
