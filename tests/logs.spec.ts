import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiClient } from '#core/testing/client'
import { startServer, type ServerProcess } from '#core/testing/server_process'

/**
 * Issue 10, item 14: a server process at debug level, through the demo logins, a failed
 * login, an API token, a call intake with the caller's phone, a phone search and a bad
 * request; its whole output holds no password, token, phone number, code or message body.
 */
describe('the server log', () => {
  let dir: string
  let server: ServerProcess | undefined

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-logs-'))
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('masks phones and leaves out passwords, tokens, codes and bodies', async () => {
    server = await startServer({ VIKNO_DATA_DIR: dir, VIKNO_DEMO: 'true', VIKNO_DEMO_ACCOUNTS: '60', LOG_LEVEL: 'debug' }, 180_000)
    const logins: Record<string, string> = JSON.parse(readFileSync(join(dir, 'demo-logins.json'), 'utf8'))
    const phone = '+380671239876'
    const wrongPassword = 'Wrong-Password-Tried-42'
    const body = 'Тіло повідомлення мешканця 7731'

    expect((await new ApiClient(server.url).post('/api/v1/auth/login', { login: 'admin', password: wrongPassword })).status).toBe(401)
    const admin = await new ApiClient(server.url).login('admin', logins.admin)
    const pbxUser = await new ApiClient(server.url).login('pbx', logins.pbx)
    const token = (await pbxUser.post('/api/v1/auth/tokens', { name: 'pbx' })).body.token as string
    expect(token).toMatch(/^vkn_/)
    const pbx = new ApiClient(server.url)
    pbx.token = token
    const rang = await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId: 'log-spec-1', caller: phone, extension: '101' })
    expect(rang.status).withContext(rang.text).toBe(200)
    expect((await admin.get(`/api/v1/records/contact?q=${encodeURIComponent(phone)}`)).status).toBe(200)
    await admin.post('/api/v1/records/contact', { full_name: body, phone, note: body })
    await admin.post('/api/v1/auth/2fa/enrol')
    await admin.post('/api/v1/auth/2fa/confirm', { code: '123456' })

    const log = server.output()
    expect(log).toContain('"msg":"request"') // the debug access log ran
    expect(log).toContain('Demo logins')
    const secrets = [...Object.values(logins), wrongPassword, token, token.split('_').pop()!, '671239876', '0671239876', body, '123456']
    for (const secret of secrets) expect(log.includes(secret)).withContext(`the log holds "${secret}"`).toBeFalse()
  }, 240_000)
})
