import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { Client } from 'minio'
import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { scheduleJob } from '#core/jobs/index'
import { runAllDueJobs } from '#core/testing/jobs'

const DAY = 86_400_000

/**
 * Recordings in an S3-compatible bucket (VIKNO_RECORDINGS_S3_URL): played with Range from the
 * bucket to those who may read the call, and purged from it after the retention. The bucket is
 * s3rver, a local server speaking the S3 REST API, reached through the same `minio` client.
 */
describe('telephony: call recordings in S3-compatible storage', () => {
  let s3: S3rver
  let bucket: Client
  let admin: Awaited<ReturnType<typeof userClient>>
  let operator: Awaited<ReturnType<typeof userClient>>
  const content = 'RIFF-s3-0123456789abcdefghijklmnopqrstuv'
  const recordingOf = (id: string) => `/api/v1/telephony/calls/${id}/recording`
  const objectExists = (key: string) =>
    bucket.statObject('city-recordings', key).then(
      () => true,
      () => false
    )
  const call = async (values: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/records/call', { direction: 'inbound', caller: '+380671112244', ...values })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data as { id: string }
  }

  beforeAll(async () => {
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: await mkdtemp(join(tmpdir(), 'vikno-s3-')), configureBuckets: [{ name: 'city-recordings' }] })
    const { port } = await s3.run()
    bucket = new Client({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1', pathStyle: true })
    process.env.VIKNO_RECORDINGS_S3_URL = `http://127.0.0.1:${port}/city-recordings/pbx`
    process.env.VIKNO_RECORDINGS_S3_ACCESS_KEY = 'S3RVER'
    process.env.VIKNO_RECORDINGS_S3_SECRET_KEY = 'S3RVER'
    const url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
  })

  afterAll(async () => {
    delete process.env.VIKNO_RECORDINGS_S3_URL
    delete process.env.VIKNO_RECORDINGS_S3_ACCESS_KEY
    delete process.env.VIKNO_RECORDINGS_S3_SECRET_KEY
    await s3?.close()
  })

  it('plays a recording from the bucket, whole and by range', async () => {
    await bucket.putObject('city-recordings', 'pbx/2026/12/in-201.wav', Buffer.from(content))
    const { id } = await call({ recording: '2026/12/in-201.wav' })
    const whole = await operator.get(recordingOf(id))
    expect(whole.status).withContext(whole.text).toBe(200)
    expect(whole.text).toBe(content)
    expect(whole.headers.get('content-type')).toBe('audio/wav')
    const part = await operator.request('GET', recordingOf(id), undefined, { range: 'bytes=5-9' })
    expect(part.status).toBe(206)
    expect(part.text).toBe(content.slice(5, 10))
    expect(part.headers.get('content-range')).toBe(`bytes 5-9/${content.length}`)
    const missing = await call({ recording: '2026/12/nothing.wav' })
    expect((await operator.get(recordingOf(missing.id))).status).toBe(404)
    const escape = await call({ recording: '../secrets/key.wav' })
    expect((await operator.get(recordingOf(escape.id))).status).toBe(404)
  })

  it('purges old recordings from the bucket and clears their reference', async () => {
    await bucket.putObject('city-recordings', 'pbx/2026/01/old.wav', Buffer.from(content))
    await bucket.putObject('city-recordings', 'pbx/2026/12/fresh.wav', Buffer.from(content))
    const longAgo = new Date(Date.now() - 120 * DAY).toISOString()
    const old = await call({ recording: '2026/01/old.wav', started_at: longAgo, ended_at: longAgo })
    const fresh = await call({ recording: '2026/12/fresh.wav', started_at: new Date(Date.now() - 5 * DAY).toISOString() })
    await scheduleJob(engine.knex, { queue: 'telephony.recordings_purge', dedupeKey: `spec:s3purge:${Date.now()}` })
    expect(await runAllDueJobs(engine.knex, 'spec')).toBeGreaterThan(0)
    expect(await objectExists('pbx/2026/01/old.wav')).toBe(false)
    expect(await objectExists('pbx/2026/12/fresh.wav')).toBe(true)
    expect((await admin.get(`/api/v1/records/call/${old.id}`)).body.data.recording).toBeNull()
    expect((await admin.get(`/api/v1/records/call/${fresh.id}`)).body.data.recording).toBe('2026/12/fresh.wav')
  })
})
