import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { upsertUser, verifyLogin } from '#core/auth/identity'
import { LOGIN_THROTTLE } from '#core/auth/throttle'
import { engine } from '#core/engine/engine'

/** Sessions, CSRF, API tokens and login throttling over real HTTP. */
describe('authentication', () => {
  let url: string

  beforeAll(async () => {
    url = (await testApp()).url
  })

  it('logs in, tells who is there, and logs out', async () => {
    await upsertUser(engine.knex, { login: 'olena', name: 'Олена', password: 'correct horse', roles: ['operator'] })
    const client = await new ApiClient(url).login('olena', 'correct horse')
    const me = await client.get('/api/v1/auth/me')
    expect(me.status).toBe(200)
    expect(me.body.user.login).toBe('olena')
    expect(me.body.roles.map((r: any) => r.key)).toEqual(['operator'])
    expect(me.body.csrfToken).toBe(client.csrf)
    const row = await engine.knex('sys_users').where({ login: 'olena' }).first()
    expect(row.password_hash).toMatch(/^\$scrypt\$/)
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204)
    expect((await client.get('/api/v1/auth/me')).status).toBe(401)
  })

  it("answers a wrong password and an unknown login alike, in the caller's language", async () => {
    const anon = new ApiClient(url)
    const wrong = await anon.post('/api/v1/auth/login', { login: 'olena', password: 'nope' })
    const unknown = await anon.post('/api/v1/auth/login', { login: 'nobody-here', password: 'nope' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body.title).toBe('Невірний логін або пароль')
    expect(wrong.body.type).toBe(unknown.body.type)
    expect(wrong.body.errors).toEqual(unknown.body.errors)
    const missing = await anon.post('/api/v1/auth/login', { login: 'olena' })
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].pointer).toBe('/password')
  })

  it('slows guessing down per account and address, never locking the owner out from elsewhere', async () => {
    await upsertUser(engine.knex, { login: 'target', name: 'Ціль', password: 'right-password', roles: [] })
    const guess = (password: string, ip: string) =>
      verifyLogin(engine.knex, 'target', password, ip).then(
        () => 200,
        (e) => e.status as number
      )
    // the free failures from the attacker's address, then the delay starts
    for (let i = 0; i < LOGIN_THROTTLE.pair.free + 1; i++) expect(await guess('wrong', '10.9.9.9')).toBe(401)
    // the attacker's address now waits, even with the right password ...
    expect(await guess('right-password', '10.9.9.9')).toBe(429)
    // ... while the owner, from another address, signs in at once
    expect(await guess('right-password', '10.1.1.1')).toBe(200)
    // the delay passes (1 s after the first paid failure): the right password works again
    const deadline = Date.now() + 10_000
    let status = 429
    while (status === 429 && Date.now() < deadline) {
      status = await guess('right-password', '10.9.9.9')
      if (status === 429) await new Promise((r) => setTimeout(r, 200))
    }
    expect(status).toBe(200)
  })

  it('issues API tokens that work without a session and stop working when revoked or expired', async () => {
    const owner = await userClient(url, ['operator'])
    const created = await owner.post('/api/v1/auth/tokens', { name: 'bot' })
    expect(created.status).toBe(201)
    expect(created.body.token).toMatch(/^vkn_/)
    const stored = await engine.knex('sys_api_tokens').where({ id: created.body.id }).first()
    expect(stored.token_hash).not.toContain(created.body.token) // only a hash is kept
    const bot = new ApiClient(url)
    bot.token = created.body.token
    expect((await bot.get('/api/v1/records/contact')).status).toBe(200)
    const listed = await owner.get('/api/v1/auth/tokens')
    expect(listed.body.data.map((t: any) => t.id)).toEqual([created.body.id])
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token)
    const stranger = await userClient(url, ['operator'])
    expect((await stranger.delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(404)
    expect((await owner.delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(204)
    expect((await bot.get('/api/v1/records/contact')).status).toBe(401)
    const expiring = await owner.post('/api/v1/auth/tokens', { name: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() })
    bot.token = expiring.body.token
    expect((await bot.get('/api/v1/records/contact')).status).toBe(401)
    const bad = await owner.post('/api/v1/auth/tokens', { name: '' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].pointer).toBe('/name')
  })

  it('refuses a cookie session on a write without the CSRF token', async () => {
    const user = await userClient(url, ['operator'])
    const forged = new ApiClient(url)
    forged.cookie = user.cookie
    const res = await forged.post('/api/v1/records/contact', { full_name: 'Підроблений' })
    expect(res.status).toBe(403)
    expect(await engine.knex('contact').where({ full_name: 'Підроблений' }).first()).toBeUndefined()
  })
})
