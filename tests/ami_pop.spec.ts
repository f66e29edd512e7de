import { randomInt } from 'node:crypto'
import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { startConnectorHost } from '#core/connectors/host'
import { instanceHealth } from '#core/connectors/health'
import { publishConnector } from '#core/testing/connector_helpers'
import { AmiEmulator } from '../connectors/asterisk-ami/testing/ami_emulator.js'
import { DROP, loadTranscript, type TranscriptItem } from '../connectors/asterisk-ami/testing/transcript.js'
import { waitUntil } from '../connectors/asterisk-ami/testing/test_context.js'

async function socketOf(url: string, client: ApiClient): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! }, reconnection: false })
  await new Promise((resolve, reject) => (socket.once('connect', () => resolve(null)), socket.once('connect_error', reject)))
  return socket
}

/**
 * Asterisk's event stream (the AMI emulator replaying a recorded queue call) through an
 * asterisk-ami instance published as metadata and run by the connector host, the telephony
 * module's `call_event` handler, to the operator's screen; and click-to-call back through the
 * connector's Originate.
 */
describe('asterisk-ami → the single window', () => {
  const tag = Date.now().toString(36) + randomInt(1000).toString(36)
  const ext = String(randomInt(70_000, 79_999))
  let url: string
  let pbx: AmiEmulator
  let admin: ApiClient
  let op: Awaited<ReturnType<typeof userClient>>
  let socket: Socket
  const pops: any[] = []
  const cityPbx = (enabled = true) => ({
    type: 'asterisk-ami',
    enabled,
    config: {
      host: '127.0.0.1',
      port: pbx.port,
      username: 'vikno',
      secret: { $env: 'SPEC_CITY_PBX_SECRET' },
      settleMs: 50,
      extensionPattern: '^[0-9]{2,6}$',
      recordingTemplate: 'https://pbx.example/recordings/{name}',
    },
  })

  beforeAll(async () => {
    url = (await testApp()).url
    op = await userClient(url, ['operator'], { extension: ext })
    socket = await socketOf(url, op)
    socket.on('call', (e) => pops.push(e))
    pbx = new AmiEmulator({ username: 'vikno', secret: 'spec-secret' })
    await pbx.start()
    process.env.SPEC_CITY_PBX_SECRET = 'spec-secret'
    admin = await userClient(url, ['admin'])
    await startConnectorHost()
    await publishConnector(admin, 'city_pbx', cityPbx())
    await waitUntil(() => instanceHealth('city_pbx')?.status === 'up', 'the instance up')
  })

  /** The emulator plays an abandoned queue call from `phone`; resolves with the missed call's id once its callback exists. */
  async function abandoned(phone: string): Promise<string> {
    const id = String(1_765_000_000 + randomInt(1_000_000))
    await pbx.play(loadTranscript('queue_abandoned', { id, agent: ext, caller: phone }))
    const missed = () =>
      engine
        .knex('call')
        .where({ call_id: `${id}.51` })
        .first()
    await waitUntil(async () => (await missed())?.disposition === 'missed', 'the missed call')
    const missedId = (await missed()).id
    // the callback is written after the call's update
    await waitUntil(async () => !!(await engine.knex('callback').where({ call: missedId }).first()), 'the callback')
    return missedId
  }

  afterAll(async () => {
    socket?.close()
    await publishConnector(admin, 'city_pbx', null).catch(() => {})
    await pbx?.stop()
  })

  it("pops the card on the operator's socket and leaves one call record with its recording", async () => {
    const id = String(1_764_000_000 + randomInt(1_000_000))
    const callId = `${id}.41`
    // every event twice, and the TCP session cut after the answer and restored
    const items = loadTranscript('queue_answered', { id, agent: ext, caller: '+380671234577' }).flatMap((x): TranscriptItem[] => (x === DROP ? [x] : [x, x]))
    await pbx.play(items, { drop: true })
    await waitUntil(() => pops.some((p) => p.callId === callId), 'the pop')
    expect(pops.filter((p) => p.callId === callId && p.event === 'ringing').length).toBe(1)
    const row = async () => engine.knex('call').where({ call_id: callId })
    await waitUntil(async () => (await row())[0]?.disposition === 'ended', 'the call ended')
    const rows = await row()
    expect(rows.length).toBe(1)
    const call = rows[0]
    expect(call.operator).toBe(op.userId)
    expect(call.direction).toBe('inbound')
    expect(call.caller).toBe('+380671234577')
    expect(call.queue).toBe('main')
    expect(call.answered_at).not.toBeNull()
    expect(call.recording).toBe(`https://pbx.example/recordings/in-1551-%2B380671234577-${callId}.wav`)
    // the operator reads it through the API, as the card does
    const read = await op.get(`/api/v1/records/call/${call.id}`)
    expect(read.status).toBe(200)
    // written by the connector's integration user, audited under it
    const audit = await engine.knex('sys_audit').where({ entity: 'call', record_id: call.id }).orderBy('id')
    const actor = await engine.knex('sys_users').where({ login: 'connector_city_pbx' }).first()
    expect(actor.roles).toEqual(['integration'])
    expect(audit.length).toBeGreaterThan(1)
    expect(audit.every((a: any) => a.actor_id === actor.id))
      .withContext(JSON.stringify(audit.map((a: any) => a.actor_id)))
      .toBeTrue()
  })

  it('click-to-call: telephony.dial rings the operator through Originate, links the ticket, and the call events complete it', async () => {
    const dial = (body: unknown) => op.post('/api/v1/actions/telephony.dial', body)
    // with the PBX connector disabled nothing can originate: refused, nothing dialled
    await publishConnector(admin, 'city_pbx', cityPbx(false))
    const originates = pbx.actions.filter((a) => a.Action === 'Originate').length
    const none = await dial({ number: '067 111 22 33' })
    expect(none.status).withContext(none.text).toBe(409)
    expect(pbx.actions.filter((a) => a.Action === 'Originate').length).toBe(originates)
    await publishConnector(admin, 'city_pbx', cityPbx())
    await waitUntil(() => instanceHealth('city_pbx')?.status === 'up', 'the instance up again')
    const street = (await admin.post('/api/v1/records/object', { name: `вул. АМІ ${tag}`, level: 'street' })).body.data.id
    const resident = (await admin.post('/api/v1/records/contact', { full_name: `Ігор АМІ ${tag}`, phone: '0671112299' })).body.data.id
    const ticket = await op.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: street, description: 'Немає води', extra: { floor: 2 } })
    expect(ticket.status).withContext(ticket.text).toBe(201)

    const res = await dial({ number: '067 111 22 99', record: { entity: 'ticket', id: ticket.body.data.id } })
    expect(res.status).withContext(res.text).toBe(200)
    const { callId, call: callRecord, actionId } = res.body.data
    const sent = pbx.actions.find((a) => a.Action === 'Originate' && a.ChannelId === callId)!
    expect(sent).withContext('Originate sent').toBeDefined()
    expect(sent).toEqual(jasmine.objectContaining({ Channel: `PJSIP/${ext}`, Exten: '0671112299', Priority: '1', Async: 'true', ActionID: actionId }))

    // Asterisk rings the operator's phone, they answer, the number is dialled and answers, hang up
    const ch = {
      Channel: `PJSIP/${ext}-00000077`,
      ChannelState: '6',
      ChannelStateDesc: 'Up',
      CallerIDNum: '0671112299',
      Context: 'from-internal',
      Exten: '0671112299',
      Priority: '1',
      Uniqueid: callId,
      Linkedid: callId,
    }
    const dest = { DestChannel: 'PJSIP/citytrunk-00000078', DestCallerIDNum: '0671112299', DestUniqueid: `${callId}.2`, DestLinkedid: callId }
    pbx.emit({ Event: 'Newchannel', Privilege: 'call,all', ...ch })
    pbx.emit({ Event: 'VarSet', Privilege: 'dialplan,all', ...ch, Variable: 'VIKNO_DIALED', Value: '0671112299' })
    pbx.emit({ Event: 'VarSet', Privilege: 'dialplan,all', ...ch, Variable: 'VIKNO_CORRELATION', Value: 'x' })
    await waitUntil(() => pops.some((p) => p.callId === callId), "the pop on the operator's screen")
    pbx.emit({ Event: 'DialBegin', Privilege: 'call,all', ...ch, ...dest, DialString: 'citytrunk/0671112299' })
    pbx.emit({ Event: 'DialEnd', Privilege: 'call,all', ...ch, ...dest, DialStatus: 'ANSWER' })
    pbx.emit({ Event: 'Hangup', Privilege: 'call,all', ...ch, Cause: '16', 'Cause-txt': 'Normal Clearing' })
    const rows = async () => engine.knex('call').where({ call_id: callId })
    await waitUntil(async () => (await rows())[0]?.disposition === 'ended', 'the dialled call ended')
    const [call] = await rows()
    expect((await rows()).length).toBe(1)
    expect(call.id).toBe(callRecord)
    expect(call.direction).toBe('outbound')
    expect(call.ticket).toBe(ticket.body.data.id)
    expect(call.contact).toBe(resident)
    expect(call.operator).toBe(op.userId)
    expect(call.callee).toBe('+380671112299')
    // a finished outbound call asks for no callback
    expect(await engine.knex('callback').where({ call: call.id }).first()).toBeUndefined()
  })

  it('an abandoned queue call leaves a callback; calling back from the list dials through telephony.dial and links the resident', async () => {
    const phone = `+38067${randomInt(1_000_000, 9_999_999)}`
    const resident = (await admin.post('/api/v1/records/contact', { full_name: `Олена АМІ ${tag}`, phone })).body.data.id
    const missedId = await abandoned(phone)
    const list = await op.get('/api/v1/actions/telephony.callbacks')
    const cb = list.body.data.find((c: any) => c.call === missedId)
    expect(cb).withContext('the callback in the list').toBeDefined()
    expect(cb.contact).toBe(resident)
    const res = await op.post('/api/v1/actions/telephony.dial', { number: cb.phone, record: { entity: 'callback', id: cb.id } })
    expect(res.status).withContext(res.text).toBe(200)
    const call = await engine.knex('call').where({ id: res.body.data.call }).first()
    expect(call).toEqual(jasmine.objectContaining({ direction: 'outbound', contact: resident, call_id: res.body.data.callId }))
    expect(pbx.actions.some((a) => a.Action === 'Originate' && a.ChannelId === res.body.data.callId && a.Exten === phone)).toBeTrue()
  })

  it('calls back a missed call of an auto-dialled queue when an operator becomes available', async () => {
    const phone = `+38067${randomInt(1_000_000, 9_999_999)}`
    const missedId = await abandoned(phone)
    // older callbacks (other specs') are out of the way: this one is the oldest open
    await engine.knex('callback').where({ status: 'open' }).whereNot({ call: missedId }).update({ status: 'done' })
    const originated = () => pbx.actions.filter((a) => a.Action === 'Originate' && a.Exten === phone)
    const publishQueue = async (settings: { autodialCallbacks: boolean } | null) => {
      const draft = (await admin.post('/api/v1/meta/drafts', {})).body
      const path = `/api/v1/meta/drafts/${draft.id}/documents/call_queue/main`
      const document = { kind: 'call_queue', key: 'main', label: { uk: 'Основна черга', en: 'Main queue' }, ...settings }
      const put = settings ? await admin.put(path, { document, version: draft.version }) : await admin.request('DELETE', `${path}?version=${draft.version}`)
      expect(put.status).withContext(put.text).toBe(200)
      const published = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
      expect(published.status).withContext(published.text).toBe(200)
    }
    const presence = (state: string) => op.post('/api/v1/actions/telephony.presence', { state })
    // the queue `main` (its missed calls) is not auto-dialled: becoming available dials nothing
    await publishQueue({ autodialCallbacks: false })
    await presence('break')
    expect((await presence('available')).body.autodial).toBeNull()
    expect(originated().length).toBe(0)
    // the queue's metadata says auto-dial: the operator's extension rings, then the resident
    await publishQueue({ autodialCallbacks: true })
    try {
      await presence('break')
      const free = await presence('available')
      expect(free.status).withContext(free.text).toBe(200)
      const cb = await engine.knex('callback').where({ call: missedId }).first()
      expect(free.body.autodial).toEqual(jasmine.objectContaining({ callback: cb.id }))
      expect(originated().length).toBe(1)
      expect(originated()[0].Channel).toBe(`PJSIP/${ext}`)
      const call = await engine.knex('call').where({ id: free.body.autodial.call }).first()
      expect(call).toEqual(jasmine.objectContaining({ direction: 'outbound', callee: phone }))
      // just dialled: a second operator becoming free does not ring the same resident again
      await presence('break')
      expect((await presence('available')).body.autodial).toBeNull()
      expect(originated().length).toBe(1)
    } finally {
      await publishQueue(null)
    }
  })

  it('refuses a dial without an extension, by a resident, and to a ticket the caller cannot see', async () => {
    const noExt = await userClient(url, ['operator'])
    const r1 = await noExt.post('/api/v1/actions/telephony.dial', { number: '0671112233' })
    expect(r1.status).toBe(422)
    expect(r1.body.errors[0].code).toBe('no_extension')
    const resident = await userClient(url, ['resident'], { extension: '555' })
    expect((await resident.post('/api/v1/actions/telephony.dial', { number: '0671112233' })).status).toBe(403)
    const missing = await op.post('/api/v1/actions/telephony.dial', { number: '0671112233', record: { entity: 'ticket', id: '00000000-0000-4000-8000-000000000000' } })
    expect(missing.status).toBe(404)
    expect((await op.post('/api/v1/actions/telephony.dial', { number: 'call me' })).status).toBe(422)
  })
})
