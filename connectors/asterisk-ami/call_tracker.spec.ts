import type { CallEventPayload, InboundEvent } from '#core/connectors/types'
import type { AmiMessage } from './ami_protocol.js'
import { CallTracker } from './call_tracker.js'
import { loadTranscript, messagesOf } from './testing/transcript.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function tracker() {
  const out: InboundEvent<CallEventPayload>[] = []
  const t = new CallTracker({ extensionPattern: /^[0-9]{2,6}$/, settleMs: 20, recording: (f) => `rec:${f.split('/').pop()}`, emit: (e) => out.push(e) })
  return { t, out, summary: () => out.map((e) => `${e.payload.event}${e.payload.extension ? `@${e.payload.extension}` : ''}`) }
}

async function run(events: AmiMessage[]) {
  const { t, out, summary } = tracker()
  for (const e of events) t.handle(e)
  await sleep(60)
  return { out, summary: summary(), t }
}

/** The mapping of Asterisk's event stream to call events, on the recorded transcripts (no TCP). */
describe('asterisk-ami: call events from the Asterisk stream', () => {
  const queue = messagesOf(loadTranscript('queue_answered', { id: '1764763200', caller: '+380671112233' }))

  it('a queue call answered by 101 with MixMonitor: ringing(101) → answered → ended with the recording', async () => {
    const { out, summary } = await run(queue)
    expect(summary).toEqual(['ringing@101', 'answered@101', 'ended@101'])
    expect(out.map((e) => e.idempotencyKey)).toEqual(['1764763200.41:ringing:101', '1764763200.41:answered', '1764763200.41:ended'])
    const ended = out[2].payload
    expect(ended).toEqual(jasmine.objectContaining({ callId: '1764763200.41', caller: '+380671112233', dialed: '1551', queue: 'main', direction: 'inbound' }))
    expect(ended.recording).toBe('rec:in-1551-+380671112233-1764763200.41.wav')
    expect(out[0].type).toBe('call_event')
  })

  it('an abandoned queue call: ringing then one missed, no recording', async () => {
    const { summary, out } = await run(messagesOf(loadTranscript('queue_abandoned', { id: '1764763300', agent: '102' })))
    expect(summary).toEqual(['ringing@102', 'missed@102'])
    expect(out[1].payload.recording).toBeUndefined()
  })

  it('a direct call to an extension: ringing, answered, ended', async () => {
    const { summary } = await run(messagesOf(loadTranscript('direct_call', { id: '1764763400', agent: '103' })))
    expect(summary).toEqual(['ringing@103', 'answered@103', 'ended@103'])
  })

  it('every event repeated: the same events, once each', async () => {
    const { summary } = await run(queue.flatMap((e) => [e, { ...e }]))
    expect(summary).toEqual(['ringing@101', 'answered@101', 'ended@101'])
  })

  it("the caller's Hangup before the answer events: still answered, then ended (not missed)", async () => {
    const hangup = queue.findIndex((e) => e.Event === 'Hangup' && e.Uniqueid === e.Linkedid)
    const answers = queue.filter((e) => ['DialEnd', 'AgentConnect', 'BridgeEnter'].includes(e.Event))
    const reordered = [...queue.slice(0, hangup).filter((e) => !answers.includes(e)), queue[hangup], ...answers, ...queue.slice(hangup + 1)]
    const { summary } = await run(reordered)
    expect(summary).toEqual(['ringing@101', 'answered@101', 'ended@101'])
  })

  it('a call whose end was lost is finished on demand: ended when it was answered', async () => {
    const { t, out } = tracker()
    const cut = queue.findIndex((e) => e.Event === 'AgentConnect')
    for (const e of queue.slice(0, cut + 1)) t.handle(e)
    expect(t.open()).toEqual(['1764763200.41'])
    t.finish('1764763200.41')
    t.finish('1764763200.41')
    for (const e of queue.slice(cut + 1)) t.handle(e)
    await sleep(60)
    expect(out.map((e) => e.payload.event)).toEqual(['ringing', 'answered', 'ended'])
    expect(t.open()).toEqual([])
  })

  it('a call met mid-way (a restart without state) ends as `ended`: the intake decides from the record', async () => {
    const cut = queue.findIndex((e) => e.Event === 'BridgeLeave')
    const { summary } = await run(queue.slice(cut))
    expect(summary).toEqual(['ended'])
  })

  it('a restored call goes on where it was: no second ringing or answer, ended with its recording', async () => {
    const first = tracker()
    const cut = queue.findIndex((e) => e.Event === 'AgentConnect')
    for (const e of queue.slice(0, cut + 1)) first.t.handle(e)
    const saved = JSON.parse(JSON.stringify(first.t.snapshot()))
    const second = tracker()
    second.t.restore(saved)
    for (const e of queue) second.t.handle(e)
    await sleep(60)
    expect(second.summary()).toEqual(['ended@101'])
    expect(second.out[0].payload.recording).toContain('.41.wav')
  })
})
