import { io as connect } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { engine } from '#core/engine/engine'
import { EchoPeer } from '../../tests/fixtures/connectors/echo/peer.js'
import { echoCalls, echoControl } from '../../tests/fixtures/connectors/echo/handler.js'
import { startConnectorHost, runningInstance, performCapability } from './host.js'
import { instanceHealth } from './health.js'
import { flushConnectorLog } from './log.js'

/**
 * The host follows published metadata with no restart (start, restart on change, stop on
 * disable and removal), runs each idempotency key's handler once, retries a failed handler
 * through a job, finds instances by capability, and serves webhooks (404 unknown, the type's
 * 401 passed through, events delivered after the answer).
 */
describe('connector host', () => {
  let admin: ApiClient
  let url: string
  const peer = new EchoPeer('host-spec-pass')
  const other = new EchoPeer('host-spec-pass')
  process.env.HOST_SPEC_PASSWORD = 'host-spec-pass'
  const config = (p: EchoPeer) => ({ host: '127.0.0.1', port: p.port, password: { $env: 'HOST_SPEC_PASSWORD' } })
  const status = (key: string) => instanceHealth(key)?.status

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    await Promise.all([peer.start(), other.start()])
    await startConnectorHost()
  })

  afterAll(async () => {
    await publishConnector(admin, 'host_echo', null).catch(() => {})
    await Promise.all([peer.stop(), other.stop()])
  })

  it('starts a published instance, restarts it when its config changes, stops it when disabled or removed', async () => {
    await publishConnector(admin, 'host_echo', { type: 'echo', config: config(peer) })
    await waitFor(() => status('host_echo') === 'up')
    expect(peer.sessions).toBe(1)
    await publishConnector(admin, 'host_echo', { type: 'echo', config: config(other) })
    await waitFor(() => other.sessions === 1 && peer.sessions === 0 && status('host_echo') === 'up')
    await publishConnector(admin, 'host_echo', { type: 'echo', config: config(other), enabled: false })
    await waitFor(() => other.sessions === 0 && !runningInstance('host_echo'))
    await publishConnector(admin, 'host_echo', { type: 'echo', config: config(peer) })
    await waitFor(() => status('host_echo') === 'up' && peer.sessions === 1)
  })

  it('runs the handler of an idempotency key once, logging the repeat as a duplicate', async () => {
    const ctx = runningInstance('host_echo')!.context!
    const before = echoCalls.length
    await ctx.deliver({ type: 'echo_event', idempotencyKey: 'dup-1', payload: { n: 1 } })
    await ctx.deliver({ type: 'echo_event', idempotencyKey: 'dup-1', payload: { n: 2 } })
    expect(echoCalls.length - before).toBe(1)
    const row = await engine.knex('sys_connector_inbox').where({ instance: 'host_echo', idempotency_key: 'dup-1' }).first()
    expect(row.status).toBe('done')
    await flushConnectorLog()
    const statuses = (await engine.knex('sys_connector_log').where({ instance: 'host_echo', correlation_id: 'dup-1' }).orderBy('id')).map((r) => r.status)
    expect(statuses).toContain('duplicate')
  })

  it('schedules a retry job when the handler fails, deduplicated by row and attempt', async () => {
    echoControl.failNext = 1
    await runningInstance('host_echo')!.context!.deliver({ type: 'echo_event', idempotencyKey: 'fail-1', payload: {} })
    const row = await engine.knex('sys_connector_inbox').where({ instance: 'host_echo', idempotency_key: 'fail-1' }).first()
    expect(row.status).toBe('pending')
    expect(row.attempts).toBe(1)
    expect(row.last_error).toContain('on purpose')
    const job = await engine
      .knex('sys_jobs')
      .where({ dedupe_key: `connectors:inbound:${row.id}:1` })
      .first()
    expect(job.queue).toBe('connectors.inbound')
    const { runInboxAttempt } = await import('./inbox.js')
    expect(await runInboxAttempt(engine.knex, Number(row.id), 1, 'echo')).toBe('done')
    expect(await runInboxAttempt(engine.knex, Number(row.id), 1, 'echo')).toBeUndefined() // the attempt is taken
  })

  it('re-runs pending inbox rows older than a minute (a node died mid-way)', async () => {
    const [row] = await engine
      .knex('sys_connector_inbox')
      .insert({ instance: 'host_echo', idempotency_key: 'crashed-1', type: 'echo_event', payload: '{}', created_at: engine.knex.raw(`now() - interval '2 minutes'`) })
      .returning('id')
    const { recoverInbox } = await import('./inbox.js')
    await recoverInbox(engine.knex, (instance) => (instance === 'host_echo' ? 'echo' : undefined))
    expect((await engine.knex('sys_connector_inbox').where({ id: row.id }).first()).status).toBe('done')
    expect(echoCalls.some((e) => e.idempotencyKey === 'crashed-1')).toBeTrue()
  })

  it('performs by capability, 409 when no instance has it', async () => {
    expect(await performCapability('send_message', 'say', { text: 'hi' })).toEqual({ echoed: 'hi' })
    await expectAsync(performCapability('originate', 'originate', {})).toBeRejectedWith(jasmine.objectContaining({ problemType: 'conflict' }))
  })

  it('answers webhooks: 404 for an unknown instance, the type’s 401, then 202 with the event delivered after', async () => {
    const post = (key: string, body: string, token?: string) =>
      fetch(`${url}/api/v1/connectors/${key}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-echo-token': token } : {}) }, body })
    const unknown = await post('no_such', '{}')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toContain('application/problem+json')
    const refused = await post('host_echo', '{"id":"wh-1"}', 'wrong')
    expect(refused.status).toBe(401)
    const accepted = await post('host_echo', '{"id":"wh-1"}', 'host-spec-pass')
    expect(accepted.status).toBe(202)
    expect(await accepted.json()).toEqual({ accepted: 'wh-1' })
    await waitFor(() => echoCalls.some((e) => e.idempotencyKey === 'wh-1'))
    const bad = await post('host_echo', '{not json', 'host-spec-pass')
    expect(bad.status).toBe(400)
    const huge = await post('host_echo', JSON.stringify({ id: 'x', pad: 'a'.repeat(1_100_000) }), 'host-spec-pass')
    expect(huge.status).toBe(400)
  })

  it('tells administrators’ sockets about a change of health and shows it on /health', async () => {
    const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: admin.cookie! } })
    const events: any[] = []
    socket.on('connector_health', (e: any) => events.push(e))
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    try {
      await peer.stop()
      await waitFor(() => events.some((e) => e.key === 'host_echo' && e.status === 'down'))
      await peer.start()
      await waitFor(() => events.some((e) => e.key === 'host_echo' && e.status === 'up'))
      expect(events.at(-1)).toEqual(jasmine.objectContaining({ key: 'host_echo', status: 'up', node: engine.node, since: jasmine.any(String) }))
    } finally {
      socket.close()
    }
    const details = (await admin.get('/health')).body
    expect(details.ok).toBeTrue()
    expect(details.connectors.host_echo).toEqual(jasmine.objectContaining({ status: 'up', node: engine.node }))
    const log = await admin.get('/api/v1/actions/connectors.log?key=host_echo&limit=5')
    expect(log.body.data.length).toBe(5)
    expect(log.body.data[0]).toEqual(jasmine.objectContaining({ id: jasmine.any(Number), direction: jasmine.any(String), operation: jasmine.any(String) }))
  })

  it('follows a removal and a rollback like any metadata (diffed, no restart)', async () => {
    const revision = engine.revision
    const removed = await publishConnector(admin, 'host_echo', null)
    expect(removed.diff).toContain(jasmine.objectContaining({ id: 'connector/host_echo', op: 'removed' }))
    await waitFor(() => !runningInstance('host_echo') && peer.sessions === 0)
    const back = await admin.post(`/api/v1/meta/revisions/${revision}/rollback`, {})
    expect(back.status).toBe(200)
    await waitFor(() => status('host_echo') === 'up' && peer.sessions === 1)
  })

  it('shows the instances to administrators only, and the webhook in the OpenAPI document', async () => {
    const list = await admin.get('/api/v1/actions/connectors.instances')
    expect(list.body.data).toContain(jasmine.objectContaining({ key: 'host_echo', type: 'echo', enabled: true, health: jasmine.objectContaining({ status: 'up' }) }))
    const types = await admin.get('/api/v1/actions/connectors.types')
    expect(types.body.data.map((t: any) => t.key)).toContain('echo')
    const say = await admin.post('/api/v1/actions/connectors.perform', { key: 'host_echo', action: 'say', input: { text: 7 } })
    expect(say.status).toBe(422)
    expect(say.body.errors[0].pointer).toBe('/input/text')
    expect((await admin.post('/api/v1/actions/connectors.perform', { key: 'host_echo', action: 'say', input: { text: 'привіт' } })).body).toEqual({ data: { echoed: 'привіт' } })
    const good = { host: '127.0.0.1', port: other.port, password: { $env: 'HOST_SPEC_PASSWORD' } }
    expect((await admin.post('/api/v1/actions/connectors.test', { type: 'echo', config: good })).body.data).toEqual({ ok: true, detail: `logged in to 127.0.0.1:${other.port}` })
    expect((await admin.post('/api/v1/actions/connectors.test', { type: 'echo', config: { ...good, port: 1 } })).body.data.ok).toBeFalse()
    const refused = await admin.post('/api/v1/actions/connectors.test', { type: 'echo', config: { ...good, port: 70000 } })
    expect(refused.status).toBe(422)
    expect(refused.body.errors[0].pointer).toBe('/config/port')
    const agent = await userClient(url, ['test_contractor'])
    expect((await agent.get('/api/v1/actions/connectors.instances')).status).toBe(403)
    const openapi = await admin.get('/api/v1/openapi.json')
    expect(Object.keys(openapi.body.paths['/api/v1/connectors/{key}/webhook'].post.responses)).toEqual(jasmine.arrayContaining(['200', '401', '404']))
  })
})
