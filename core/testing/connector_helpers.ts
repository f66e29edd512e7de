import type { ApiClient } from './client.js'
import { publishDocuments } from './metadata.js'

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
  return publishDocuments(admin, [instance ? { kind: 'connector', key, enabled: true, ...instance } : { kind: 'connector', key, remove: true }])
}
