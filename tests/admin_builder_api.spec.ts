import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/**
 * The admin builder's API beside the revision API: who may edit which metadata kinds (a
 * supervisor: request types, SLAs and calendars, never entities or roles), the field types
 * registry, importing files into a draft, and "see as this role" previews.
 */
describe('admin builder API', () => {
  let admin: ApiClient
  let supervisor: ApiClient
  let operator: ApiClient
  const tag = Date.now().toString(36)
  const rtKey = `adm_rt_${tag}`
  const entityKey = `adm_ent_${tag}`
  const requestType = (label: string) => ({
    $schema: '../../modules/servicedesk/schemas/request_type.schema.json',
    kind: 'request_type',
    key: rtKey,
    label: { uk: label, en: 'Test type' },
    category: 'water',
    sla: 'standard',
    workflow: 'ticket_standard',
  })
  const entity = { kind: 'entity', key: entityKey, label: { uk: 'Тест', en: 'Test' }, fields: { name: { type: 'string' } } }

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    supervisor = await userClient(url, ['supervisor'])
    operator = await userClient(url, ['operator'])
  })

  it('lets a supervisor edit and publish request types only, and says so in the bootstrap', async () => {
    expect((await supervisor.get('/api/v1/ui/bootstrap')).body.metadataKinds).toEqual(['calendar', 'request_type', 'sla'])
    expect((await operator.get('/api/v1/ui/bootstrap')).body.metadataKinds).toEqual([])
    expect((await admin.get('/api/v1/ui/bootstrap')).body.metadataKinds).toBe('*')
    expect((await operator.post('/api/v1/meta/drafts')).status).toBe(403)

    const draft = (await supervisor.post('/api/v1/meta/drafts')).body
    const put = await supervisor.put(`/api/v1/meta/drafts/${draft.id}/documents/request_type/${rtKey}`, { document: requestType('Тип супервізора'), version: draft.version })
    expect(put.status).withContext(put.text).toBe(200)
    expect(put.body.problems).toEqual([])
    const refused = await supervisor.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${entityKey}`, { document: entity, version: put.body.version })
    expect(refused.status).toBe(403)
    expect(refused.body.errors).toEqual([jasmine.objectContaining({ pointer: `/entity/${entityKey}`, code: 'forbidden' })])
    expect((await supervisor.put(`/api/v1/meta/drafts/${draft.id}/documents/role/operator`, { document: { kind: 'role', key: 'operator' }, version: put.body.version })).status).toBe(403)

    const published = await supervisor.post(`/api/v1/meta/drafts/${draft.id}/publish`, { message: 'supervisor' })
    expect(published.status).withContext(published.text).toBe(200)
    expect(engine.set.get('request_type', rtKey)?.label).toEqual({ uk: 'Тип супервізора', en: 'Test type' })
    // administrators only: rollback, export, previews
    expect((await supervisor.post(`/api/v1/meta/revisions/${published.body.revision}/rollback`, { dryRun: true })).status).toBe(403)
    expect((await supervisor.get('/api/v1/meta/export')).status).toBe(403)
    expect((await supervisor.post('/api/v1/meta/preview', { roles: ['operator'] })).status).toBe(403)
  })

  it("refuses a request type whose category is not among the requests' and the responsibilities' categories", async () => {
    const draft = (await supervisor.post('/api/v1/meta/drafts')).body
    const put = await supervisor.put(`/api/v1/meta/drafts/${draft.id}/documents/request_type/${rtKey}_cat`, {
      document: { ...requestType('Без категорії'), key: `${rtKey}_cat`, category: 'internet' },
      version: draft.version,
    })
    expect(put.status).withContext(put.text).toBe(200)
    const problems = put.body.problems.filter((p: any) => p.pointer === `/request_type/${rtKey}_cat/category`)
    expect(problems.map((p: any) => p.message).join(' ')).toContain('ticket.category')
    expect(problems.map((p: any) => p.message).join(' ')).toContain('object_responsibility.category')
    expect((await supervisor.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})).status).toBe(422)
    expect(engine.set.get('request_type', `${rtKey}_cat`)).toBeUndefined()
  })

  it('refuses a supervisor publishing a draft an administrator added an entity to', async () => {
    const draft = (await supervisor.post('/api/v1/meta/drafts')).body
    const put = await supervisor.put(`/api/v1/meta/drafts/${draft.id}/documents/request_type/${rtKey}`, { document: requestType('Змінено'), version: draft.version })
    const added = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${entityKey}`, { document: entity, version: put.body.version })
    expect(added.status).withContext(added.text).toBe(200)
    const revision = engine.revision
    const refused = await supervisor.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
    expect(refused.status).toBe(403)
    expect(refused.body.errors.map((e: any) => e.pointer)).toEqual([`/entity/${entityKey}`])
    expect(engine.revision).toBe(revision)
    expect(engine.set.entity(entityKey)).toBeUndefined()
  })

  it("keeps entities and roles out of a role's metadata kinds", async () => {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const role = { kind: 'role', key: `adm_role_${tag}`, label: { uk: 'Роль' }, metadata: { kinds: ['request_type', 'entity', 'nonsense'] } }
    const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/role/${role.key}`, { document: role, version: draft.version })
    expect(put.body.problems.map((p: any) => p.pointer)).toEqual([`/role/${role.key}/metadata/kinds/1`, `/role/${role.key}/metadata/kinds/2`])
  })

  it('lists the registered field types with the options the designer offers', async () => {
    const res = await admin.get('/api/v1/meta/field-types')
    expect(res.status).toBe(200)
    const byName = Object.fromEntries(res.body.data.map((t: any) => [t.name, t]))
    expect(Object.keys(byName)).toEqual(jasmine.arrayContaining(['string', 'enum', 'reference', 'decimal', 'phone']))
    expect(byName.enum.options).toEqual(jasmine.arrayContaining(['options', 'optionLabels', 'required', 'unique', 'default']))
    expect(byName.reference.options).toContain('to')
    expect(byName.string.operators).toContain('contains')
    expect((await operator.get('/api/v1/meta/field-types')).status).toBe(403)
  })

  it('imports metadata files into a draft, reporting each bad file at its pointer and importing nothing then', async () => {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const bad = await admin.post(`/api/v1/meta/drafts/${draft.id}/import`, {
      version: draft.version,
      files: { 'x.entity.json': '{ not json', [`${entityKey}.entity.json`]: JSON.stringify({ ...entity, key: 'other' }), 'readme.txt': 'hi' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual([`/files/${entityKey}.entity.json/key`, '/files/readme.txt', '/files/x.entity.json'])
    expect((await admin.get(`/api/v1/meta/drafts/${draft.id}`)).body.changes).toEqual({})

    const exported = (await admin.get('/api/v1/meta/export')).body.files
    const files = {
      [`entities/${entityKey}.entity.json`]: JSON.stringify({ ...entity, fields: { name: { type: 'strin' } } }),
      'roles/operator.role.json': exported['role/operator'],
    }
    const ok = await admin.post(`/api/v1/meta/drafts/${draft.id}/import`, { version: draft.version, files })
    expect(ok.status).withContext(ok.text).toBe(200)
    expect(ok.body.imported.sort()).toEqual([`entity/${entityKey}`, 'role/operator'])
    expect(ok.body.problems).toEqual([jasmine.objectContaining({ pointer: `/entity/${entityKey}/fields/name/type` })])
    // a second import with the old version is a conflict
    expect((await admin.post(`/api/v1/meta/drafts/${draft.id}/import`, { version: draft.version, files })).status).toBe(409)
  })

  it('shows what a sample user of a role would see, without writing anything', async () => {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const role = { kind: 'role', key: `adm_viewer_${tag}`, label: { uk: 'Глядач' }, permissions: { ticket: { actions: ['read'], fields: { description: 'hidden' } } } }
    await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/role/${role.key}`, { document: role, version: draft.version })
    const audits = Number((await engine.knex('sys_audit').count('* as n'))[0].n)
    const res = await admin.post('/api/v1/meta/preview', { draft: draft.id, roles: [role.key], attributes: { counterparty: null }, entity: 'ticket' })
    expect(res.status).withContext(res.text).toBe(200)
    const keys = res.body.bootstrap.entities.map((e: any) => e.key)
    expect(keys).toEqual(['ticket'])
    const ticket = res.body.bootstrap.entities[0]
    expect(ticket.can).toEqual(jasmine.objectContaining({ read: true, create: false, update: false }))
    expect(ticket.fields.description).toBeUndefined()
    expect(res.body.bootstrap.admin).toBeFalse()
    expect(res.body.page.entity).toBe('ticket')
    expect(Array.isArray(res.body.page.data)).toBeTrue()
    for (const row of res.body.page.data) expect(row.description).toBeUndefined()
    expect(Number((await engine.knex('sys_audit').count('* as n'))[0].n)).toBe(audits)
    // unknown roles are a field error, and operators cannot preview
    const unknown = await admin.post('/api/v1/meta/preview', { roles: ['nobody'] })
    expect(unknown.status).toBe(422)
    expect(unknown.body.errors[0].pointer).toBe('/roles/0')
    expect((await operator.post('/api/v1/meta/preview', { roles: ['operator'] })).status).toBe(403)
  })

  it('checks form conditions against the entity (the shared filter language)', async () => {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const form = {
      kind: 'form',
      key: `adm_form_${tag}`,
      label: { uk: 'Форма' },
      entity: 'ticket',
      sections: [{ label: { uk: 'Основне' }, columns: 2, fields: ['priority', 'description'] }],
      fieldOptions: { description: { widget: 'textarea', requiredIf: { priority: { eq: 'emergency' } }, visibleIf: { nope: { eq: 1 } } }, ghost: {} },
    }
    const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/form/${form.key}`, { document: form, version: draft.version })
    const pointers = put.body.problems.map((p: any) => p.pointer)
    expect(pointers).toContain(`/form/${form.key}/fieldOptions/ghost`)
    expect(pointers.some((p: string) => p.startsWith(`/form/${form.key}/fieldOptions/description/visibleIf`)))
      .withContext(pointers.join())
      .toBeTrue()
    expect(pointers.some((p: string) => p.includes('requiredIf'))).toBeFalse()
  })
})
