import { mkdtempSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiClient } from '#core/testing/client'
import { startServer, type ServerProcess } from '#core/testing/server_process'

/** `npm start` on a fresh database loads the Vyshhorod pack once; a second start adds nothing. */
describe('the Vyshhorod city pack', () => {
  let dir: string
  let server: ServerProcess | undefined

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-city-'))
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  async function counts(s: ServerProcess) {
    const logins = JSON.parse(readFileSync(join(dir, 'demo-logins.json'), 'utf8'))
    const admin = await new ApiClient(s.url).login('admin', logins.admin)
    const out: Record<string, number> = {}
    for (const e of ['counterparty', 'object', 'object_responsibility', 'contact', 'personal_account', 'ticket', 'call']) {
      out[e] = (await admin.get(`/api/v1/records/${e}?limit=1&count=true`)).body.total
    }
    return { out, admin, logins }
  }

  it('loads companies, objects, residents, accounts and history routed to the companies, once', async () => {
    const env = { VIKNO_DATA_DIR: dir, VIKNO_DEMO: 'true', VIKNO_DEMO_ACCOUNTS: '60' }
    server = await startServer(env, 180_000)
    const first = await counts(server)
    expect(first.out.counterparty).toBeGreaterThanOrEqual(6)
    expect(first.out.object).toBeGreaterThan(100)
    expect(first.out.personal_account).toBeGreaterThanOrEqual(60)
    expect(first.out.ticket).toBe(300)
    const types = await first.admin.get('/api/v1/actions/servicedesk.request_types')
    expect(types.body.data.length).toBeGreaterThanOrEqual(25)
    const gas = types.body.data.find((t: any) => t.key === 'gas_smell')
    expect(gas.redirect.message.uk).toContain('104')
    const vodokanal = await new ApiClient(server.url).login('vodokanal', first.logins.vodokanal)
    const seen = await vodokanal.get('/api/v1/records/ticket?limit=500')
    expect(seen.body.data.length).toBeGreaterThan(0)
    const cp = (await first.admin.get(`/api/v1/records/counterparty?filter=${encodeURIComponent(JSON.stringify({ code: { eq: 'vodokanal' } }))}`)).body.data[0].id
    expect(seen.body.data.every((t: any) => t.contractor === cp)).toBeTrue()
    // every demo request has a place on the map, in Vyshhorod
    const map = await first.admin.post('/api/v1/actions/servicedesk.map', { states: 'all', limit: 1000 })
    expect(map.status).withContext(map.text).toBe(200)
    expect(map.body.points.length).toBe(300)
    expect(map.body.points.every((p: any) => Math.abs(p.lat - 50.587) < 0.02 && Math.abs(p.lon - 30.488) < 0.03)).toBeTrue()
    // a month of the city line's calls, one in eight missed, for the contact-center reports
    expect(first.out.call).toBeGreaterThan(1000)
    const calls = await first.admin.post('/api/v1/actions/reports.run', { report: 'calls_summary', params: { period: 'last_30_days' } })
    expect(calls.status).withContext(calls.text).toBe(200)
    const offered = calls.body.rows.reduce((n: number, r: any) => n + r.offered, 0)
    expect(offered).toBeGreaterThan(1000)
    for (const r of calls.body.rows) expect(r.abandoned).toBeLessThan(30)
    expect(await server.stop()).toBe(0)

    server = await startServer(env, 180_000)
    const second = await counts(server)
    expect(second.out).toEqual(first.out)
  }, 420_000) // two starts of a fresh embedded database, each allowed 180 s
})
