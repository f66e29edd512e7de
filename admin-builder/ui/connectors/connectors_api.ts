import { get, post } from '../../../core/ui/src/api/client.js'
import type { Label } from '../../../core/shared/metadata.js'
import type { FieldError } from '../../../core/shared/problem.js'
import { metaApi, problemsOf, type Draft, type MetaDocument } from '../api.js'

/** A connector type as the host describes it (connectors.types). */
export interface ConnectorType {
  key: string
  labels: Label
  description?: Label | string
  capabilities: string[]
  /** JSON Schema 2020-12 of an instance's `config`; secret members carry `"x-secret": true`. */
  config: Record<string, unknown>
  actions?: unknown
}

export type HealthStatus = 'up' | 'down' | 'degraded' | 'stopped'
export interface Health {
  status: HealthStatus
  detail?: string
  since?: string
}

/** A running (or stopped) instance (connectors.instances). */
export interface ConnectorInstance {
  key: string
  type: string
  label: Label | string
  enabled: boolean
  health: Health
  node?: string
}

/** One exchange of the connector log (connectors.log). */
export interface LogRow {
  id: string | number
  at: string
  direction: string
  operation: string
  status: string
  latencyMs: number | null
  correlationId: string | null
  error: string | null
  payload: unknown
}

/** A `connector` metadata document (`<key>.connector.json`). */
export interface ConnectorDoc extends MetaDocument {
  kind: 'connector'
  type: string
  label: Label
  enabled: boolean
  config: Record<string, unknown>
  mappings?: unknown
}

/** The socket event the host sends administrators when an instance's health changes. */
export interface HealthEvent extends Health {
  key: string
}

/** The connector host's admin actions (module `connectors`). */
export const connectorsApi = {
  types: () => get<{ data: ConnectorType[] }>('/api/v1/actions/connectors.types').then((r) => r.data),
  instances: () => get<{ data: ConnectorInstance[] }>('/api/v1/actions/connectors.instances').then((r) => r.data),
  test: (body: { key: string; config?: Record<string, unknown> } | { type: string; config: Record<string, unknown> }) =>
    post<{ data: { ok: boolean; detail: string } }>('/api/v1/actions/connectors.test', body).then((r) => r.data),
  log: (key: string, limit: number, before?: string | number) =>
    get<{ data: LogRow[] }>(`/api/v1/actions/connectors.log?${new URLSearchParams({ key, limit: String(limit), ...(before !== undefined ? { before: String(before) } : {}) })}`).then((r) => r.data),
}

/**
 * Saves one connector document in a draft of its own and publishes it, so the administrator's
 * other unpublished work in the builder's draft is not published with it. Problems of the
 * document (pointers relative to it, `/config/port`) come back instead of publishing; pass
 * the returned draft back to retry in the same draft.
 */
export async function publishConnector(doc: ConnectorDoc, previous?: Draft): Promise<{ problems: FieldError[]; draft?: Draft; revision?: number | null }> {
  const draft = previous?.status === 'open' ? previous : await metaApi.createDraft()
  const saved = await metaApi.put(draft.id, 'connector', doc.key, doc, draft.version)
  const problems = problemsOf(saved.problems, 'connector', doc.key)
  if (problems.length) return { problems, draft: saved }
  const result = await metaApi.publish(saved.id, { message: `connector ${doc.key}` })
  return { problems: [], revision: result.revision }
}
