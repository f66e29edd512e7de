import { recordingContext } from '#core/testing/connector_context'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Connector } from '#core/connectors/types'
import { testApp } from '#core/testing/app'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { systemCreate, systemUpdate } from '#core/records/system_write'
import { retryJob, runDueJobsOnce } from '#core/jobs/index'
import type { OpContext } from '#core/records/context'
import webhooksOut from './index.js'
import { isPrivateAddress } from './ssrf.js'

const SECRET = 'whsec-spec-7f3a9c'

/** What the host would give an instance: log lines recorded for the spec. */
function testContext(key: string, config: Record<string, any>) {
  const ctx = recordingContext(config, { key })
  return { ctx, logs: ctx.logs }
}

interface Received {
  path: string
  headers: IncomingMessage['headers']
  raw: string
}

/** The receiver's side of the signature check, as the README tells integrators to write it. */
function verifySignature(header: string, raw: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]))
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex')
  const given = Buffer.from(parts.v1 ?? '', 'hex')
  return given.length === 32 && timingSafeEqual(given, Buffer.from(expected, 'hex')) && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300
}

describe('webhooks-out connector', () => {
  let op: OpContext
  let receiver: Server
  let base: string
  const received: Received[] = []
  let flakyFailures = 0
  const started: Connector[] = []
  let n = 0
  const tag = `who${Date.now().toString(36)}`

  beforeAll(async () => {
    await testApp()
    op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', () => {
        received.push({ path: req.url!, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') })
        if (req.url === '/redirect') res.writeHead(302, { location: `${base}/ok` })
        else if (req.url === '/flaky' && flakyFailures-- > 0) res.writeHead(503)
        else res.writeHead(200)
        res.end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  })
  afterAll(() => receiver.close())
  beforeEach(() => {
    received.length = 0
    flakyFailures = 0
  })
  afterEach(async () => {
    for (const c of started.splice(0)) await c.stop()
  })

  async function start(config: Record<string, any>) {
    const prefix = `${tag}-${++n}`
    const t = testContext(`spec_hooks_${n}`, {
      secret: SECRET,
      timeoutMs: 2000,
      subscriptions: [{ entity: 'work_order', events: ['created', 'updated'], filter: { title: { startsWith: prefix } } }],
      ...config,
    })
    const connector = webhooksOut.create()
    await connector.start(t.ctx)
    started.push(connector)
    return { ...t, connector, prefix }
  }

  /** Waits for the changes to be scheduled, then runs the due jobs until none is left. */
  async function drain(connector: Connector) {
    await (connector as any).settled()
    for (let i = 0; i < 10 && (await runDueJobsOnce(engine.knex, 'spec', { onError: () => {} })); i++);
  }

  const jobOf = (id: string) =>
    engine
      .knex('sys_jobs')
      .where({ dedupe_key: `webhooks_out:${id}` })
      .first()

  it("sends a resident's personal fields only when the subscription names them", async () => {
    const phone = `+38067${String(Date.now()).slice(-7)}`
    const plain = await start({ url: `${base}/ok`, allowPrivate: true, subscriptions: [{ entity: 'contact', events: ['created'], filter: { phone: { eq: phone } } }] })
    const named = await start({ url: `${base}/ok`, allowPrivate: true, subscriptions: [{ entity: 'contact', events: ['created'], filter: { phone: { eq: phone } }, fields: ['full_name', 'phone'] }] })
    const contact = await systemCreate(op, 'contact', { full_name: `Особа ${plain.prefix}`, phone })
    await drain(plain.connector)
    await drain(named.connector)
    const records = received.map((r) => JSON.parse(r.raw).record)
    expect(records.length).toBe(2)
    const bare = records.find((r) => !('phone' in r))
    expect(bare).withContext('the default delivery').toBeDefined()
    expect(bare.id).toBe(contact.id)
    expect(JSON.stringify(bare)).not.toContain(phone)
    expect(records.find((r) => 'phone' in r)).toEqual(jasmine.objectContaining({ id: contact.id, phone, full_name: `Особа ${plain.prefix}` }))
  })

  it('posts signed deliveries of created and updated records', async () => {
    const hooks = await start({ url: `${base}/ok`, allowPrivate: true })
    const row = await systemCreate(op, 'work_order', { title: `${hooks.prefix} leak`, priority: 3 })
    await drain(hooks.connector)
    await systemUpdate(op, 'work_order', row.id, { priority: 4 })
    await drain(hooks.connector)

    expect(received.length).toBe(2)
    const bodies = received.map((r) => JSON.parse(r.raw))
    expect(bodies.map((b) => [b.event, b.entity, b.record.id, b.record.priority])).toEqual([
      ['created', 'work_order', row.id, 3],
      ['updated', 'work_order', row.id, 4],
    ])
    for (const r of received) {
      expect(verifySignature(String(r.headers['x-vikno-signature']), r.raw, SECRET)).toBeTrue()
      expect(verifySignature(String(r.headers['x-vikno-signature']), r.raw, 'another-secret')).toBeFalse()
      expect(r.headers['x-vikno-delivery']).toBe(JSON.parse(r.raw).id)
      expect(r.headers['content-type']).toBe('application/json')
    }
    expect(bodies[0].id).not.toBe(bodies[1].id)
    expect(hooks.logs.map((l) => [l.status, (l.payload as any)?.responseStatus, l.correlationId])).toEqual([
      ['ok', 200, bodies[0].id],
      ['ok', 200, bodies[1].id],
    ])
    expect(hooks.logs.every((l) => typeof l.latencyMs === 'number')).toBeTrue()
    expect(JSON.stringify(hooks.logs)).not.toContain(SECRET)
    expect(JSON.stringify(await jobOf(bodies[0].id))).not.toContain(SECRET)
  })

  it('sends only the changes its filter matches', async () => {
    const hooks = await start({ url: `${base}/ok`, allowPrivate: true })
    hooks.ctx.config.subscriptions = [{ entity: 'work_order', events: ['created'], filter: { and: [{ title: { startsWith: hooks.prefix } }, { priority: { gte: 5 } }] } }]
    await systemCreate(op, 'work_order', { title: `${hooks.prefix} low`, priority: 2 })
    const high = await systemCreate(op, 'work_order', { title: `${hooks.prefix} high`, priority: 7 })
    await drain(hooks.connector)
    expect(received.map((r) => JSON.parse(r.raw).record.id)).toEqual([high.id])
  })

  it('sends "transition" only for updates a workflow transition made', async () => {
    const hooks = await start({ url: `${base}/ok`, allowPrivate: true })
    hooks.ctx.config.subscriptions = [{ entity: 'work_order', events: ['transition'], filter: { title: { startsWith: hooks.prefix } } }]
    const row = await systemCreate(op, 'work_order', { title: `${hooks.prefix} wf`, priority: 1 })
    await systemUpdate(op, 'work_order', row.id, { priority: 2 })
    await drain(hooks.connector)
    expect(received).toEqual([])
    await systemUpdate(op, 'work_order', row.id, { status: 'open' }, { reason: { kind: 'transition', key: 'open' }, transition: true })
    await drain(hooks.connector)
    expect(received.map((r) => [JSON.parse(r.raw).event, JSON.parse(r.raw).record.status])).toEqual([['transition', 'open']])
  })

  it('retries a failed delivery with the same delivery id until the receiver takes it, once', async () => {
    flakyFailures = 1
    const hooks = await start({ url: `${base}/flaky`, allowPrivate: true })
    await systemCreate(op, 'work_order', { title: `${hooks.prefix} flaky`, priority: 1 })
    await drain(hooks.connector)
    expect(received.length).toBe(1)
    const id = String(received[0].headers['x-vikno-delivery'])
    const job = await jobOf(id)
    expect(job.done_at).toBeNull()
    expect(hooks.logs.at(-1)).toEqual(jasmine.objectContaining({ status: 'error', error: 'the receiver answered 503', correlationId: id }))
    expect(hooks.connector.health().status).toBe('degraded')

    expect(await retryJob(engine.knex, Number(job.id))).toBeTrue()
    await drain(hooks.connector)
    await drain(hooks.connector)
    expect(received.map((r) => r.headers['x-vikno-delivery'])).toEqual([id, id])
    expect(received[1].raw).toBe(received[0].raw)
    expect((await jobOf(id)).done_at).not.toBeNull()
    expect(hooks.connector.health().status).toBe('up')
  })

  it('retries when the receiver is down, and delivers once it is up', async () => {
    const down = createServer((req, res) => {
      received.push({ path: req.url!, headers: req.headers, raw: '' })
      req.resume()
      res.writeHead(204).end()
    })
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve))
    const port = (down.address() as AddressInfo).port
    await new Promise((resolve) => down.close(resolve))
    const hooks = await start({ url: `http://127.0.0.1:${port}/in`, allowPrivate: true })
    const row = await systemCreate(op, 'work_order', { title: `${hooks.prefix} down`, priority: 1 })
    await drain(hooks.connector)
    expect(received.length).toBe(0)
    const failed = hooks.logs.at(-1)!
    expect(failed.status).toBe('error')
    expect(failed.error).toMatch(/ECONNREFUSED/)

    await new Promise<void>((resolve) => down.listen(port, '127.0.0.1', resolve))
    try {
      await retryJob(engine.knex, Number((await jobOf(failed.correlationId!)).id))
      await drain(hooks.connector)
      expect(received.map((r) => r.headers['x-vikno-delivery'])).toEqual([failed.correlationId])
      expect(hooks.logs.at(-1)).toEqual(jasmine.objectContaining({ status: 'ok', correlationId: failed.correlationId }))
      expect((hooks.logs.at(-1)!.payload as any).record).toBe(row.id)
    } finally {
      down.close()
    }
  })

  it('refuses loopback and private targets unless allowPrivate: logged, nothing sent, not retried', async () => {
    const hooks = await start({ url: `${base}/ok` })
    await systemCreate(op, 'work_order', { title: `${hooks.prefix} ssrf`, priority: 1 })
    await drain(hooks.connector)
    expect(received).toEqual([])
    const refused = hooks.logs.at(-1)!
    expect(refused.status).toBe('refused')
    expect(refused.error).toContain('127.0.0.1')
    expect((await jobOf(refused.correlationId!)).done_at).not.toBeNull()
    expect((await hooks.connector.test!()).ok).toBeFalse()

    const named = await start({ url: `http://localhost:${new URL(base).port}/ok` })
    await systemCreate(op, 'work_order', { title: `${named.prefix} ssrf`, priority: 1 })
    await drain(named.connector)
    expect(received).toEqual([])
    expect(named.logs.at(-1)?.status).toBe('refused')
  })

  it('classifies private, loopback, link-local, unique-local, CGNAT and metadata addresses', () => {
    const cases: Array<[string, boolean]> = [
      ['127.0.0.1', true],
      ['10.1.2.3', true],
      ['172.16.0.1', true],
      ['172.32.0.1', false],
      ['192.168.1.1', true],
      ['169.254.169.254', true],
      ['100.64.0.1', true],
      ['0.0.0.0', true],
      ['::1', true],
      ['fd00:ec2::254', true],
      ['fe80::1', true],
      ['::ffff:127.0.0.1', true],
      ['::ffff:10.0.0.1', true],
      ['8.8.8.8', false],
      ['2a00:1450:4001:82b::200e', false],
      ['not an ip', true],
    ]
    expect(cases.map(([a]) => [a, isPrivateAddress(a)])).toEqual(cases)
  })

  it('does not follow a redirect: a 3xx is a failure', async () => {
    const hooks = await start({ url: `${base}/redirect`, allowPrivate: true })
    await systemCreate(op, 'work_order', { title: `${hooks.prefix} redirect`, priority: 1 })
    await drain(hooks.connector)
    expect(received.map((r) => r.path)).toEqual(['/redirect'])
    expect(hooks.logs.at(-1)).toEqual(jasmine.objectContaining({ status: 'error', error: 'the receiver answered 302' }))
  })
})
