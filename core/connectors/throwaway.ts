import { Problem, notFound } from '#core/errors/problem'
import { engine } from '#core/engine/engine'
import { connectorManifest, connectorType } from './registry.js'
import { checkConnectorConfig } from './config_check.js'
import { resolveSecrets, sealSecrets, stripSecrets } from './secrets.js'
import { runningInstance } from './host.js'
import type { ConnectorContext, ConnectorInstanceDoc } from './types.js'

/**
 * "Test connection": a running instance's `test`, or a throwaway instance of `type` with
 * `config` (an unsaved form) started, tested and stopped; `key` with `config`: an instance's
 * edited form, its masked secrets (`"***"`) taken from the stored ones. The detail never
 * carries a secret.
 */
export async function testConnection(input: { key?: string; type?: string; config?: Record<string, unknown> }): Promise<{ ok: boolean; detail: string }> {
  if (input.key && input.config) {
    const doc = engine.set.get('connector', input.key) as unknown as ConnectorInstanceDoc | undefined
    if (!doc) throw notFound()
    return throwaway(doc.type, input.config, doc.config)
  }
  if (input.key) {
    const running = runningInstance(input.key)
    if (running?.connector?.test) return safeTest(() => running.connector!.test!(), running.secrets)
    const doc = engine.set.get('connector', input.key) as unknown as ConnectorInstanceDoc | undefined
    if (!doc) throw notFound()
    return throwaway(doc.type, doc.config)
  }
  return throwaway(String(input.type), input.config ?? {})
}

async function throwaway(typeKey: string, typed: Record<string, unknown>, stored?: Record<string, unknown>) {
  const manifest = connectorManifest(typeKey)
  if (!manifest) throw new Problem('validation', [{ pointer: '/type', message: `no connector type "${typeKey}"`, code: 'unknown' }])
  // an unsaved form's secrets are typed in clear: sealed here as a save would, never stored
  const config = sealSecrets(manifest.config, typed, stored)
  const problems = checkConnectorConfig(manifest, config)
  if (problems.length)
    throw new Problem(
      'validation',
      problems.map((p) => ({ ...p, code: 'config' }))
    )
  const type = await connectorType(typeKey)
  let secrets: string[] = []
  try {
    const resolved = resolveSecrets(manifest.config, config)
    secrets = resolved.values
    const connector = type.create()
    if (!connector.test) return { ok: false, detail: 'this connector type has no connection test' }
    const abort = new AbortController()
    const ctx: ConnectorContext = {
      key: `test:${typeKey}`,
      probe: true,
      config: resolved.config,
      mappings: {},
      signal: abort.signal,
      deliver: async () => {}, // a test must not feed the engine
      log: () => {},
      setHealth: () => {},
      state: { get: async () => undefined, set: async () => {} },
    }
    try {
      await connector.start(ctx)
      return await safeTest(() => connector.test!(), secrets)
    } finally {
      abort.abort()
      await connector.stop().catch(() => {})
    }
  } catch (error: any) {
    return { ok: false, detail: stripSecrets(String(error?.message ?? error), secrets) }
  }
}

async function safeTest(test: () => Promise<{ ok: boolean; detail: string }>, secrets: string[]) {
  try {
    const result = await test()
    return { ok: result.ok === true, detail: stripSecrets(String(result.detail ?? ''), secrets) }
  } catch (error: any) {
    return { ok: false, detail: stripSecrets(String(error?.message ?? error), secrets) }
  }
}
