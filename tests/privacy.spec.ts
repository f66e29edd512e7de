import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

type Client = Awaited<ReturnType<typeof userClient>>

/**
 * Issue 10, item 12: subject access and erasure (modules/privacy), for administrators only.
 * Two residents share a personal account; everything about one of them is exported and
 * nothing about the other; erasure pseudonymises the first and leaves request numbers,
 * the other resident and the audit chain intact.
 */
describe('privacy: subject access and erasure', () => {
  let admin: Client
  let operator: Client
  let anna: string
  let boris: string
  let annaTicket: any
  let borisTicket: any
  const tag = Date.now().toString(36)
  const annaName = `Ганна Приватна ${tag}`
  const borisName = `Борис Сусід ${tag}`

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    const water = (await admin.post('/api/v1/records/counterparty', { name: `Вода ${tag}`, code: `pw_${tag}` })).body.data.id
    const street = (await admin.post('/api/v1/records/object', { name: `вул. Приватна ${tag}`, level: 'street' })).body.data.id
    await admin.post('/api/v1/records/object_responsibility', { object: street, category: 'water', counterparty: water })
    anna = (await admin.post('/api/v1/records/contact', { full_name: annaName, phone: '0671110001', email: 'anna@example.org', messengers: { viber: '+380671110001' }, note: 'любить дзвінки вранці' }))
      .body.data.id
    boris = (await admin.post('/api/v1/records/contact', { full_name: borisName, phone: '0671110002' })).body.data.id
    const ticket = (resident: string, description: string) => admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', resident, object: street, description, extra: { floor: 2 } })
    annaTicket = (await ticket(anna, 'Ганна: немає води, дитина хворіє')).body.data
    borisTicket = (await ticket(boris, 'Борис: немає води')).body.data
    expect(annaTicket.number).toBeDefined()
    const building = (await admin.post('/api/v1/records/object', { name: '7', level: 'building', parent: street })).body.data.id
    const apartment = (await admin.post('/api/v1/records/object', { name: 'кв. 1', level: 'apartment', parent: building })).body.data.id
    const account = await admin.post('/api/v1/records/personal_account', { number: `PA-${tag}`, apartment, holder: anna, residents: [anna, boris] })
    expect(account.status).withContext(account.text).toBe(201)
    for (const [contact, body] of [
      [anna, 'Ганна пише в Viber'],
      [boris, 'Борис пише в Viber'],
    ]) {
      const m = await admin.post('/api/v1/records/message', { channel: 'viber', direction: 'inbound', contact, body })
      expect(m.status).withContext(m.text).toBe(201)
    }
    await admin.post('/api/v1/records/call', { direction: 'inbound', caller: '+380671110001', contact: anna })
    await admin.post('/api/v1/records/call', { direction: 'inbound', caller: '+380671110002', contact: boris })
    await admin.post('/api/v1/records/call', { direction: 'outbound', caller: '101', callee: '+380671110001' }) // not linked, to her number
    const portal = await userClient(url, ['resident'], { contact: anna })
    const comment = await portal.post('/api/v1/records/comment', { ticket: annaTicket.id, body: 'Ганна: коли буде вода?', public: true })
    expect(comment.status).withContext(comment.text).toBe(201)
  })

  it('is for administrators only', async () => {
    expect((await operator.get(`/api/v1/actions/privacy.subject?contact=${anna}`)).status).toBe(403)
    expect((await operator.post('/api/v1/actions/privacy.erase', { contact: anna, confirm: true })).status).toBe(403)
  })

  it('exports everything about one person, and nothing about anyone else', async () => {
    const res = await admin.get(`/api/v1/actions/privacy.subject?contact=${anna}`)
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const body = res.body
    expect(body.records.contact[0].full_name).toBe(annaName)
    expect(body.records.ticket.map((t: any) => t.number)).toEqual([annaTicket.number])
    expect(body.records.personal_account).toEqual([jasmine.objectContaining({ number: `PA-${tag}`, role: 'holder' })])
    expect(body.records.message.map((m: any) => m.body)).toEqual(['Ганна пише в Viber'])
    expect(body.records.call.length).toBe(2)
    expect(body.records.comment.map((c: any) => c.body)).toEqual(['Ганна: коли буде вода?'])
    expect(body.accounts.length).toBe(1)
    expect(body.audit.some((a: any) => a.entity === 'ticket' && a.record_id === annaTicket.id && a.action === 'create')).toBeTrue()
    expect(body.views.some((v: any) => v.entity === 'contact' && v.record_id === anna)).toBeTrue()
    const text = JSON.stringify(body)
    for (const other of [boris, borisName, '+380671110002', borisTicket.id, borisTicket.number, 'Борис']) expect(text).withContext(other).not.toContain(other)
    const audited = await engine.knex('sys_audit').where({ entity: 'contact', record_id: anna, action: 'subject_access' }).first()
    expect(audited?.actor_id).toBe(admin.userId)
  })

  it('finds the person by phone, and asks for the contact when a phone is shared', async () => {
    const res = await admin.get('/api/v1/actions/privacy.subject?phone=067%20111%2000%2001')
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.subject.contact).toBe(anna)
    const shared = (await admin.post('/api/v1/records/contact', { full_name: `Дід ${tag}`, phone: '0671110009' })).body.data.id
    await admin.post('/api/v1/records/contact', { full_name: `Баба ${tag}`, phone: '0671110009' })
    const ambiguous = await admin.get('/api/v1/actions/privacy.subject?phone=0671110009')
    expect(ambiguous.status).toBe(422)
    expect(ambiguous.body.errors[0].pointer).toBe('/phone')
    expect(ambiguous.body.candidates).toContain(shared)
    expect((await admin.get('/api/v1/actions/privacy.subject?phone=0671119999')).status).toBe(404)
    expect((await admin.get('/api/v1/actions/privacy.subject?contact=nope')).status).toBe(422)
  })

  it('erases by pseudonymising: names, phones, free text; numbers, the other person and the audit chain stay', async () => {
    expect((await admin.post('/api/v1/actions/privacy.erase', { contact: anna })).status).toBe(422) // confirm
    const lastAudit = Number((await engine.knex('sys_audit').max({ id: 'id' }).first())?.id)
    const res = await admin.post('/api/v1/actions/privacy.erase', { contact: anna, confirm: true })
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.changed).toEqual(jasmine.objectContaining({ contact: 1, ticket: 1, message: 1, call: 2, comment: 1 }))

    const contact = (await admin.get(`/api/v1/records/contact/${anna}`)).body.data
    expect(contact.full_name).toBe(res.body.pseudonym)
    expect([contact.phone, contact.email, contact.messengers, contact.note]).toEqual([null, null, null, null])
    const ticket = (await admin.get(`/api/v1/records/ticket/${annaTicket.id}`)).body.data
    expect(ticket.number).toBe(annaTicket.number)
    expect(ticket.resident).toBe(anna)
    expect(ticket.request_type).toBe('spec_no_water')
    expect(ticket.description).not.toContain('Ганна')
    expect(await engine.knex('call').where({ caller: '+380671110001' }).orWhere({ callee: '+380671110001' }).first()).toBeUndefined()
    expect(await engine.knex('call').where({ caller: '+380671110002' }).first()).toBeDefined()
    const b = (await admin.get(`/api/v1/records/contact/${boris}`)).body.data
    expect([b.full_name, b.phone]).toEqual([borisName, '+380671110002'])
    expect((await admin.get(`/api/v1/records/ticket/${borisTicket.id}`)).body.data.description).toBe('Борис: немає води')

    // the erasure's own audit rows say what changed, never what it was
    const rows = await engine.knex('sys_audit').where('id', '>', lastAudit).orderBy('id')
    expect(rows.some((r: any) => r.action === 'erasure' && r.record_id === anna && r.actor_id === admin.userId)).toBeTrue()
    expect(rows.some((r: any) => r.action === 'update' && r.entity === 'contact' && r.record_id === anna)).toBeTrue()
    const written = JSON.stringify(rows)
    for (const old of [annaName, '+380671110001', 'anna@example.org', 'дитина хворіє', 'Ганна пише']) expect(written).withContext(old).not.toContain(old)
    // older rows are not rewritten: the audit stays append-only
    expect(await engine.knex('sys_audit').where('id', '<=', lastAudit).where({ entity: 'contact', record_id: anna, action: 'create' }).first()).toBeDefined()
    // ...but whoever reads them (the audit, a record's history) finds the erased values masked
    const audit = await admin.get(`/api/v1/audit?entity=contact&record=${anna}`)
    const history = await admin.get(`/api/v1/records/contact/${anna}/history`)
    const ticketAudit = await admin.get(`/api/v1/audit?entity=ticket&record=${annaTicket.id}`)
    for (const read of [audit, history, ticketAudit]) {
      expect(read.status).withContext(read.text).toBe(200)
      for (const old of [annaName, '+380671110001', 'anna@example.org', 'дитина хворіє', 'Ганна пише']) expect(read.text).withContext(old).not.toContain(old)
    }
    const created = audit.body.data.find((r: any) => r.action === 'create')
    expect(created.changes.full_name).toEqual(jasmine.objectContaining({ to: '[erased]' }))
    expect(ticketAudit.body.data.find((r: any) => r.action === 'create').changes.number.to).toBe(annaTicket.number) // what the erasure left stays

    expect((await admin.get('/api/v1/actions/privacy.subject?phone=0671110001')).status).toBe(404)
    const after = await admin.get(`/api/v1/actions/privacy.subject?contact=${anna}`)
    expect(after.status).toBe(200)
    expect(JSON.stringify(after.body.records)).not.toContain(annaName)
  })
})
