import { Socket } from 'node:net'
import { testApp } from './app.js'
import { userClient, type ApiClient } from './client.js'
import { engine } from '#core/engine/engine'
import { startConnectorHost } from '#core/connectors/host'
import { instanceHealth } from '#core/connectors/health'
import { flushConnectorLog } from '#core/connectors/log'
import { connectorManifest } from '#core/connectors/registry'
import { isSecretRef, secretPaths } from '#core/connectors/secrets'
import { publishConnector, waitFor } from './connector_helpers.js'
import type { ConnectorContext, ConnectorType } from '#core/connectors/types'

/** What a connector type's spec gives the shared contract suite. */
export interface ContractSubject {
  type: ConnectorType
  /** A local emulator of the peer: `stop` = peer down, `start` = back on the same port. */
  peer: { start(): Promise<void>; stop(): Promise<void> }
  /** A good instance config pointing at the peer (secrets as {"$env": NAME}; the subject sets process.env). */
  config(): Record<string, unknown>
  badConfig: { config: Record<string, unknown>; pointer: string }
  /** The instance's `mappings`, for types that need them to start (a cloud PBX's field picks). */
  mappings?(): Record<string, unknown>
  /** Makes the peer send one inbound event; resolves with its idempotency key. */
  produce?(ctx: { instance: string; baseUrl: string }): Promise<string>
  /** Clear secret values that must never appear in logs, errors, exports. */
  secrets: string[]
  /** False for a pure webhook receiver without a peer to watch. */
  hasHealth?: boolean
}

/**
 * The contract every connector type passes (its spec calls this once): a bad config refused at
 * its pointer; health down when the peer stops and up when it returns (reconnect with
 * backoff); each produced event delivered once across a peer restart; secrets never in the
 * log, errors, answers or the export; `stop()` releasing its sockets and timers. Runs on the
 * in-process application with the connector host started, through the real metadata API.
 *
 * @example
 * describeConnectorContract('asterisk-ami', async () => ({ type, peer, config: () => ({...}), ... }))
 */
export function describeConnectorContract(name: string, subject: () => Promise<ContractSubject> | ContractSubject): void {
  describe(`connector contract: ${name}`, () => {
    let s: ContractSubject
    let admin: ApiClient
    let baseUrl: string
    const instance = `contract_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`.slice(0, 60)
    const health = () => instanceHealth(instance)?.status

    beforeAll(async () => {
      s = await subject()
      baseUrl = (await testApp()).url
      admin = await userClient(baseUrl, ['admin'])
      await startConnectorHost()
      await s.peer.start()
    }, 60_000)

    afterAll(async () => {
      await publishConnector(admin, instance, null).catch(() => {})
      await s?.peer.stop()
    })

    it('refuses a bad config at its pointer', async () => {
      const draft = (await admin.post('/api/v1/meta/drafts', {})).body
      const doc = { kind: 'connector', key: instance, type: s.type.manifest.key, enabled: true, config: s.badConfig.config }
      const res = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/connector/${instance}`, { document: doc, version: draft.version })
      expect(res.status).toBe(200)
      expect(res.body.problems.map((p: any) => p.pointer)).toContain(`/connector/${instance}${s.badConfig.pointer}`)
      const publish = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
      expect(publish.status).toBe(422)
    })

    it('starts when published and reports its health', async () => {
      await publishConnector(admin, instance, { type: s.type.manifest.key, config: s.config(), ...(s.mappings ? { mappings: s.mappings() } : {}) })
      if (s.hasHealth === false) await waitFor(() => health() !== undefined && health() !== 'stopped', 10_000)
      else await waitFor(() => health() === 'up', 15_000)
    })

    it('goes down when the peer stops and up again when it returns (reconnects with backoff)', async () => {
      await s.peer.stop()
      if (s.hasHealth === false) {
        // a webhook receiver watches no peer: it stays as it was
        const before = health()
        await s.peer.start()
        expect(health()).toBe(before)
        return
      }
      await waitFor(() => health() === 'down', 10_000)
      await s.peer.start()
      await waitFor(() => health() === 'up', 20_000)
    })

    it('delivers every produced event once across a peer restart', async () => {
      if (!s.produce) {
        // a type that produces nothing (an HTTP sender) must deliver nothing
        await s.peer.stop()
        await s.peer.start()
        const rows = await engine.knex('sys_connector_inbox').where({ instance }).count('* as n')
        return expect(Number(rows[0].n)).toBe(0)
      }
      const first = await s.produce({ instance, baseUrl })
      await s.peer.stop()
      await s.peer.start()
      if (s.hasHealth !== false) await waitFor(() => health() === 'up', 20_000)
      const second = await s.produce({ instance, baseUrl })
      const count = async (key: string) => Number((await engine.knex('sys_connector_inbox').where({ instance, idempotency_key: key }).count('* as n'))[0].n)
      await waitFor(async () => (await count(first)) === 1 && (await count(second)) === 1, 15_000)
      await new Promise((r) => setTimeout(r, 1500)) // replays after the restart would land now
      expect(await count(first)).toBe(1)
      expect(await count(second)).toBe(1)
    })

    it('never shows a secret: log, health, answers, export, draft storage', async () => {
      const clear = clearConfig(s.type.manifest.key, s.config())
      const draft = (await admin.post('/api/v1/meta/drafts', {})).body
      const doc = { kind: 'connector', key: `${instance}_2`.slice(0, 63), type: s.type.manifest.key, enabled: false, config: clear }
      const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/connector/${doc.key}`, { document: doc, version: draft.version })
      expect(put.status).toBe(200)
      expect(await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})).toEqual(jasmine.objectContaining({ status: 200 }))
      await flushConnectorLog()
      const stored = JSON.stringify(await engine.knex('sys_meta_drafts').where({ id: draft.id }).first('changes'))
      const log = JSON.stringify(await engine.knex('sys_connector_log').where('instance', 'like', `${instance}%`))
      const answers = [put.text, (await admin.get('/api/v1/meta')).text, (await admin.get('/api/v1/meta/export')).text]
      answers.push((await admin.get(`/api/v1/meta/documents/connector/${doc.key}`)).text)
      answers.push((await admin.get('/api/v1/actions/connectors.instances')).text)
      answers.push((await admin.post('/api/v1/actions/connectors.test', { key: doc.key })).text)
      answers.push(JSON.stringify(instanceHealth(instance)))
      expect(JSON.parse(log).length).withContext('the instance wrote its log').toBeGreaterThan(0)
      for (const secret of s.secrets) {
        for (const text of [stored, log, ...answers]) expect(text.includes(secret)).withContext(text.slice(0, 200)).toBeFalse()
      }
      await publishConnector(admin, doc.key, null)
    })

    it('stop() releases every socket and timer', async () => {
      // sockets by identity (this process's own pool may open others meanwhile), timers by count
      const sockets = () => ((process as any)._getActiveHandles() as unknown[]).filter((h) => h instanceof Socket)
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
      await publishConnector(admin, instance, null)
      await waitFor(() => health() === undefined || health() === 'stopped', 10_000)
      const before = new Set(sockets())
      const timersBefore = timers()
      const connector = s.type.create()
      let up = false
      await connector.start(bareContext(instance, s, () => (up = true)))
      if (s.hasHealth !== false) await waitFor(() => up, 10_000)
      await connector.stop()
      const leaked = () => sockets().filter((h) => !before.has(h))
      await waitFor(() => leaked().length === 0 && timers() <= timersBefore, 5_000).catch(() => {})
      expect(leaked().length).withContext('sockets opened by the instance and still open after stop()').toBe(0)
      expect(timers()).withContext('timers').toBeLessThanOrEqual(timersBefore)
    })
  })
}

/** The subject's config with every `{"$env"}` secret replaced by its clear value (as an admin types it). */
function clearConfig(type: string, config: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(config)
  for (const path of secretPaths(connectorManifest(type)!.config, out)) {
    let node: any = out
    for (const p of path.slice(0, -1)) node = node?.[p]
    const ref = node?.[path[path.length - 1]]
    if (node && isSecretRef(ref) && '$env' in ref) node[path[path.length - 1]] = process.env[ref.$env]
  }
  return out
}

function bareContext(key: string, s: ContractSubject, onUp: () => void): ConnectorContext {
  const config = structuredClone(s.config()) as Record<string, any>
  for (const path of secretPaths(s.type.manifest.config, config)) {
    let node: any = config
    for (const p of path.slice(0, -1)) node = node?.[p]
    const ref = node?.[path[path.length - 1]]
    if (node && isSecretRef(ref) && '$env' in ref) node[path[path.length - 1]] = process.env[ref.$env]
  }
  return {
    key,
    config,
    mappings: s.mappings?.() ?? {},
    signal: new AbortController().signal,
    deliver: async () => {},
    log: () => {},
    setHealth: (h) => h.status === 'up' && onUp(),
    state: { get: async () => undefined, set: async () => {} },
  }
}
