import type { ApiClient } from './client.js'

/** Polls `check` every 50 ms until it holds; throws after `timeout` ms. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeout = 10_000) {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Publishes one connector instance through the metadata API (draft → put → publish), or
 * removes it with `null`. Resolves with the publish answer; throws on any 4xx/5xx.
 */
export async function publishConnector(admin: ApiClient, key: string, instance: { type: string; config: Record<string, unknown>; enabled?: boolean; mappings?: Record<string, unknown> } | null) {
  const draft = (await admin.post('/api/v1/meta/drafts', {})).body
  const path = `/api/v1/meta/drafts/${draft.id}/documents/connector/${key}`
  const put = instance
    ? await admin.put(path, { document: { kind: 'connector', key, enabled: true, ...instance }, version: draft.version })
    : await admin.request('DELETE', `${path}?version=${draft.version}`)
  if (put.status !== 200) throw new Error(`draft edit: ${put.status} ${put.text}`)
  const res = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`)
  return res.body
}
