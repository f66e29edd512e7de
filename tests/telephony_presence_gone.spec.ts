import { randomInt } from 'node:crypto'
import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { until } from '#core/testing/browser'

async function socketOf(url: string, client: ApiClient): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! }, reconnection: false })
  await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))
  return socket
}

/**
 * Presence that is not stale: an operator whose last window closed goes offline after a few
 * seconds (a reload does not), the board's row says so, and their extension rings nobody.
 */
describe("telephony: presence follows the operator's sockets", () => {
  it('sets an operator offline when their last socket closes, and routes no call to them', async () => {
    const url = (await testApp()).url
    const ext = `5${randomInt(10_000, 99_999)}`
    const operator = await userClient(url, ['operator'], { extension: ext })
    const integration = await userClient(url, ['integration'])
    const pbx = new ApiClient(url)
    pbx.token = (await integration.post('/api/v1/auth/tokens', { name: 'pbx' })).body.token
    const state = async () => (await engine.knex('operator_presence').where({ user: operator.userId }).first('state'))?.state

    const first = await socketOf(url, operator)
    const second = await socketOf(url, operator)
    expect((await operator.post('/api/v1/actions/telephony.presence', { state: 'available' })).status).toBe(200)
    // one window of two closed: still on shift
    first.close()
    await new Promise((r) => setTimeout(r, 6500))
    expect(await state()).toBe('available')
    second.close()
    await until(async () => (await state()) === 'offline', 15_000)

    const callId = `gone-${Date.now()}-${randomInt(1000)}`
    const rang = await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId, caller: '+380671234599', dialed: '1551', extension: ext, queue: 'main' })
    expect(rang.status).withContext(rang.text).toBe(200)
    const call = await engine.knex('call').where({ call_id: callId }).first()
    expect(call.operator).toBeNull()
    expect(await state()).toBe('offline')
  }, 60_000)
})
