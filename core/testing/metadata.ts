import type { ApiClient } from './client.js'

/** A document to put in a draft, or `{ kind, key, remove: true }` to delete one. */
export type DraftChange = { kind: string; key: string; remove?: boolean; [member: string]: unknown }

/**
 * Edits one draft through the metadata API (put each document, or delete it with `remove`),
 * then publishes it, or with `validate` only validates it. Resolves with the publish (or
 * validate) answer; throws on any failed edit or publish.
 */
export async function publishDocuments(admin: ApiClient, changes: DraftChange[], options: { validate?: boolean } = {}) {
  const draft = (await admin.post('/api/v1/meta/drafts', {})).body
  let version = draft.version
  for (const { remove, ...doc } of changes) {
    const path = `/api/v1/meta/drafts/${draft.id}/documents/${doc.kind}/${doc.key}`
    const res = remove ? await admin.request('DELETE', `${path}?version=${version}`) : await admin.put(path, { document: doc, version })
    if (res.status !== 200) throw new Error(`draft edit of ${doc.kind}/${doc.key}: ${res.status} ${res.text}`)
    version = res.body.version
  }
  if (options.validate) return (await admin.post(`/api/v1/meta/drafts/${draft.id}/validate`)).body
  const res = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`)
  return res.body
}
