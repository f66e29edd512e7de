import { execFileSync } from 'node:child_process'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'

/**
 * `GET /api/v1/ui/bootstrap` draws the screens for one user from metadata and roles; the built
 * app is served at `/` and `/app/*` with correct types, and nothing outside its folder.
 */
describe('screens bootstrap and the served app', () => {
  let url: string
  let operator: ApiClient
  let dispatcher: ApiClient

  beforeAll(async () => {
    execFileSync(process.execPath, ['core/ui/ensure_build.mjs'], { stdio: 'inherit', timeout: 300_000 })
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    const company = (await admin.post('/api/v1/records/counterparty', { name: `Компанія ${Date.now()}` })).body.data.id
    operator = await userClient(url, ['operator'])
    dispatcher = await userClient(url, ['contractor_dispatcher'], { counterparty: company })
  }, 360_000)

  it('needs a session', async () => {
    const res = await fetch(`${url}/api/v1/ui/bootstrap`)
    expect(res.status).toBe(401)
  })

  it('gives an operator its entities, fields, schemas, views and a navigation with requests first', async () => {
    const res = await operator.get('/api/v1/ui/bootstrap')
    expect(res.status).toBe(200)
    const boot = res.body
    expect(boot.user.login).toBe((operator as any).login)
    expect(boot.roles.map((r: any) => r.key)).toContain('operator')
    expect(boot.revision).toBeGreaterThan(0)
    // the operator role's navigation: requests, residents, callbacks, the knowledge base
    expect(boot.navigation.map((n: any) => n.entity)).toEqual(['ticket', 'contact', 'callback', 'kb_article'])
    const ticket = boot.entities.find((e: any) => e.key === 'ticket')
    expect(ticket.label).toEqual({ uk: 'Звернення', en: 'Request' })
    expect(ticket.display).toBe('number')
    expect(ticket.can).toEqual(jasmine.objectContaining({ read: true, create: true, update: true, delete: false }))
    expect(ticket.fields.number.readOnly).toBeTrue()
    expect(ticket.fields.status.readOnly).toBeTrue() // only transitions change it
    expect(ticket.fields.status.options.map((o: any) => o.value)).toContain('new')
    expect(ticket.fields.priority.options).toContain({ value: 'emergency', label: { uk: 'Аварійний', en: 'Emergency' } })
    expect(ticket.fields.resident).toEqual(jasmine.objectContaining({ type: 'reference', to: 'contact', toReadable: true }))
    expect(ticket.fields.request_type.options.length).toBeGreaterThan(10)
    expect(boot.lookups.request_type.find((d: any) => d.key === 'spec_no_water').requiredFields).toEqual(['floor'])
    expect(Object.keys(ticket.schemas.create.properties)).not.toContain('number')
    expect(Object.keys(ticket.schemas.create.properties)).not.toContain('status')
    expect(ticket.schemas.create.required).toContain('description')
    expect(Object.keys(ticket.schemas.update.properties)).toContain('version')
    expect(ticket.schemas.record.properties.number.readOnly).toBeTrue()
    expect(ticket.views[0].columns[0]).toBe('number')
    expect(ticket.workflow.field).toBe('status')
    expect(boot.entities.some((e: any) => e.key === 'sys_users' || e.key === 'role')).toBeFalse()
  })

  it('shows a dispatcher their requests and staff, and technical entities only to administrators, grouped', async () => {
    expect((await dispatcher.get('/api/v1/ui/bootstrap')).body.navigation.map((n: any) => n.entity)).toEqual(['ticket', 'user', 'assignment', 'kb_article'])
    const admin = await userClient(url, ['admin'])
    const nav = (await admin.get('/api/v1/ui/bootstrap')).body.navigation
    expect(nav.slice(0, 4).map((n: any) => n.entity)).toEqual(['ticket', 'contact', 'object', 'assignment'])
    const technical = nav.filter((n: any) => n.group === 'technical').map((n: any) => n.entity)
    expect(technical).toEqual(jasmine.arrayWithExactContents(['chat_session', 'comment', 'kb_article_version', 'message', 'object_responsibility', 'operator_presence']))
    // the group comes last
    expect(nav.slice(-technical.length).every((n: any) => n.group === 'technical')).toBeTrue()
    const supervisor = await userClient(url, ['supervisor'])
    const theirs = (await supervisor.get('/api/v1/ui/bootstrap')).body.navigation.map((n: any) => n.entity)
    expect(theirs).not.toContain('operator_presence')
    expect(theirs.slice(0, 4)).toEqual(['ticket', 'contact', 'callback', 'kb_article'])
  })

  it('leaves out what a contractor may not see or write', async () => {
    const boot = (await dispatcher.get('/api/v1/ui/bootstrap')).body
    const ticket = boot.entities.find((e: any) => e.key === 'ticket')
    expect(ticket.can.create).toBeFalse()
    expect(ticket.schemas.create).toBeUndefined()
    const contact = boot.entities.find((e: any) => e.key === 'contact')
    expect(Object.keys(contact.fields)).not.toContain('email')
    expect(Object.keys(contact.schemas.record.properties)).not.toContain('email')
    expect(contact.schemas.update).toBeUndefined()
    expect(boot.entities.find((e: any) => e.key === 'call')).toBeUndefined()
  })

  it('serves the built app at / and /app/* with content types, caching and a CSP', async () => {
    const home = await fetch(`${url}/`)
    expect(home.headers.get('content-type')).toContain('text/html')
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await home.text()
    expect(html).toContain('<div id="root">')
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)![1]
    const js = await fetch(url + script)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    expect(js.headers.get('cache-control')).toContain('immutable')
    const css = /href="(\/app\/assets\/[^"]+\.css)"/.exec(html)![1]
    expect((await fetch(url + css)).headers.get('content-type')).toContain('text/css')
    const route = await fetch(`${url}/app/ticket/00000000-0000-0000-0000-000000000000`)
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<div id="root">')
    expect((await fetch(`${url}/app/assets/missing-file.js`)).status).toBe(404)
    const escape = await fetch(`${url}/app/..%2f..%2fpackage.json`)
    expect(await escape.text()).not.toContain('"dependencies"')
  })
})
