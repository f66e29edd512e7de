import { mkdtemp, mkdir, writeFile, utimes, access } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { scheduleJob } from '#core/jobs/index'
import { runAllDueJobs } from '#core/testing/jobs'

type Client = Awaited<ReturnType<typeof userClient>>
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false
  )
const DAY = 86_400_000

/** Call recordings: the Range route, who may listen, the audit of listens, and the retention purge. */
describe('telephony: call recordings', () => {
  let url: string
  let admin: Client
  let operator: Client
  let contractor: Client
  let root: string
  const content = 'RIFF0123456789abcdefghijklmnopqrstuvwxyz' // 40 bytes, ASCII so ranges read as text

  const call = async (values: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/records/call', { direction: 'inbound', caller: '+380671112233', ...values })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data as { id: string; recording: string | null }
  }
  const recordingOf = (id: string) => `/api/v1/telephony/calls/${id}/recording`

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vikno-rec-'))
    process.env.VIKNO_RECORDINGS_DIR = join(root, 'recordings')
    process.env.VIKNO_RECORDING_RETENTION_DAYS = '90'
    await mkdir(join(root, 'recordings', '2026', '12'), { recursive: true })
    await writeFile(join(root, 'recordings', '2026', '12', 'in-101.wav'), content)
    await writeFile(join(root, 'secret.wav'), 'not a recording')
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    const company = (await admin.post('/api/v1/records/counterparty', { name: `Рек ${Date.now()}`, code: `rec_${Date.now().toString(36)}` })).body.data.id
    contractor = await userClient(url, ['contractor_dispatcher'], { counterparty: company })
  })

  afterAll(() => {
    delete process.env.VIKNO_RECORDINGS_DIR
    delete process.env.VIKNO_RECORDING_RETENTION_DAYS
  })

  it('streams the whole file, a range with 206 and refuses a range past the end with 416', async () => {
    const { id } = await call({ recording: '2026/12/in-101.wav' })
    const whole = await operator.get(recordingOf(id))
    expect(whole.status).withContext(whole.text).toBe(200)
    expect(whole.text).toBe(content)
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(whole.headers.get('content-type')).toBe('audio/wav')

    const part = await operator.get(recordingOf(id), { range: 'bytes=4-13' })
    expect(part.status).toBe(206)
    expect(part.text).toBe('0123456789')
    expect(part.headers.get('content-range')).toBe('bytes 4-13/40')
    expect(part.headers.get('content-length')).toBe('10')

    const tail = await operator.get(recordingOf(id), { range: 'bytes=-4' })
    expect(tail.status).toBe(206)
    expect(tail.text).toBe('wxyz')

    const past = await operator.get(recordingOf(id), { range: 'bytes=40-' })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe('bytes */40')
  })

  it('answers 404 to a user who may not read the call, and to a call without a recording', async () => {
    const { id } = await call({ recording: '2026/12/in-101.wav' })
    expect((await contractor.get(`/api/v1/records/call/${id}`)).status).toBe(404)
    const res = await contractor.get(recordingOf(id))
    expect(res.status).toBe(404)
    expect(res.text).not.toContain('RIFF')
    const none = await call({})
    expect((await operator.get(recordingOf(none.id))).status).toBe(404)
    expect((await operator.get('/api/v1/telephony/calls/not-a-uuid/recording')).status).toBe(404)
  })

  it('audits a listen once per user and call, and not a refused one', async () => {
    const { id } = await call({ recording: '2026/12/in-101.wav' })
    const rows = () => engine.knex('sys_audit').where({ entity: 'call', record_id: id, action: 'call.recording_listened' })
    await contractor.get(recordingOf(id))
    expect(await rows()).toEqual([])
    await operator.get(recordingOf(id), { range: 'bytes=0-' })
    await operator.get(recordingOf(id), { range: 'bytes=10-' })
    const listened = await rows()
    expect(listened.length).toBe(1)
    expect(listened[0].actor_id).toBe(operator.userId)
    expect(listened[0].changes).toEqual({ range: '0-39' })
    await admin.get(recordingOf(id))
    expect((await rows()).length).toBe(2)
    // a player asks for several ranges at once: still one listen
    const other = await call({ recording: '2026/12/in-101.wav' })
    await Promise.all(['bytes=0-', 'bytes=0-9', 'bytes=20-', 'bytes=-5'].map((range) => operator.get(recordingOf(other.id), { range })))
    expect((await engine.knex('sys_audit').where({ record_id: other.id, action: 'call.recording_listened' })).length).toBe(1)
  })

  it('never opens a file outside the recordings folder', async () => {
    for (const ref of ['../secret.wav', '2026/../../secret.wav', `${join(root, 'secret.wav')}`, '2026\\..\\..\\secret.wav', './2026/12/in-101.wav']) {
      const { id } = await call({ recording: ref })
      const res = await admin.get(recordingOf(id))
      expect(res.status).withContext(ref).toBe(404)
      expect(res.text).withContext(ref).not.toContain('not a recording')
    }
  })

  it('fetches a recording kept by the PBX (an http URL) for the listener, passing the range on', async () => {
    // the PBX's own storage: a local HTTP server answering ranges the way nginx does
    const seen: string[] = []
    const pbx: Server = createServer((req, res) => {
      seen.push(String(req.headers.range ?? ''))
      const m = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''))
      if (req.url === '/redirect') return res.writeHead(302, { location: '/rec/1.wav' }).end()
      if (!m) return res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': content.length, 'accept-ranges': 'bytes' }).end(content)
      const [start, end] = [Number(m[1]), Number(m[2])]
      res.writeHead(206, { 'content-type': 'audio/wav', 'content-range': `bytes ${start}-${end}/${content.length}`, 'content-length': end - start + 1 }).end(content.slice(start, end + 1))
    })
    await new Promise<void>((r) => pbx.listen(0, '127.0.0.1', r))
    try {
      const base = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}`
      const { id } = await call({ recording: `${base}/rec/1.wav` })
      const part = await operator.get(recordingOf(id), { range: 'bytes=4-7' })
      expect(part.status).toBe(206)
      expect(part.text).toBe('0123')
      expect(part.headers.get('content-range')).toBe('bytes 4-7/40')
      expect(seen).toContain('bytes=4-7')
      expect((await contractor.get(recordingOf(id))).status).toBe(404)
      expect(seen.length).withContext('the PBX is not asked for a contractor').toBe(1)
      const redirected = await call({ recording: `${base}/redirect` })
      expect((await operator.get(recordingOf(redirected.id))).status)
        .withContext('redirects are not followed')
        .toBe(404)
    } finally {
      await new Promise((r) => pbx.close(r))
    }
  })

  it('purges recordings past their retention: the file goes, the reference is cleared with a reason', async () => {
    const old = join(root, 'recordings', '2026', 'old.wav')
    const fresh = join(root, 'recordings', '2026', 'fresh.wav')
    const orphan = join(root, 'recordings', 'orphan.wav')
    for (const p of [old, fresh, orphan]) await writeFile(p, content)
    const longAgo = new Date(Date.now() - 100 * DAY)
    await utimes(orphan, longAgo, longAgo)
    const oldCall = await call({ recording: '2026/old.wav', started_at: longAgo.toISOString(), ended_at: new Date(longAgo.getTime() + 60_000).toISOString() })
    const freshCall = await call({ recording: '2026/fresh.wav', started_at: new Date(Date.now() - 10 * DAY).toISOString() })

    await scheduleJob(engine.knex, { queue: 'telephony.recordings_purge', dedupeKey: `spec:purge:${Date.now()}` })
    expect(await runAllDueJobs(engine.knex, 'spec')).toBeGreaterThan(0)

    expect(await exists(old)).toBe(false)
    expect(await exists(orphan)).toBe(false)
    expect(await exists(fresh)).toBe(true)
    expect((await admin.get(`/api/v1/records/call/${oldCall.id}`)).body.data.recording).toBeNull()
    expect((await admin.get(`/api/v1/records/call/${freshCall.id}`)).body.data.recording).toBe('2026/fresh.wav')
    const audit = await engine.knex('sys_audit').where({ entity: 'call', record_id: oldCall.id, action: 'call.recording_purged' }).first()
    expect(audit?.changes?.recording).toEqual({ from: '2026/old.wav', to: null })
    expect(audit?.changes?.$reason).toEqual({ kind: 'hook', name: 'recording_retention' })
    expect((await operator.get(recordingOf(oldCall.id))).status).toBe(404)
    // the next day's purge is queued
    expect(await engine.knex('sys_jobs').where({ queue: 'telephony.recordings_purge' }).whereNull('done_at').first()).toBeDefined()
  })
  it("keeps recordings as long as the call entity's metadata says (retentionDays), published without a restart", async () => {
    const path = join(root, 'recordings', '2026', 'month.wav')
    await writeFile(path, content)
    const fortyDays = new Date(Date.now() - 40 * DAY).toISOString()
    const monthCall = await call({ recording: '2026/month.wav', started_at: fortyDays, ended_at: fortyDays })
    const purge = async () => {
      await scheduleJob(engine.knex, { queue: 'telephony.recordings_purge', dedupeKey: `spec:purge:${Date.now()}:${Math.random()}` })
      await runAllDueJobs(engine.knex, 'spec')
    }
    await purge()
    expect(await exists(path))
      .withContext('90 days by the city pack')
      .toBe(true)

    const setRetention = async (days: number) => {
      const doc = (await admin.get('/api/v1/meta/documents/entity/call')).body
      doc.fields.recording.retentionDays = days
      const draft = (await admin.post('/api/v1/meta/drafts', {})).body
      const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/call`, { document: doc, version: draft.version })
      expect(put.status).withContext(put.text).toBe(200)
      expect(put.body.problems).toEqual([])
      const res = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
      expect(res.status).withContext(res.text).toBe(200)
    }
    await setRetention(30)
    try {
      await purge()
      expect(await exists(path))
        .withContext('30 days after the publish')
        .toBe(false)
      expect((await admin.get(`/api/v1/records/call/${monthCall.id}`)).body.data.recording).toBeNull()
    } finally {
      await setRetention(90)
    }
  })
})
