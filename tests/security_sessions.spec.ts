import { io as connect, type Socket } from 'socket.io-client'
import { TOTP, Secret } from 'otpauth'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { upsertUser } from '#core/auth/identity'
import { trustedProxies } from '#config/app'
import { engine } from '#core/engine/engine'
import env from '#start/env'

/** Issue 10, items 7, 8, 11 and 13: logins, tokens, sockets, caching, health, second factor. */
describe('security of sessions and tokens', () => {
  let url: string
  const sockets: Socket[] = []

  beforeAll(async () => {
    url = (await testApp()).url
  })

  afterAll(() => sockets.forEach((s) => s.close()))

  async function openSocket(auth: { cookie?: string; token?: string }) {
    const s = connect(url, { transports: ['websocket'], reconnection: false, auth: auth.token ? { token: auth.token } : {}, extraHeaders: auth.cookie ? { cookie: auth.cookie } : {} })
    sockets.push(s)
    await new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject)))
    const gone = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)))
    return { socket: s, gone }
  }

  describe('login (item 7)', () => {
    it('says "wrong login or password" in the caller\'s language, after the same hashing work for an unknown login', async () => {
      const anon = new ApiClient(url)
      anon.locale = 'en'
      const hash = (await import('@adonisjs/core/services/hash')).default // a container binding: after boot
      const verify = spyOn(hash, 'verify').and.callThrough()
      const unknown = await anon.post('/api/v1/auth/login', { login: 'nobody-at-all', password: 'x' })
      expect(unknown.status).toBe(401)
      expect(unknown.body.title).toBe('Wrong login or password')
      expect(verify).toHaveBeenCalledTimes(1) // a dummy hash: no faster answer for unknown logins
    })

    it('believes X-Forwarded-For only from the proxies in TRUSTED_PROXIES', () => {
      expect(trustedProxies(undefined)('127.0.0.1', 0)).toBeFalse()
      const trust = trustedProxies('10.0.0.0/8, loopback')
      expect(trust('10.2.3.4', 0)).toBeTrue()
      expect(trust('::ffff:127.0.0.1', 0)).toBeTrue()
      expect(trust('192.168.1.1', 0)).toBeFalse()
    })

    it('ignores a spoofed X-Forwarded-Proto from an untrusted peer (no HSTS on plain HTTP)', async () => {
      const res = await fetch(`${url}/api/v1/auth/me`, { headers: { 'x-forwarded-proto': 'https' } })
      expect(res.headers.get('strict-transport-security')).toBeNull()
    })
  })

  describe('tokens and sockets (item 8)', () => {
    it('caps a token made with a token at its parent, and revokes it with the parent', async () => {
      const owner = await userClient(url, ['operator'])
      const parent = (await owner.post('/api/v1/auth/tokens', { name: 'parent', expiresAt: new Date(Date.now() + 3600_000).toISOString() })).body
      const bot = new ApiClient(url)
      bot.token = parent.token
      const child = await bot.post('/api/v1/auth/tokens', { name: 'child', expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString() })
      expect(child.status).toBe(201)
      expect(new Date(child.body.expires_at).getTime()).toBe(new Date(parent.expires_at).getTime())
      const forever = await bot.post('/api/v1/auth/tokens', { name: 'no expiry asked' })
      expect(new Date(forever.body.expires_at).getTime()).toBe(new Date(parent.expires_at).getTime())
      const grandchild = new ApiClient(url)
      grandchild.token = child.body.token
      expect((await grandchild.get('/api/v1/auth/me')).status).toBe(200)
      expect((await owner.delete(`/api/v1/auth/tokens/${parent.id}`)).status).toBe(204)
      expect((await grandchild.get('/api/v1/auth/me')).status).toBe(401)
    })

    it('revokes the API tokens when the password changes, and disconnects the sockets', async () => {
      await upsertUser(engine.knex, { login: 'pw-changer', name: 'Зміна пароля', password: 'the first password', roles: ['operator'] })
      const owner = await new ApiClient(url).login('pw-changer', 'the first password')
      const { token } = (await owner.post('/api/v1/auth/tokens', { name: 'bot' })).body
      const bot = new ApiClient(url)
      bot.token = token
      expect((await bot.get('/api/v1/auth/me')).status).toBe(200) // cached on this node now
      const { gone } = await openSocket({ token })
      const changed = await owner.post('/api/v1/auth/password', { currentPassword: 'the first password', newPassword: 'a brand new password' })
      expect(changed.status).toBe(204)
      expect(await gone).toBe('io server disconnect')
      expect((await bot.get('/api/v1/auth/me')).status).toBe(401)
      expect(
        (
          await engine
            .knex('sys_api_tokens')
            .where({ user_id: (await owner.get('/api/v1/auth/me')).body.user.id })
            .first()
        ).revoked_at
      ).not.toBeNull()
    })

    it("disconnects the socket of a revoked token at once, and not the owner's session socket", async () => {
      const owner = await userClient(url, ['operator'])
      const made = (await owner.post('/api/v1/auth/tokens', { name: 'screen' })).body
      const byToken = await openSocket({ token: made.token })
      const bySession = await openSocket({ cookie: owner.cookie })
      expect((await owner.delete(`/api/v1/auth/tokens/${made.id}`)).status).toBe(204)
      expect(await byToken.gone).toBe('io server disconnect')
      expect(bySession.socket.connected).toBeTrue()
    })

    it('disconnects the sockets of a user whose roles change or who is deactivated', async () => {
      const user = await userClient(url, ['operator'])
      const first = await openSocket({ cookie: user.cookie })
      await upsertUser(engine.knex, { login: user.login, name: 'x', roles: ['resident'] })
      expect(await first.gone).toBe('io server disconnect')
      const second = await openSocket({ cookie: user.cookie })
      await engine.knex('sys_users').where({ id: user.userId }).update({ active: false, updated_at: engine.knex.fn.now() })
      expect(await second.gone).toBe('io server disconnect')
    })
  })

  describe('caching, health and logout (item 11)', () => {
    it('sends API answers with Cache-Control: no-store', async () => {
      const user = await userClient(url, ['operator'])
      const res = await user.get('/api/v1/records/contact')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect((await user.get('/api/v1/auth/me')).headers.get('cache-control')).toBe('no-store')
    })

    it('refuses a logout without the CSRF token (the session stays)', async () => {
      const user = await userClient(url, ['operator'])
      const forged = new ApiClient(url)
      forged.cookie = user.cookie
      expect((await forged.post('/api/v1/auth/logout')).status).toBe(403)
      expect((await user.get('/api/v1/auth/me')).status).toBe(200)
      expect((await user.post('/api/v1/auth/logout')).status).toBe(204)
      expect((await user.get('/api/v1/auth/me')).status).toBe(401)
    })
  })

  describe('second factor (item 13)', () => {
    // `ahead` steps of 30 s later: each code is accepted once, so a second sign-in uses the next
    const code = (secret: string, login: string, ahead = 0) => new TOTP({ label: login, secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + ahead * 30_000 })

    it('enrols with a QR code, then needs a code (or a recovery code, once) to sign in', async () => {
      await upsertUser(engine.knex, { login: 'two-factor', name: 'Двофакторна', password: 'a long password', roles: ['admin'] })
      const admin = await new ApiClient(url).login('two-factor', 'a long password')
      expect((await admin.get('/api/v1/auth/me')).body.twoFactor).toEqual({ enabled: false, required: false, verified: false })
      const enrol = await admin.post('/api/v1/auth/2fa/enrol')
      expect(enrol.status).withContext(enrol.text).toBe(200)
      expect(enrol.body.qr).toMatch(/^data:image\/png;base64,/)
      expect(enrol.body.uri).toContain('otpauth://totp/')
      const stored = await engine.knex('sys_users').where({ login: 'two-factor' }).first()
      expect(stored.totp_secret).not.toContain(enrol.body.secret) // encrypted with the app key
      expect((await admin.post('/api/v1/auth/2fa/confirm', { code: '000000' })).status).toBe(422)
      const confirmed = await admin.post('/api/v1/auth/2fa/confirm', { code: code(enrol.body.secret, 'two-factor') })
      expect(confirmed.status).toBe(200)
      expect(confirmed.body.recoveryCodes.length).toBe(10)

      const anon = new ApiClient(url)
      const noCode = await anon.post('/api/v1/auth/login', { login: 'two-factor', password: 'a long password' })
      expect(noCode.status).toBe(401)
      expect(noCode.body.errors[0]).toEqual(jasmine.objectContaining({ pointer: '/code', code: 'second_factor_required' }))
      expect(noCode.headers.get('set-cookie')).toBeNull()
      const wrongCode = await anon.post('/api/v1/auth/login', { login: 'two-factor', password: 'a long password', code: '123456' })
      expect(wrongCode.status).toBe(401)
      const replayed = await anon.post('/api/v1/auth/login', { login: 'two-factor', password: 'a long password', code: code(enrol.body.secret, 'two-factor') })
      expect(replayed.status).withContext('the code that confirmed the enrolment, again').toBe(401)
      const withCode = await anon.post('/api/v1/auth/login', { login: 'two-factor', password: 'a long password', code: code(enrol.body.secret, 'two-factor', 1) })
      expect(withCode.status).toBe(200)
      const recovery = confirmed.body.recoveryCodes[0]
      expect((await new ApiClient(url).post('/api/v1/auth/login', { login: 'two-factor', password: 'a long password', code: recovery })).status).toBe(200)
      expect((await new ApiClient(url).post('/api/v1/auth/login', { login: 'two-factor', password: 'a long password', code: recovery })).status).toBe(401)
    })

    it('when required (VIKNO_REQUIRE_2FA), keeps administrators and supervisors without it out of the metadata API', async () => {
      env.set('VIKNO_REQUIRE_2FA', 'admin,supervisor')
      try {
        const admin = await userClient(url, ['admin'])
        const refused = await admin.get('/api/v1/meta')
        expect(refused.status).toBe(403)
        expect(refused.headers.get('content-type')).toContain('application/problem+json')
        expect(refused.body.errors[0].code).toBe('second_factor_required')
        expect((await admin.post('/api/v1/meta/drafts')).status).toBe(403)
        const supervisor = await userClient(url, ['supervisor'])
        expect((await supervisor.get('/api/v1/meta')).status).toBe(403)
        const operator = await userClient(url, ['operator'])
        expect((await operator.get('/api/v1/auth/me')).body.twoFactor.required).toBeFalse()
        // enrolling in this session proves the factor: the builder opens
        expect((await admin.get('/api/v1/auth/me')).body.twoFactor).toEqual({ enabled: false, required: true, verified: false })
        const enrol = (await admin.post('/api/v1/auth/2fa/enrol')).body
        expect((await admin.post('/api/v1/auth/2fa/confirm', { code: code(enrol.secret, admin.login) })).status).toBe(200)
        expect((await admin.get('/api/v1/meta')).status).toBe(200)
        expect((await admin.post('/api/v1/auth/2fa/disable', { code: code(enrol.secret, admin.login) })).status).toBe(403)
      } finally {
        env.set('VIKNO_REQUIRE_2FA', '')
      }
    })
  })
})
