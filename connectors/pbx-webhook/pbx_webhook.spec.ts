import { recordingContext } from '#core/testing/connector_context'
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Connector, ConnectorContext } from '#core/connectors/types'
import pbxWebhook from './index.js'

const binotel = (await import('./examples/binotel.connector.json', { with: { type: 'json' } })).default
const zadarma = (await import('./examples/zadarma.connector.json', { with: { type: 'json' } })).default

/** What the host would give an instance: deliveries, log lines and health recorded for the spec. */
function testContext(config: Record<string, any>, mappings: Record<string, any>) {
  const ctx = recordingContext(config, { key: 'spec_pbx', mappings })
  return { ctx, delivered: ctx.delivered, logs: ctx.logs, health: ctx.health }
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
  })

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/**
 * A stand-in for the host's webhook route on a real HTTP server: hands the raw bytes to the
 * instance, answers its status and delivers its events (the PBX below posts real requests).
 */
async function webhookEndpoint(connector: Connector, ctx: ConnectorContext) {
  const server = createServer(async (req, res) => {
    const rawBody = await readBody(req)
    const url = new URL(req.url!, 'http://localhost')
    const answer = await connector.handleWebhook!({
      method: req.method!,
      headers: req.headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
      rawBody,
    })
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}))
    for (const event of answer.events ?? []) await ctx.deliver(event)
  })
  return { server, url: await listen(server) }
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

describe('pbx-webhook connector', () => {
  const servers: Server[] = []
  afterAll(() => servers.forEach((s) => s.close()))

  async function start(doc: { config: any; mappings: any }, config: Record<string, any>) {
    const t = testContext(config, doc.mappings)
    const connector = pbxWebhook.create()
    await connector.start(t.ctx)
    const endpoint = await webhookEndpoint(connector, t.ctx)
    servers.push(endpoint.server)
    const post = (body: string, init: { query?: string; headers?: Record<string, string> } = {}) =>
      fetch(`${endpoint.url}/webhook${init.query ?? ''}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers } })
    return { ...t, connector, post, url: endpoint.url }
  }

  describe('Binotel (form-encoded, token in the query)', () => {
    const config = { ...binotel.config, auth: { mode: 'token', query: 'token', secret: 'binotel-token-1' } }
    const received = { requestType: 'receivedTheCall', generalCallID: '7751', externalNumber: '0671112233', internalNumber: '101', didNumber: '0441234567', callType: '0' }

    it('maps ringing, answered, ended with the recording, and missed', async () => {
      const pbx = await start(binotel, config)
      expect((await pbx.post(form(received), { query: '?token=binotel-token-1' })).status).toBe(200)
      const answered = { requestType: 'answeredTheCall', generalCallID: '7751', externalNumber: '0671112233', internalNumber: '101' }
      expect((await pbx.post(form(answered), { query: '?token=binotel-token-1' })).status).toBe(200)
      const completed = {
        requestType: 'apiCallCompleted',
        'callDetails[generalCallID]': '7751',
        'callDetails[externalNumber]': '0671112233',
        'callDetails[internalNumber]': '101',
        'callDetails[disposition]': 'ANSWER',
        'callDetails[callType]': '0',
        'callDetails[startTime]': '1764756000',
        'callDetails[linkToCallRecordInMyBusiness]': 'https://my.binotel.ua/?module=history&subject=7751',
      }
      expect((await pbx.post(form(completed), { query: '?token=binotel-token-1' })).status).toBe(200)
      const missed = { ...completed, 'callDetails[generalCallID]': '7752', 'callDetails[disposition]': 'NOANSWER' }
      expect((await pbx.post(form(missed), { query: '?token=binotel-token-1' })).status).toBe(200)

      expect(pbx.delivered.map((e) => [e.idempotencyKey, (e.payload as any).event])).toEqual([
        ['7751:ringing', 'ringing'],
        ['7751:answered', 'answered'],
        ['7751:ended', 'ended'],
        ['7752:missed', 'missed'],
      ])
      expect(pbx.delivered[0]).toEqual({
        type: 'call_event',
        idempotencyKey: '7751:ringing',
        payload: { event: 'ringing', callId: '7751', caller: '0671112233', extension: '101', dialed: '0441234567', direction: 'inbound' },
      })
      expect(pbx.delivered[2].payload).toEqual({
        event: 'ended',
        callId: '7751',
        caller: '0671112233',
        extension: '101',
        at: '2025-12-03T10:00:00.000Z',
        recording: 'https://my.binotel.ua/?module=history&subject=7751',
        direction: 'inbound',
      })
    })

    it('refuses a wrong or missing token with 401 and delivers nothing', async () => {
      const pbx = await start(binotel, config)
      expect((await pbx.post(form(received), { query: '?token=binotel-token-2' })).status).toBe(401)
      expect((await pbx.post(form(received))).status).toBe(401)
      expect(pbx.delivered).toEqual([])
      expect(pbx.logs.filter((l) => l.status === 'refused').length).toBe(2)
    })

    it('gives a repeated notification the same idempotency key', async () => {
      const pbx = await start(binotel, config)
      await pbx.post(form(received), { query: '?token=binotel-token-1' })
      await pbx.post(form(received), { query: '?token=binotel-token-1' })
      // the second is the same event: the host (as this context) runs it once
      expect(pbx.delivered.map((e) => e.idempotencyKey)).toEqual(['7751:ringing'])
      expect(pbx.ctx.repeats).toEqual(['7751:ringing'])
    })
  })

  describe('Zadarma (form-encoded, base64 HMAC-SHA1 of concatenated fields)', () => {
    const secret = 'zadarma-secret'
    const config = { ...zadarma.config, auth: { ...zadarma.config.auth, secret } }
    const sign = (...parts: string[]) => createHmac('sha1', secret).update(parts.join('')).digest('base64')
    const internal = { event: 'NOTIFY_INTERNAL', call_start: '2026-12-03 12:15:00', pbx_call_id: 'in_abc', caller_id: '380671112233', called_did: '380441234567', internal: '101' }

    it('maps internal ringing, answer and an unanswered end (Kyiv local time)', async () => {
      const pbx = await start(zadarma, config)
      const r1 = await pbx.post(form(internal), { headers: { Signature: sign('380671112233', '380441234567', '2026-12-03 12:15:00') } })
      expect(r1.status).toBe(200)
      const answer = { event: 'NOTIFY_ANSWER', call_start: '2026-12-03 12:15:00', pbx_call_id: 'in_abc', caller_id: '380671112233', destination: '101', internal: '101' }
      expect((await pbx.post(form(answer), { headers: { Signature: sign('380671112233', '101', '2026-12-03 12:15:00') } })).status).toBe(200)
      const end = { ...internal, event: 'NOTIFY_END', pbx_call_id: 'in_def', disposition: 'cancel', duration: '0' }
      expect((await pbx.post(form(end), { headers: { Signature: sign('380671112233', '380441234567', '2026-12-03 12:15:00') } })).status).toBe(200)
      expect(pbx.delivered.map((e) => e.payload)).toEqual([
        { event: 'ringing', callId: 'in_abc', caller: '380671112233', extension: '101', dialed: '380441234567', at: '2026-12-03T10:15:00.000Z', direction: 'inbound' },
        { event: 'answered', callId: 'in_abc', caller: '380671112233', extension: '101', at: '2026-12-03T10:15:00.000Z', direction: 'inbound' },
        { event: 'missed', callId: 'in_def', caller: '380671112233', extension: '101', dialed: '380441234567', at: '2026-12-03T10:15:00.000Z', direction: 'inbound' },
      ])
    })

    it('accepts and ignores events the map sets to null, answers the URL check, refuses a forged signature', async () => {
      const pbx = await start(zadarma, config)
      const start_ = { ...internal, event: 'NOTIFY_START' }
      const ok = await pbx.post(form(start_), { headers: { Signature: sign('380671112233', '380441234567', '2026-12-03 12:15:00') } })
      expect(ok.status).toBe(200)
      expect(await ok.json()).toEqual({ ok: true, ignored: true })
      const echo = await fetch(`${pbx.url}/webhook?zd_echo=abc123`)
      expect(await echo.text()).toBe('abc123')
      const forged = await pbx.post(form({ ...internal, caller_id: '380000000000' }), { headers: { Signature: sign('380671112233', '380441234567', '2026-12-03 12:15:00') } })
      expect(forged.status).toBe(401)
      expect(pbx.delivered).toEqual([])
    })
  })

  describe('a JSON PBX signing the raw body (hex HMAC-SHA256 with a prefix)', () => {
    const secret = 'json-secret'
    const doc = {
      config: {},
      mappings: {
        event: 'call.status',
        eventMap: { NEW: 'ringing', TALK: 'answered', END: { pick: 'call.billsec', map: { '0': 'missed', '*': 'ended' } } },
        callId: 'call.uuid',
        caller: 'call.from',
        extension: 'call.agents[0].ext',
        at: 'call.time',
        recording: 'call.record_url',
      },
    }
    const config = { auth: { mode: 'hmac', header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', secret } }
    const signed = (body: string) => ({ 'content-type': 'application/json', 'X-Signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` })

    it('maps nested picks and array indexes; a tampered body is refused', async () => {
      const pbx = await start(doc, config)
      const body = JSON.stringify({
        call: { status: 'END', uuid: 'u-1', from: '+380501234567', agents: [{ ext: '102' }], time: '2026-12-03T12:00:00+02:00', billsec: 42, record_url: 'https://pbx.example/rec/u-1.mp3' },
      })
      expect((await pbx.post(body, { headers: signed(body) })).status).toBe(200)
      expect(pbx.delivered[0].payload).toEqual({
        event: 'ended',
        callId: 'u-1',
        caller: '+380501234567',
        extension: '102',
        at: '2026-12-03T10:00:00.000Z',
        recording: 'https://pbx.example/rec/u-1.mp3',
      })
      const tampered = body.replace('u-1"', 'u-2"')
      expect((await pbx.post(tampered, { headers: signed(body) })).status).toBe(401)
      expect(pbx.delivered.length).toBe(1)
    })

    it('answers 422 with a reason for an unreadable or unmapped notification', async () => {
      const pbx = await start(doc, config)
      const broken = '{"call": '
      const r1 = await pbx.post(broken, { headers: signed(broken) })
      expect(r1.status).toBe(422)
      expect(((await r1.json()) as any).error).toContain('not valid JSON')
      const unknown = JSON.stringify({ call: { status: 'HOLD', uuid: 'u-3', from: '1' } })
      const r2 = await pbx.post(unknown, { headers: signed(unknown) })
      expect(r2.status).toBe(422)
      expect(((await r2.json()) as any).error).toContain('"HOLD" is not in the event map')
      const noCaller = JSON.stringify({ call: { status: 'NEW', uuid: 'u-4' } })
      expect((await pbx.post(noCaller, { headers: signed(noCaller) })).status).toBe(422)
      expect(pbx.delivered).toEqual([])
    })
  })

  describe('click-to-call', () => {
    let api: Server
    let apiUrl: string
    const calls: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = []
    let answerWith = 200

    beforeAll(async () => {
      api = createServer(async (req, res) => {
        const body = (await readBody(req)).toString()
        calls.push({ method: req.method!, url: req.url!, headers: req.headers, body })
        if (req.url === '/redirect') {
          res.writeHead(302, { location: `${apiUrl}/calls` })
          return res.end()
        }
        res.writeHead(answerWith, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ status: answerWith === 200 ? 'success' : 'error' }))
      })
      apiUrl = await listen(api)
      servers.push(api)
    })
    beforeEach(() => {
      calls.length = 0
      answerWith = 200
    })

    const clickToCall = (path = '/calls') => ({
      url: `${apiUrl}${path}`,
      method: 'POST',
      headers: { Authorization: 'Bearer {secret}' },
      body: { key: 'k1', internalNumber: '{extension}', externalNumber: '{number}' },
      successStatus: 200,
      secret: 'api-secret-9',
      timeoutMs: 2000,
    })

    it('posts the filled template to the PBX API', async () => {
      const pbx = await start(binotel, { auth: { mode: 'token', query: 'token', secret: 't' }, clickToCall: clickToCall() })
      expect(await pbx.connector.perform!('originate', { extension: '101', number: '+380671112233' })).toEqual({ ok: true, status: 200 })
      expect(calls.length).toBe(1)
      expect(calls[0].method).toBe('POST')
      expect(calls[0].headers.authorization).toBe('Bearer api-secret-9')
      expect(JSON.parse(calls[0].body)).toEqual({ key: 'k1', internalNumber: '101', externalNumber: '+380671112233' })
      expect(JSON.stringify(pbx.logs)).not.toContain('api-secret-9')
      expect(await pbx.connector.test!()).toEqual({ ok: true, detail: 'click-to-call API reachable (HTTP 200)' })
    })

    it('degrades health on failures and opens the breaker after three', async () => {
      const pbx = await start(binotel, { auth: { mode: 'token', query: 'token', secret: 't' }, clickToCall: clickToCall() })
      expect(pbx.connector.health().status).toBe('up')
      answerWith = 500
      for (let i = 0; i < 3; i++) await expectAsync(pbx.connector.perform!('originate', { extension: '101', number: '0671112233' })).toBeRejectedWithError(/answered 500/)
      expect(pbx.connector.health().status).toBe('degraded')
      expect(pbx.health.at(-1)?.status).toBe('degraded')
      answerWith = 200
      await expectAsync(pbx.connector.perform!('originate', { extension: '101', number: '0671112233' })).toBeRejectedWithError(/paused/)
      expect(calls.length).toBe(3)
      expect(pbx.logs.at(-1)?.status).toBe('refused')
    })

    it('does not follow a redirect, and refuses input that is not a dial string', async () => {
      const pbx = await start(binotel, { auth: { mode: 'token', query: 'token', secret: 't' }, clickToCall: clickToCall('/redirect') })
      await expectAsync(pbx.connector.perform!('originate', { extension: '101', number: '0671112233' })).toBeRejectedWithError(/answered 302/)
      expect(calls.map((c) => c.url)).toEqual(['/redirect'])
      await expectAsync(pbx.connector.perform!('originate', { extension: '101', number: '067"}' })).toBeRejectedWithError(/dial strings/)
    })

    it('reports an unreachable API in test()', async () => {
      const closed = createServer()
      const url = await listen(closed)
      await new Promise((r) => closed.close(r))
      const pbx = await start(binotel, { auth: { mode: 'token', query: 'token', secret: 't' }, clickToCall: { url: `${url}/calls` } })
      const result = await pbx.connector.test!()
      expect(result.ok).toBeFalse()
      expect(result.detail).toContain('unreachable')
    })
  })
})
