import { randomInt } from 'node:crypto'
import { io as connect } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { ApiClient, userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/**
 * Issue 10, "Leaks" (items 1-5), tried as an attacker would with the demo city's roles:
 * a resident, two contractor companies (dispatchers, a worker), an operator and the PBX
 * account. Each `describe` is one leak; each `it` one role on one path.
 *
 * role                   filter hops  sort, fields  include  export cols  audit  q   residents  view log
 * resident                    ✓            ✓           ✓                     ✓
 * contractor dispatcher       ✓            ✓           ✓          ✓         ✓    ✓   ✓ +socket    ✓
 * contractor worker                                                                    ✓
 * PBX (integration)                                                         ✓    ✓     ✓
 * administrator, operator                                                   ✓    ✓                ✓
 * (operator and administrator are the positive controls: what they may read still works)
 */
describe('security: reads leak nothing through references, audit, search or lists', () => {
  const tag = Date.now().toString(36)
  const mobile = () => `+38067${String(randomInt(1_000_000, 9_999_999))}`
  const secret = `таємниця${tag}`
  const phones = { anna: mobile(), petro: mobile(), old: mobile(), recent: mobile() }
  let admin: ApiClient
  let operator: ApiClient
  let water: ApiClient
  let green: ApiClient
  let worker: ApiClient
  let residentA: ApiClient
  let pbx: ApiClient
  let url: string
  let waterId: string
  let greenId: string
  const contact: Record<'anna' | 'petro' | 'old' | 'recent', string> = {} as any
  const ticket: Record<'anna' | 'annaDup' | 'petro' | 'waterChild' | 'old' | 'recent', string> = {} as any

  const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter))
  const ids = (res: { body: any }) => (res.body.data ?? []).map((r: any) => r.id)
  const newTicket = async (values: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: 'Немає води', extra: { floor: 2 }, ...values })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data.id as string
  }
  const newContact = async (name: string, phone: string) => {
    const res = await admin.post('/api/v1/records/contact', { full_name: name, phone, email: `leak_${phone.slice(-7)}_${tag}@example.com`, note: `${secret} ${name}` })
    expect(res.status).withContext(res.text).toBe(201)
    return res.body.data.id as string
  }

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    waterId = (await admin.post('/api/v1/records/counterparty', { name: `Водоканал ${tag}`, code: `lw_${tag}` })).body.data.id
    greenId = (await admin.post('/api/v1/records/counterparty', { name: `Благоустрій ${tag}`, code: `lg_${tag}` })).body.data.id
    water = await userClient(url, ['contractor_dispatcher'], { counterparty: waterId })
    green = await userClient(url, ['contractor_dispatcher'], { counterparty: greenId })
    worker = await userClient(url, ['contractor_worker'], { counterparty: waterId })

    contact.anna = await newContact('Ганна Витік', phones.anna)
    contact.petro = await newContact('Петро Сусід', phones.petro)
    contact.old = await newContact('Олег Давній', phones.old)
    contact.recent = await newContact('Ірина Недавня', phones.recent)
    residentA = await userClient(url, ['resident'], { contact: contact.anna })
    const integration = await userClient(url, ['integration'])
    pbx = new ApiClient(url)
    pbx.token = (await integration.post('/api/v1/auth/tokens', { name: 'pbx' })).body.token

    ticket.anna = await newTicket({ resident: contact.anna, contractor: waterId, description: 'Тече кран' })
    ticket.annaDup = await newTicket({ resident: contact.anna, contractor: waterId, description: 'Тече кран ще раз' })
    ticket.petro = await newTicket({ resident: contact.petro, contractor: greenId, description: `Зламана лава ${secret}` })
    ticket.waterChild = await newTicket({ resident: contact.anna, contractor: waterId, description: 'Дочірнє' })
    ticket.old = await newTicket({ resident: contact.old, contractor: waterId, description: 'Давно закрите' })
    ticket.recent = await newTicket({ resident: contact.recent, contractor: waterId, description: 'Нещодавно закрите' })
    // links an operator makes (merge, parent, related) and closing dates, set directly: this spec is about reading them
    await engine.knex('ticket').where({ id: ticket.annaDup }).update({ duplicate_of: ticket.petro })
    await engine.knex('ticket').where({ id: ticket.anna }).update({ parent: ticket.petro })
    await engine.knex('ticket').where({ id: ticket.waterChild }).update({ parent: ticket.anna })
    await engine.knex('ticket__related').insert([{ source_id: ticket.anna, target_id: ticket.petro }])
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000)
    await engine
      .knex('ticket')
      .where({ id: ticket.old })
      .update({ closed_at: daysAgo(40) })
    await engine
      .knex('ticket')
      .where({ id: ticket.recent })
      .update({ closed_at: daysAgo(5) })
    const assignment = await admin.post('/api/v1/records/assignment', {
      title: `Доручення ${tag}`,
      counterparty: waterId,
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      tickets: [ticket.anna, ticket.petro],
    })
    expect(assignment.status).withContext(assignment.text).toBe(201)
  })

  describe("1. every hop of a filter applies the target's row scope and hidden fields", () => {
    it('resident: a merged request does not reveal the other resident through duplicate_of', async () => {
      const own = await residentA.get(`/api/v1/records/ticket?filter=${q({ 'resident.phone': { eq: phones.anna } })}`)
      expect(own.status).withContext(own.text).toBe(200)
      expect(ids(own).sort()).toEqual([ticket.anna, ticket.annaDup, ticket.waterChild].sort()) // a readable hop still works
      for (const filter of [
        { 'duplicate_of.resident.phone': { startsWith: phones.petro.slice(0, 6) } },
        { 'duplicate_of.resident.full_name': { contains: 'Петро' } },
        { 'duplicate_of.description': { contains: secret } },
        { 'duplicate_of.id': { isNull: false } },
      ]) {
        const res = await residentA.get(`/api/v1/records/ticket?filter=${q(filter)}`)
        expect(res.status).withContext(JSON.stringify(filter)).toBe(200)
        expect(ids(res)).withContext(JSON.stringify(filter)).toEqual([])
      }
    })

    it("contractor: another company's request is unreachable through parent, related and an assignment's tickets", async () => {
      for (const filter of [
        { 'parent.description': { contains: secret } },
        { 'parent.contractor': { eq: greenId } },
        { 'related.description': { contains: 'лава' } },
        { 'parent.resident.full_name': { contains: 'Петро' } },
      ]) {
        const res = await water.get(`/api/v1/records/ticket?filter=${q(filter)}`)
        expect(res.status).withContext(res.text).toBe(200)
        expect(ids(res)).withContext(JSON.stringify(filter)).toEqual([])
      }
      const own = await water.get(`/api/v1/records/ticket?filter=${q({ 'parent.description': { eq: 'Тече кран' } })}`)
      expect(ids(own)).toEqual([ticket.waterChild])
      const byTickets = await water.get(`/api/v1/records/assignment?filter=${q({ 'tickets.description': { contains: secret } })}`)
      expect(byTickets.status).withContext(byTickets.text).toBe(200)
      expect(ids(byTickets)).toEqual([])
      const reverse = await water.get(`/api/v1/records/contact?filter=${q({ $exists: { entity: 'ticket', via: 'resident', where: { description: { contains: secret } } } })}`)
      expect(reverse.status).withContext(reverse.text).toBe(200)
      expect(ids(reverse)).toEqual([])
    })

    it('contractor: a hidden field is not filterable at any hop (422 with the pointer, like an unknown field)', async () => {
      const res = await water.get(`/api/v1/records/ticket?filter=${q({ 'resident.note': { contains: secret } })}`)
      expect(res.status).toBe(422)
      expect(res.body.errors).toEqual([jasmine.objectContaining({ pointer: '/filter/resident.note', code: 'unknown_field' })])
      const reverse = await water.get(`/api/v1/records/contact?filter=${q({ $exists: { entity: 'ticket', via: 'resident', where: { 'resident.email': { isNull: false } } } })}`)
      expect(reverse.status).toBe(422)
      expect(reverse.body.errors[0].pointer).toBe('/filter/$exists/where/resident.email')
    })

    it('resident and contractor: sort and fields stay on readable fields of the record itself', async () => {
      expect((await residentA.get('/api/v1/records/ticket?sort=duplicate_of.description')).status).toBe(422)
      expect((await residentA.get('/api/v1/records/ticket?sort=responsible')).status).toBe(422)
      expect((await water.get('/api/v1/records/contact?sort=note')).status).toBe(422)
      expect((await water.get('/api/v1/records/contact?fields=email')).status).toBe(422)
    })

    it('resident and contractor: include and export columns bring nothing from outside the scope', async () => {
      const inc = await residentA.get('/api/v1/records/ticket?include=duplicate_of,resident')
      expect(Object.keys(inc.body.included?.ticket ?? {})).not.toContain(ticket.petro)
      expect(Object.keys(inc.body.included?.contact ?? {})).toEqual([contact.anna])
      const csv = await water.get(`/api/v1/records/ticket/export?format=csv&columns=number,parent.description,resident.full_name&filter=${q({ id: { eq: ticket.anna } })}`)
      expect(csv.status).withContext(csv.text).toBe(200)
      expect(csv.text).toContain('Ганна Витік')
      expect(csv.text).not.toContain(secret)
    })
  })

  describe('2. the audit answers without hidden fields', () => {
    it('contractor: the audit of a resident it may read has no e-mail or note', async () => {
      const res = await water.get(`/api/v1/audit?entity=contact&record=${contact.anna}`)
      expect(res.status).withContext(res.text).toBe(200)
      expect(res.body.data.length).toBeGreaterThan(0)
      expect(res.text).not.toContain(secret)
      expect(res.text).not.toContain('@example.com')
      expect(res.text).toContain('Ганна Витік')
    })

    it('resident: the audit of its own request has none of the fields hidden from residents', async () => {
      await engine
        .knex('sys_audit')
        .insert({ entity: 'ticket', record_id: ticket.anna, action: 'update', changes: JSON.stringify({ queue: { from: null, to: `черга-${secret}` }, priority: { from: 'normal', to: 'high' } }) })
      const res = await residentA.get(`/api/v1/audit?entity=ticket&record=${ticket.anna}`)
      expect(res.status).withContext(res.text).toBe(200)
      expect(res.text).not.toContain(secret)
      expect(res.body.data.some((r: any) => r.changes?.priority?.to === 'high')).toBeTrue()
    })

    it('administrator: still sees everything', async () => {
      const res = await admin.get(`/api/v1/audit?entity=contact&record=${contact.anna}`)
      expect(res.text).toContain(secret)
    })
  })

  describe('3. q searches only readable fields', () => {
    it('contractor: a word of a hidden note finds nobody; a word of a name still finds', async () => {
      const hidden = await water.get(`/api/v1/records/contact?q=${encodeURIComponent(secret)}`)
      expect(hidden.status).withContext(hidden.text).toBe(200)
      expect(ids(hidden)).toEqual([])
      expect(ids(await water.get(`/api/v1/records/contact?q=${encodeURIComponent('Витік')}`))).toEqual([contact.anna])
    })

    it('operator: may read notes, so finds by them', async () => {
      const res = await operator.get(`/api/v1/records/contact?q=${encodeURIComponent(secret)}&limit=10`)
      expect(ids(res)).toContain(contact.anna)
    })
  })

  describe('4. contractors read only the residents of their requests; the PBX account none', () => {
    it('contractor dispatcher: residents of its requests, open or closed within 30 days', async () => {
      const listed = ids(await water.get('/api/v1/records/contact?limit=500'))
      expect(listed).toContain(contact.anna)
      expect(listed).toContain(contact.recent)
      expect(listed).not.toContain(contact.old) // closed 40 days ago
      expect(listed).not.toContain(contact.petro) // another company's resident
      expect((await water.get(`/api/v1/records/contact/${contact.petro}`)).status).toBe(404)
      expect(ids(await green.get('/api/v1/records/contact?limit=500'))).toEqual([contact.petro])
    })

    it('contractor dispatcher: a live socket may follow its residents only', async () => {
      const socket = connect(url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: water.cookie! } })
      try {
        await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject))
        const join = (room: string) => new Promise<{ ok: boolean }>((resolve) => socket.emit('subscribe', room, resolve))
        expect((await join(`record:contact:${contact.anna}`)).ok).toBeTrue()
        expect((await join(`record:contact:${contact.petro}`)).ok).toBeFalse()
        expect((await join(`record:contact:${contact.old}`)).ok).toBeFalse()
      } finally {
        socket.close()
      }
    })

    it('contractor worker: only residents of requests it is responsible for', async () => {
      expect(ids(await worker.get('/api/v1/records/contact?limit=500'))).toEqual([])
      await engine
        .knex('ticket')
        .where({ id: ticket.anna })
        .update({ responsible: (worker as any).userId })
      expect(ids(await worker.get('/api/v1/records/contact?limit=500'))).toEqual([contact.anna])
    })

    it('PBX account: no list or record access to residents, yet the intake links its calls', async () => {
      expect((await pbx.get('/api/v1/records/contact')).status).toBe(404)
      expect((await pbx.get(`/api/v1/records/contact/${contact.anna}`)).status).toBe(404)
      expect((await pbx.get(`/api/v1/audit?entity=contact&record=${contact.anna}`)).status).toBe(404)
      expect((await pbx.get(`/api/v1/records/contact?q=${encodeURIComponent('Витік')}`)).status).toBe(404)
      const event = await pbx.post('/api/v1/telephony/events', { event: 'ringing', callId: `leak-${tag}`, caller: phones.anna })
      expect(event.status).withContext(event.text).toBe(200)
      expect(event.body.data.contact).toBe(contact.anna)
    })
  })

  describe('5. personal-data views are logged on every path, once per record per request', () => {
    const viewsOf = async (client: ApiClient, record: string) => engine.knex('sys_record_views').where({ entity: 'contact', record_id: record, actor_id: (client as any).userId })

    it('operator: include=resident logs the resident', async () => {
      const before = (await viewsOf(operator, contact.anna)).length
      const res = await operator.get(`/api/v1/records/ticket?include=resident&filter=${q({ id: { in: [ticket.anna, ticket.annaDup] } })}`)
      expect(res.body.included.contact[contact.anna]).toBeDefined()
      expect((await viewsOf(operator, contact.anna)).length).toBe(before + 1)
    })

    it('operator: a filter through the resident logs the residents it reached', async () => {
      const before = (await viewsOf(operator, contact.petro)).length
      const res = await operator.get(`/api/v1/records/ticket?fields=id&filter=${q({ 'resident.phone': { eq: phones.petro } })}`)
      expect(ids(res)).toEqual([ticket.petro])
      expect((await viewsOf(operator, contact.petro)).length).toBe(before + 1)
    })

    it('contractor: export columns through the resident log each resident once', async () => {
      const before = (await viewsOf(water, contact.anna)).length
      const csv = await water.get(`/api/v1/records/ticket/export?format=csv&columns=number,resident.full_name,resident.phone&filter=${q({ resident: { eq: contact.anna } })}`)
      expect(csv.status).withContext(csv.text).toBe(200)
      expect(csv.text).toContain('Ганна Витік')
      const after = await viewsOf(water, contact.anna)
      expect(after.length).toBe(before + 1)
    })

    it('operator: a reverse filter ($exists) from an address to its residents logs them', async () => {
      const street = (await admin.post('/api/v1/records/object', { name: `вул. Журнальна ${tag}`, level: 'street' })).body.data.id
      expect((await admin.patch(`/api/v1/records/contact/${contact.anna}`, { addresses: [street] })).status).toBe(200)
      const before = (await viewsOf(operator, contact.anna)).length
      const res = await operator.get(`/api/v1/records/object?filter=${q({ $exists: { entity: 'contact', via: 'addresses', where: { phone: { eq: phones.anna } } } })}`)
      expect(res.status).withContext(res.text).toBe(200)
      expect(ids(res)).toEqual([street])
      expect((await viewsOf(operator, contact.anna)).length).toBe(before + 1)
    })

    it('contractor: a reverse filter ($exists) to residents logs nothing it could not read', async () => {
      const before = (await viewsOf(water, contact.petro)).length
      await water.get(`/api/v1/records/contact?filter=${q({ $exists: { entity: 'ticket', via: 'resident', where: { contractor: { eq: greenId } } } })}`)
      expect((await viewsOf(water, contact.petro)).length).toBe(before)
    })
  })
})
