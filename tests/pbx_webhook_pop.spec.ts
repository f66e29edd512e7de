import { createHmac, randomInt } from 'node:crypto'
import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { startConnectorHost } from '#core/connectors/host'
import { instanceHealth } from '#core/connectors/health'
import { flushConnectorLog } from '#core/connectors/log'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import zadarma from '../connectors/pbx-webhook/examples/zadarma.connector.json' with { type: 'json' }

async function socketOf(url: string, client: ApiClient): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! }, reconnection: false })
  await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))
  return socket
}

/**
 * A cloud PBX (Zadarma's notifications, the shipped example mapping) through a pbx-webhook
 * instance published as metadata: signed form posts to the host's webhook route → the
 * telephony module's `call_event` handler → the operator's screen; repeats, forgeries, and
 * the PBX's URL check (GET ?zd_echo=).
 */
describe('pbx-webhook → the single window', () => {
  const SECRET = `zadarma-spec-${randomInt(1e9)}`
  const KEY = 'city_zadarma'
  const ext = String(randomInt(80_000, 89_999))
  let url: string
  let hook: string
  let admin: ApiClient
  let op: Awaited<ReturnType<typeof userClient>>
  let socket: Socket
  const pops: any[] = []

  const sign = (fields: Record<string, string>) =>
    createHmac('sha1', SECRET)
      .update(`${fields.caller_id}${fields.called_did ?? fields.destination}${fields.call_start}`)
      .digest('base64')
  const post = (fields: Record<string, string>, signature = sign(fields)) =>
    fetch(hook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', Signature: signature }, body: new URLSearchParams(fields).toString() })
  const ringing = (callId: string) => ({
    event: 'NOTIFY_INTERNAL',
    call_start: '2026-12-03 12:15:00',
    pbx_call_id: callId,
    caller_id: '380671112244',
    called_did: '380441234567',
    internal: ext,
  })
  const calls = (callId: string) => engine.knex('call').where({ call_id: callId })
  const inbox = async () => Number((await engine.knex('sys_connector_inbox').where({ instance: KEY }).count('* as n'))[0].n)

  beforeAll(async () => {
    url = (await testApp()).url
    hook = `${url}/api/v1/connectors/${KEY}/webhook`
    op = await userClient(url, ['operator'], { extension: ext })
    socket = await socketOf(url, op)
    socket.on('call', (e) => pops.push(e))
    process.env.ZADARMA_API_SECRET = SECRET
    admin = await userClient(url, ['admin'])
    await startConnectorHost()
    await publishConnector(admin, KEY, { type: zadarma.type, config: zadarma.config, mappings: zadarma.mappings })
    await waitFor(() => instanceHealth(KEY)?.status === 'up', 15_000)
  })

  afterAll(async () => {
    socket?.close()
    await publishConnector(admin, KEY, null).catch(() => {})
  })

  it("a signed ringing pops the card on the operator's socket and leaves one call; the same post again changes nothing", async () => {
    const callId = `in_${Date.now().toString(36)}${randomInt(1000)}`
    const first = await post(ringing(callId))
    expect(first.status)
      .withContext(await first.clone().text())
      .toBe(200)
    await waitFor(() => pops.some((p) => p.callId === callId), 15_000)
    await waitFor(async () => (await calls(callId)).length === 1, 15_000)
    const [call] = await calls(callId)
    expect(call.operator).toBe(op.userId)
    expect(call.direction).toBe('inbound')
    expect(call.caller).toContain('380671112244')

    // the PBX repeats the notification (its retry, a proxy): accepted, recognised, not processed again
    const again = await post(ringing(callId))
    expect(again.status).toBe(200)
    const key = `${callId}:ringing`
    const duplicate = async () => {
      await flushConnectorLog()
      return !!(await engine.knex('sys_connector_log').where({ instance: KEY, correlation_id: key, status: 'duplicate' }).first())
    }
    await waitFor(duplicate, 15_000)
    expect(pops.filter((p) => p.callId === callId).length).toBe(1)
    expect((await calls(callId)).length).toBe(1)
    expect(Number((await engine.knex('sys_connector_inbox').where({ instance: KEY, idempotency_key: key }).count('* as n'))[0].n)).toBe(1)
  })

  it('a bad signature gets 401 and changes nothing: no pop, no call, no answer of a ringing call', async () => {
    const callId = `in_${Date.now().toString(36)}${randomInt(1000)}`
    expect((await post(ringing(callId))).status).toBe(200)
    await waitFor(async () => (await calls(callId)).length === 1, 15_000)
    const before = { pops: pops.length, inbox: await inbox(), call: (await calls(callId))[0] }

    const stranger = `in_forged_${randomInt(1e6)}`
    const forged = ringing(stranger)
    const wrongKey = createHmac('sha1', 'not-the-secret').update(`${forged.caller_id}${forged.called_did}${forged.call_start}`).digest('base64')
    const r1 = await post(forged, wrongKey)
    expect(r1.status).toBe(401)
    // signed for other fields (the caller swapped after signing)
    const r2 = await post({ ...forged, caller_id: '380000000000' }, sign(forged))
    expect(r2.status).toBe(401)
    // no signature at all, trying to answer the real call
    const answer = { event: 'NOTIFY_ANSWER', call_start: '2026-12-03 12:15:00', pbx_call_id: callId, caller_id: '380671112244', destination: ext, internal: ext }
    const r3 = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(answer).toString() })
    expect(r3.status).toBe(401)

    await flushConnectorLog()
    const refused = await engine.knex('sys_connector_log').where({ instance: KEY, status: 'refused' }).count('* as n')
    expect(Number(refused[0].n)).toBeGreaterThanOrEqual(3)
    expect(await inbox()).toBe(before.inbox)
    expect(pops.length).toBe(before.pops)
    expect((await calls(stranger)).length).toBe(0)
    const [after] = await calls(callId)
    expect(after.answered_at).toBeNull()
    expect(after.version).toBe(before.call.version)
  })

  it("answers the PBX's URL check (GET ?zd_echo=) through the host's route, and only that without a signature", async () => {
    const echo = await fetch(`${hook}?zd_echo=Kx93fa`)
    expect(echo.status).toBe(200)
    expect(echo.headers.get('content-type')).toContain('text/plain')
    expect(await echo.text()).toBe('Kx93fa')
    // a GET that is not the check carries no signature: refused, nothing delivered
    const before = await inbox()
    expect((await fetch(`${hook}?pbx_call_id=x&event=NOTIFY_INTERNAL`)).status).toBe(401)
    expect(await inbox()).toBe(before)
    // no such instance: 404 as for POST
    expect((await fetch(`${url}/api/v1/connectors/no_such_pbx/webhook?zd_echo=1`)).status).toBe(404)
    const spec = (await admin.get('/api/v1/openapi.json')).body
    expect(spec.paths['/api/v1/connectors/{key}/webhook'].get.operationId).toBe('connector_webhook_check')
    expect(spec.paths['/api/v1/connectors/{key}/webhook'].post.operationId).toBe('connector_webhook')
  })
})
