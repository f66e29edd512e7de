import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'

/** /api/v1/ui/saved-filters: named list states, validated like a list request, only ever one's own. */
describe('saved filters', () => {
  let alice: ApiClient
  let bob: ApiClient
  let contractor: ApiClient
  const base = { entity: 'work_order', view: 'work_order_default' }

  beforeAll(async () => {
    const url = (await testApp()).url
    alice = await userClient(url, ['test_dispatcher'])
    bob = await userClient(url, ['test_dispatcher'])
    contractor = await userClient(url, ['test_contractor'], { counterparty: '00000000-0000-4000-8000-000000000001' })
  })

  it('saves, lists, renames and deletes a filter with its sort, search and columns', async () => {
    const body = { ...base, name: 'Термінові', filter: { urgent: { eq: true } }, sort: [{ field: 'priority', dir: 'desc' }], q: 'труба', columns: ['title', 'priority', 'contractor.name'] }
    const created = await alice.post('/api/v1/ui/saved-filters', body)
    expect(created.status).withContext(created.text).toBe(201)
    const id = created.body.data.id
    expect(created.body.data).toEqual(jasmine.objectContaining({ name: 'Термінові', filter: body.filter, sort: body.sort, q: 'труба', columns: body.columns }))
    const list = await alice.get('/api/v1/ui/saved-filters?entity=work_order&view=work_order_default')
    expect(list.body.data.map((f: any) => f.name)).toEqual(['Термінові'])
    const renamed = await alice.patch(`/api/v1/ui/saved-filters/${id}`, { name: 'Аварійні' })
    expect(renamed.status).withContext(renamed.text).toBe(200)
    expect(renamed.body.data).toEqual(jasmine.objectContaining({ name: 'Аварійні', filter: body.filter, q: 'труба' }))
    const dup = await alice.post('/api/v1/ui/saved-filters', { ...base, name: 'Аварійні' })
    expect(dup.status).toBe(422)
    expect(dup.body.errors).toEqual([jasmine.objectContaining({ pointer: '/name', code: 'duplicate' })])
    expect((await alice.delete(`/api/v1/ui/saved-filters/${id}`)).status).toBe(204)
    expect((await alice.get('/api/v1/ui/saved-filters?entity=work_order')).body.data).toEqual([])
  })

  it("never shows or lets anyone change another user's filters", async () => {
    const mineRes = await alice.post('/api/v1/ui/saved-filters', { ...base, name: 'Мій фільтр', filter: { priority: { gt: 2 } } })
    const id = mineRes.body.data.id
    expect((await bob.get('/api/v1/ui/saved-filters?entity=work_order')).body.data.map((f: any) => f.id)).not.toContain(id)
    expect((await bob.patch(`/api/v1/ui/saved-filters/${id}`, { name: 'Чужий' })).status).toBe(404)
    expect((await bob.delete(`/api/v1/ui/saved-filters/${id}`)).status).toBe(404)
    expect((await alice.get('/api/v1/ui/saved-filters?entity=work_order')).body.data.map((f: any) => f.name)).toContain('Мій фільтр')
  })

  it('refuses a bad filter, sort, column or view with the pointer, and saves nothing', async () => {
    const bad = await alice.post('/api/v1/ui/saved-filters', { ...base, name: 'Погано', filter: { and: [{ title: { gt: 5 } }, { nope: { eq: 1 } }] } })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer)).toEqual(['/filter/and/0/title/gt', '/filter/and/1/nope'])
    const sort = await alice.post('/api/v1/ui/saved-filters', { ...base, name: 'Погано', sort: [{ field: 'location' }] })
    expect(sort.body.errors.map((e: any) => e.pointer)).toEqual(['/sort/0'])
    const cols = await alice.post('/api/v1/ui/saved-filters', { ...base, name: 'Погано', columns: ['title', 'contractor.nope', 'x'] })
    expect(cols.body.errors.map((e: any) => e.pointer)).toEqual(['/columns/1', '/columns/2'])
    const view = await alice.post('/api/v1/ui/saved-filters', { ...base, view: 'ticket_default', name: 'Погано' })
    expect(view.body.errors.map((e: any) => e.pointer)).toEqual(['/view'])
    const name = await alice.post('/api/v1/ui/saved-filters', { ...base, name: '  ' })
    expect(name.body.errors.map((e: any) => e.pointer)).toEqual(['/name'])
    // a field hidden from the role is reported exactly like an unknown one
    const hidden = await contractor.post('/api/v1/ui/saved-filters', { ...base, name: 'Нотатки', filter: { internal_note: { contains: 'x' } }, columns: ['internal_note'] })
    expect(hidden.body.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/columns/0', 'unknown_field']])
    const hiddenFilter = await contractor.post('/api/v1/ui/saved-filters', { ...base, name: 'Нотатки', filter: { internal_note: { contains: 'x' } } })
    expect(hiddenFilter.body.errors.map((e: any) => [e.pointer, e.code])).toEqual([['/filter/internal_note', 'unknown_field']])
    expect((await alice.get('/api/v1/ui/saved-filters?entity=work_order')).body.data.map((f: any) => f.name)).not.toContain('Погано')
    // an entity the user may not read is not found
    expect((await contractor.get('/api/v1/ui/saved-filters?entity=ticket')).status).toBe(404)
  })
})
