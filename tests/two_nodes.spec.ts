import { recreateDatabase } from '#core/testing/database'
import { fileURLToPath } from 'node:url'
import { io as connect, type Socket } from 'socket.io-client'
import { ApiClient } from '#core/testing/client'
import { startServer, runAce, health, type ServerProcess } from '#core/testing/server_process'
import type { RecordEvent } from '#core/shared/events'

const FIXTURES = fileURLToPath(new URL('./fixtures/work_orders', import.meta.url))

/** The database of this spec on the local PostgreSQL server (multi-node needs a server). */
function nodesDatabaseUrl() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_test')
  url.pathname = `/${url.pathname.slice(1)}_nodes`
  return url
}

/**
 * Two server processes on one PostgreSQL database, booted at the same time: a change made
 * through node A reaches a client connected to node B (Socket.IO PostgreSQL adapter), but
 * not a client of another contractor; a metadata publish on A reloads B.
 */
for (const adapter of ['postgres', 'redis'] as const)
  describe(`two nodes (${adapter} adapter)`, () => {
    let a: ServerProcess | undefined
    let b: ServerProcess | undefined
    const sockets: Socket[] = []
    let env: Record<string, string>

    beforeAll(async () => {
      const url = nodesDatabaseUrl()
      await recreateDatabase(url)
      env = { DATABASE_URL: url.toString(), VIKNO_EXTRA_MODULES: FIXTURES }
      if (adapter === 'redis') env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
      ;[a, b] = await Promise.all([startServer({ ...env, VIKNO_NODE: 'A' }), startServer({ ...env, VIKNO_NODE: 'B' })])
    }, 180_000)

    afterAll(async () => {
      sockets.forEach((s) => s.close())
      await Promise.all([a?.stop(), b?.stop()])
    })

    it('both nodes booted on the same revision with the configured adapter', async () => {
      const [ha, hb] = await Promise.all([health(a!.url), health(b!.url)])
      expect(ha.node).toBe('A')
      expect(hb.node).toBe('B')
      expect(ha.metadata.revision).toBe(hb.metadata.revision)
      expect(ha.realtime.adapter).toBe(adapter)
      expect(hb.realtime.adapter).toBe(adapter)
    })

    it('delivers a change made on node A to an allowed client on node B only', async () => {
      await runAce(['vikno:user', '--login', 'root', '--roles', 'admin', '--password', 'root-pass-1'], env)
      const adminA = await new ApiClient(a!.url).login('root', 'root-pass-1')
      const water = (await adminA.post('/api/v1/records/counterparty', { name: 'Водоканал' })).body.data.id
      const light = (await adminA.post('/api/v1/records/counterparty', { name: 'Міськсвітло' })).body.data.id
      await runAce(['vikno:user', '--login', 'w', '--roles', 'test_contractor', '--password', 'w-pass-123', '--attr', `counterparty=${water}`], env)
      await runAce(['vikno:user', '--login', 'l', '--roles', 'test_contractor', '--password', 'l-pass-123', '--attr', `counterparty=${light}`], env)
      const listen = async (login: string, password: string) => {
        const client = await new ApiClient(b!.url).login(login, password)
        const s = connect(b!.url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! } })
        sockets.push(s)
        await new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject)))
        expect((await new Promise<any>((resolve) => s.emit('subscribe', 'entity:work_order', resolve))).ok).toBeTrue()
        const events: RecordEvent[] = []
        s.on('record', (e) => events.push(e))
        return events
      }
      const waterOnB = await listen('w', 'w-pass-123')
      const lightOnB = await listen('l', 'l-pass-123')
      const created = await adminA.post('/api/v1/records/work_order', { title: 'Прорив на Київській', contractor: water })
      expect(created.status).toBe(201)
      const deadline = Date.now() + 5000
      while (!waterOnB.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(waterOnB).toEqual([{ entity: 'work_order', id: created.body.data.id, version: 1, op: 'created' }])
      await new Promise((r) => setTimeout(r, 500))
      expect(lightOnB).toEqual([])
    })

    it('reloads node B when node A publishes metadata', async () => {
      const adminA = await new ApiClient(a!.url).login('root', 'root-pass-1')
      const adminB = await new ApiClient(b!.url).login('root', 'root-pass-1')
      const draft = (await adminA.post('/api/v1/meta/drafts')).body
      const doc = { kind: 'entity', key: 'node_note', label: { uk: 'Нотатка' }, fields: { text: { type: 'text', required: true } } }
      await adminA.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/node_note`, { document: doc, version: draft.version })
      const published = await adminA.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
      expect(published.status).withContext(published.text).toBe(200)
      const deadline = Date.now() + 3000
      let revision = 0
      while (Date.now() < deadline) {
        revision = (await health(b!.url)).metadata.revision
        if (revision === published.body.revision) break
        await new Promise((r) => setTimeout(r, 50))
      }
      expect(revision).toBe(published.body.revision)
      const onB = await adminB.post('/api/v1/records/node_note', {})
      expect(onB.status).toBe(422)
      expect(onB.body.errors[0].pointer).toBe('/text')
    })

    it('ends a token revoked on node A on node B at once: its socket and its cached lookups', async () => {
      const ownerA = await new ApiClient(a!.url).login('root', 'root-pass-1')
      const made = (await ownerA.post('/api/v1/auth/tokens', { name: 'screen on B' })).body
      const botB = new ApiClient(b!.url)
      botB.token = made.token
      expect((await botB.get('/api/v1/auth/me')).status).toBe(200) // now in B's token cache
      const s = connect(b!.url, { transports: ['websocket'], reconnection: false, auth: { token: made.token } })
      sockets.push(s)
      await new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject)))
      const gone = new Promise<string>((resolve) => s.once('disconnect', resolve))
      expect((await ownerA.delete(`/api/v1/auth/tokens/${made.id}`)).status).toBe(204)
      expect(await gone).toBe('io server disconnect')
      expect((await botB.get('/api/v1/auth/me')).status).toBe(401)
    })
  })
