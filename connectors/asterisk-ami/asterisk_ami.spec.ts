import type { CallEventPayload, InboundEvent } from '#core/connectors/types'
import asteriskAmi from './index.js'
import type { AsteriskAmi } from './connector.js'
import { AmiEmulator } from './testing/ami_emulator.js'
import { hangupBeforeAnswer, loadTranscript } from './testing/transcript.js'
import { testContext, waitUntil, type TestContext } from './testing/test_context.js'

const SECRET = 'c1ty-pbx-s3cret'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const summary = (events: InboundEvent<CallEventPayload>[], callId: string) =>
  events.filter((e) => e.payload.callId === callId).map((e) => `${e.payload.event}${e.payload.extension ? `@${e.payload.extension}` : ''}`)

/** The connector over real TCP against the local AMI emulator. */
describe('asterisk-ami: the connector against an AMI emulator', () => {
  let pbx: AmiEmulator
  const running: AsteriskAmi[] = []
  let n = 0

  const config = (extra: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'vikno',
    secret: SECRET,
    pingIntervalMs: 200,
    timeoutMs: 300,
    reconnectMinMs: 50,
    reconnectMaxMs: 400,
    settleMs: 30,
    recordingTemplate: 'https://pbx.example/recordings/{name}',
    ...extra,
  })

  async function started(extra: Record<string, unknown> = {}): Promise<{ ctx: TestContext; amiConn: AsteriskAmi }> {
    const amiConn = asteriskAmi.create() as AsteriskAmi
    running.push(amiConn)
    const ctx = testContext(config(extra))
    await amiConn.start(ctx)
    return { ctx, amiConn }
  }

  beforeEach(async () => {
    pbx = new AmiEmulator({ username: 'vikno', secret: SECRET })
    await pbx.start()
  })

  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop()
    await pbx.stop()
  })

  it('has a manifest the host can use', () => {
    const m = asteriskAmi.manifest
    expect(m.key).toBe('asterisk-ami')
    expect(m.capabilities).toEqual(['call_events', 'originate', 'recordings'])
    expect(m.singleton).toBe(true)
    expect((m.config as any).properties.secret['x-secret']).toBe(true)
    expect((m.config as any).properties.port.default).toBe(5038)
    expect(m.labels.uk).toBeTruthy()
  })

  it('logs in with Events on and reports up; a refused login is down with "login refused" and never the secret', async () => {
    const { ctx, amiConn } = await started()
    expect(amiConn.health().status).toBe('up')
    expect(ctx.health.at(-1)!.detail).toContain(`127.0.0.1:${pbx.port}`)
    const login = pbx.actions.find((a) => a.Action === 'Login')!
    expect(login).toEqual(jasmine.objectContaining({ Username: 'vikno', Secret: SECRET, Events: 'on' }))
    expect(login.ActionID).toBeTruthy()

    const bad = await started({ secret: 'wrong-secret-value' })
    expect(bad.amiConn.health().status).toBe('down')
    expect(bad.amiConn.health().detail).toContain('login refused')
    const everything = JSON.stringify([bad.ctx.health, bad.ctx.logs, bad.amiConn.health()])
    expect(everything).not.toContain('wrong-secret-value')
    expect(bad.ctx.logs.find((l) => l.operation === 'Login')?.status).toBe('refused')
    expect(await bad.amiConn.test()).toEqual({ ok: false, detail: jasmine.stringContaining('login refused') })
  })

  it('test() logs in and logs off', async () => {
    const { amiConn } = await started()
    const before = pbx.actions.length
    const result = await amiConn.test()
    expect(result.ok).withContext(result.detail).toBe(true)
    expect(pbx.actions.slice(before).map((a) => `${a.Action}:${a.Events ?? ''}`)).toEqual(['Login:off', 'Logoff:'])
  })

  it('delivers ringing(101) → answered → ended with the recording for the queue call, each once', async () => {
    const { ctx } = await started()
    const id = `17647${++n}000`
    await pbx.play(loadTranscript('queue_answered', { id }))
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'ended'), 'ended')
    await sleep(100)
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
    const ended = ctx.delivered.at(-1)!
    expect(ended.idempotencyKey).toBe(`${id}.41:ended`)
    expect(ended.payload.recording).toBe(`https://pbx.example/recordings/in-1551-%2B380671234567-${id}.41.wav`)
  })

  it('duplicated and reordered events still give each call event once, in a sensible order', async () => {
    const { ctx } = await started()
    const id = `17647${++n}000`
    // the caller's Hangup before DialEnd, and everything twice
    await pbx.play(hangupBeforeAnswer(loadTranscript('queue_answered', { id })), { duplicate: true })
    const abandoned = `17647${++n}000`
    await pbx.play(loadTranscript('queue_abandoned', { id: abandoned, agent: '102' }))
    await waitUntil(() => ctx.delivered.filter((e) => ['ended', 'missed'].includes(e.payload.event)).length === 2, 'both calls over')
    await sleep(100)
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
    expect(summary(ctx.delivered, `${abandoned}.51`)).toEqual(['ringing@102', 'missed@102'])
    expect(ctx.repeats).toEqual([])
  })

  it('TCP dropped mid-call and restored: events continue, nothing lost or repeated', async () => {
    const { ctx } = await started()
    const id = `17647${++n}000`
    await pbx.play(loadTranscript('queue_answered', { id }), { drop: true })
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'ended'), 'ended')
    await sleep(100)
    expect(pbx.logins).toBe(2)
    expect(ctx.health.map((h) => h.status)).toEqual(['up', 'down', 'up'])
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
    expect(ctx.delivered.at(-1)!.payload.recording).toContain(`${id}.41.wav`)
  })

  it('a call that ended while disconnected is finished after the reconnect (CoreShowChannels)', async () => {
    const { ctx } = await started({ reconnectMinMs: 300 })
    const id = `17647${++n}000`
    await pbx.play(loadTranscript('queue_answered', { id }), { drop: true, lose: true })
    await pbx.waitForLogins(2)
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'ended'), 'ended after reconcile')
    expect(pbx.actions.some((a) => a.Action === 'CoreShowChannels')).toBe(true)
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
  })

  it('a call still up after the reconnect is not finished by the reconcile', async () => {
    const { ctx } = await started()
    const id = `17647${++n}000`
    const items = loadTranscript('queue_answered', { id })
    const drop = items.findIndex((x) => typeof x === 'symbol')
    await pbx.play(items.slice(0, drop))
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'answered'), 'answered')
    pbx.drop()
    await pbx.waitForLogins(2)
    await waitUntil(() => pbx.actions.some((a) => a.Action === 'CoreShowChannels'), 'reconcile')
    await sleep(100)
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101'])
    await pbx.play(items.slice(drop + 1))
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'ended'), 'ended')
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
  })

  it('a manager user without CoreShowChannels rights stays connected after a reconnect', async () => {
    pbx.denied.add('coreshowchannels')
    const { ctx, amiConn } = await started()
    const id = `17647${++n}000`
    const items = loadTranscript('queue_answered', { id })
    await pbx.play(
      items.slice(
        0,
        items.findIndex((x) => typeof x === 'symbol')
      )
    )
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'answered'), 'answered')
    pbx.drop()
    await pbx.waitForLogins(2)
    await waitUntil(() => ctx.logs.some((l) => l.operation === 'CoreShowChannels' && l.status === 'error'), 'the refused reconcile logged')
    expect(amiConn.health().status).toBe('up')
    expect(pbx.logins).toBe(2)
  })

  it('a restarted connector (same instance state) goes on with the calls it followed', async () => {
    const { ctx, amiConn } = await started()
    const id = `17647${++n}000`
    const items = loadTranscript('queue_answered', { id })
    const drop = items.findIndex((x) => typeof x === 'symbol')
    await pbx.play(items.slice(0, drop))
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'answered'), 'answered')
    await amiConn.stop()
    const again = asteriskAmi.create() as AsteriskAmi
    running.push(again)
    await again.start(ctx)
    await pbx.play(items.slice(drop + 1))
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'ended'), 'ended')
    await sleep(100)
    expect(summary(ctx.delivered, `${id}.41`)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
    expect(ctx.delivered.at(-1)!.payload.recording).toContain(`${id}.41.wav`)
    expect(ctx.repeats).toEqual([])
  })

  it('pings to stay alive; a dead peer is down, reconnects with backoff and is up again when it returns', async () => {
    const { ctx, amiConn } = await started()
    await waitUntil(() => pbx.actions.filter((a) => a.Action === 'Ping').length >= 2, 'two pings')
    expect(amiConn.health().status).toBe('up')
    // a silent peer: the Ping goes unanswered
    pbx.mute = true
    await waitUntil(() => amiConn.health().status === 'down', 'down after an unanswered Ping')
    expect(amiConn.health().detail).toContain('Ping')
    // the peer gone altogether: attempts keep coming, spaced by a growing backoff
    await pbx.stop()
    pbx.mute = false
    const downs = ctx.health.length
    await waitUntil(() => ctx.health.length > downs, 'a failed reconnect reported', 5000)
    expect(amiConn.health().status).toBe('down')
    await pbx.start()
    await waitUntil(() => amiConn.health().status === 'up', 'up again')
    expect(ctx.health.filter((h) => h.status === 'up').length).toBe(2)
  })

  it('originate sends Channel, Context, Exten, Priority, CallerID, Async, ChannelId and its ActionID', async () => {
    const { amiConn } = await started({ originateContext: 'city-out', channelTemplate: 'PJSIP/{extension}' })
    const result = (await amiConn.perform('originate', { extension: '101', number: '0671112233', record: { entity: 'ticket', id: 'x' } })) as any
    const sent = pbx.actions.find((a) => a.Action === 'Originate')!
    expect(sent).toEqual(
      jasmine.objectContaining({ Channel: 'PJSIP/101', Context: 'city-out', Exten: '0671112233', Priority: '1', Async: 'true', CallerID: 'Vikno <0671112233>', ChannelId: result.callId })
    )
    expect(sent.ActionID).toBe(result.actionId)
    expect(sent.Variable.split('\n')).toEqual(['VIKNO_DIALED=0671112233', `VIKNO_CORRELATION=${result.correlationId}`])
    await expectAsync(amiConn.perform('hangup', {})).toBeRejectedWithError(/no action/)
  })

  it('the originated call: the operator rings first, then the number; outbound events under the chosen call id', async () => {
    const { ctx, amiConn } = await started()
    const { callId } = (await amiConn.perform('originate', { extension: '101', number: '0671112233' })) as any
    const ch = (state: string, desc: string) => ({
      Channel: 'PJSIP/101-00000050',
      ChannelState: state,
      ChannelStateDesc: desc,
      CallerIDNum: '0671112233',
      Context: 'from-internal',
      Exten: '0671112233',
      Priority: '1',
      Uniqueid: callId,
      Linkedid: callId,
    })
    pbx.emit({ Event: 'Newchannel', Privilege: 'call,all', ...ch('0', 'Down') })
    pbx.emit({ Event: 'VarSet', Privilege: 'dialplan,all', ...ch('0', 'Down'), Variable: 'VIKNO_DIALED', Value: '0671112233' })
    pbx.emit({ Event: 'VarSet', Privilege: 'dialplan,all', ...ch('0', 'Down'), Variable: 'VIKNO_CORRELATION', Value: 'c-1' })
    const dest = { DestChannel: 'PJSIP/citytrunk-00000051', DestCallerIDNum: '0671112233', DestUniqueid: `${callId}-2`, DestLinkedid: callId }
    pbx.emit({ Event: 'DialBegin', Privilege: 'call,all', ...ch('6', 'Up'), ...dest, DialString: 'citytrunk/0671112233' })
    pbx.emit({ Event: 'DialEnd', Privilege: 'call,all', ...ch('6', 'Up'), ...dest, DialStatus: 'ANSWER' })
    pbx.emit({ Event: 'Hangup', Privilege: 'call,all', ...ch('6', 'Up'), Cause: '16', 'Cause-txt': 'Normal Clearing' })
    await waitUntil(() => ctx.delivered.some((e) => e.payload.event === 'ended'), 'ended')
    expect(summary(ctx.delivered, callId)).toEqual(['ringing@101', 'answered@101', 'ended@101'])
    expect(ctx.delivered[0].payload).toEqual(jasmine.objectContaining({ direction: 'outbound', caller: '101', dialed: '0671112233' }))
  })

  it('stop() logs off, closes the socket and every timer', async () => {
    const { ctx, amiConn } = await started({ pingIntervalMs: 100 })
    const sockets = () => (pbx as any).clients.size as number
    expect(sockets()).toBe(1)
    await amiConn.stop()
    expect(pbx.actions.at(-1)!.Action).toBe('Logoff')
    await waitUntil(() => sockets() === 0, 'socket closed')
    const actions = pbx.actions.length
    await sleep(400)
    expect(pbx.actions.length).withContext('no ping or reconnect after stop').toBe(actions)
    expect(amiConn.health().status).toBe('stopped')
    expect(ctx.health.at(-1)!.status).toBe('stopped')
    // a connector waiting to reconnect stops too
    await pbx.stop()
    const waiting = await started()
    expect(waiting.amiConn.health().status).toBe('down')
    await waiting.amiConn.stop()
    await pbx.start()
    await sleep(300)
    expect(pbx.logins).toBe(1)
  })
})
