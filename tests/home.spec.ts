import { userClient } from '#core/testing/client'
import { testApp } from '#core/testing/app'

describe('home page and health', () => {
  it('says in Ukrainian first what runs here, with the entities of the published metadata', async () => {
    const { url } = await testApp()
    const res = await fetch(`${url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    expect(html).toContain('<html lang="uk">')
    expect(html.indexOf('Платформа')).toBeLessThan(html.indexOf('platform'))
    expect(html).toContain('<code>contact</code> — Мешканець / Resident')
  })

  it('tells anonymous callers only up or down on /health, administrators the details', async () => {
    const { url } = await testApp()
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true })
    const operator = await userClient(url, ['operator'])
    expect((await operator.get('/health')).body).toEqual({ ok: true })
    const admin = await userClient(url, ['admin'])
    const body = (await admin.get('/health')).body
    expect(body.ok).toBeTrue()
    expect(body.database.ok).toBeTrue()
    expect(body.metadata.revision).toBeGreaterThan(0)
    expect(['memory', 'postgres', 'redis']).toContain(body.realtime.adapter)
  })

  it('answers unknown routes with problem+json', async () => {
    const { url } = await testApp()
    const res = await fetch(`${url}/api/v1/nothing-here`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })
})
