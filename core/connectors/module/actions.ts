import { defineAction } from '#core/modules/define'
import type { OpContext } from '#core/records/context'
import { isAdmin } from '#core/permissions/policy'
import { Problem, notFound } from '#core/errors/problem'
import { connectorManifest, connectorTypes } from '../registry.js'
import { instanceHealth } from '../health.js'
import { runningInstance } from '../host.js'
import { testConnection } from '../throwaway.js'
import { checkActionInputOf } from './perform_input.js'
import type { ConnectorInstanceDoc } from '../types.js'

function admin(op: OpContext) {
  if (!isAdmin(op.set, op.actor)) throw new Problem('forbidden', [], {}, 'administrators only')
}

const digits = { type: 'string', pattern: '^[0-9]{1,12}$' }
const key = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' }

/** The Connectors admin screen's API (administrators only). */
export const connectorActions = {
  types: defineAction({
    method: 'GET',
    summary: 'Connector types: labels, capabilities, config schema, actions',
    input: { type: 'object', additionalProperties: false },
    async handle(op) {
      admin(op)
      return {
        data: connectorTypes().map((m) => ({
          key: m.key,
          labels: m.labels,
          description: m.description,
          capabilities: m.capabilities,
          singleton: m.singleton === true,
          webhook: m.webhook === true,
          config: m.config,
          actions: m.actions ?? {},
        })),
      }
    },
  }),
  instances: defineAction({
    method: 'GET',
    summary: 'Connector instances with their health on this node',
    input: { type: 'object', additionalProperties: false },
    async handle(op) {
      admin(op)
      const docs = op.set.list('connector') as unknown as ConnectorInstanceDoc[]
      return {
        data: docs.map((d) => {
          const h = instanceHealth(d.key)
          return { key: d.key, type: d.type, label: d.label, enabled: d.enabled, health: h ? { status: h.status, detail: h.detail, since: h.since } : { status: 'stopped' }, node: h?.node ?? null }
        }),
      }
    },
  }),
  test: defineAction<{ key?: string; type?: string; config?: Record<string, unknown> }>({
    method: 'POST',
    summary: 'Tests the connection of an instance, or of a type with an unsaved config',
    input: {
      type: 'object',
      properties: { key, type: { type: 'string', maxLength: 64 }, config: { type: 'object' } },
      anyOf: [{ required: ['key'] }, { required: ['type', 'config'] }],
      additionalProperties: false,
    },
    async handle(op, input) {
      admin(op)
      return { data: await testConnection(input) }
    },
  }),
  log: defineAction<{ key: string; limit?: string; before?: string }>({
    method: 'GET',
    summary: "An instance's exchange log, newest first",
    input: { type: 'object', properties: { key, limit: digits, before: digits }, required: ['key'], additionalProperties: false },
    async handle(op, input) {
      admin(op)
      const limit = Math.min(500, Math.max(1, Number(input.limit ?? 100)))
      const q = op.db('sys_connector_log').where({ instance: input.key }).orderBy('id', 'desc').limit(limit)
      if (input.before) q.where('id', '<', input.before)
      const rows = await q
      return {
        data: rows.map((r: any) => ({
          id: Number(r.id),
          at: r.at,
          direction: r.direction,
          operation: r.operation,
          status: r.status,
          latencyMs: r.latency_ms,
          correlationId: r.correlation_id,
          error: r.error,
          payload: r.payload,
        })),
      }
    },
  }),
  perform: defineAction<{ key: string; action: string; input?: unknown }>({
    method: 'POST',
    summary: "Runs one of an instance's actions (originate, send_message...)",
    input: { type: 'object', properties: { key, action: { type: 'string', maxLength: 64 }, input: {} }, required: ['key', 'action'], additionalProperties: false },
    async handle(op, input) {
      admin(op)
      const doc = op.set.get('connector', input.key) as unknown as ConnectorInstanceDoc | undefined
      const manifest = doc && connectorManifest(doc.type)
      if (!doc || !manifest) throw notFound()
      if (!manifest.actions?.[input.action]) throw new Problem('validation', [{ pointer: '/action', message: `no action "${input.action}" in ${doc.type}`, code: 'unknown' }])
      checkActionInputOf(manifest, input.action, input.input ?? {})
      const run = runningInstance(input.key)
      if (!run?.connector?.perform) throw new Problem('unavailable', [], {}, `instance ${input.key} is not running on this node`)
      return { data: await run.connector.perform(input.action, input.input ?? {}) }
    },
  }),
}
