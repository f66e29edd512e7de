import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/** Draft → validate → publish → rollback through /api/v1/meta, as an administrator does it. */
describe('metadata API', () => {
  let admin: ApiClient
  let admin2: ApiClient
  let operator: ApiClient
  const key = `spec_meter_${Date.now().toString(36)}`
  const entity = (fields: Record<string, unknown>) => ({
    $schema: '../../metadata/schemas/entity.schema.json',
    kind: 'entity',
    key,
    label: { uk: 'Лічильник', en: 'Meter' },
    display: 'serial',
    fields,
  })
  const baseFields = {
    serial: { type: 'string', required: true, pattern: '^[0-9]{6}$', label: { uk: 'Номер лічильника', en: 'Meter number' } },
    reading: { type: 'integer', minimum: 0 },
  }

  async function publishDoc(doc: unknown, body: Record<string, unknown> = {}) {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${key}`, { document: doc, version: draft.version })
    return { draft, put, publish: await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, body) }
  }

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    admin2 = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
  })

  it('is for administrators only', async () => {
    expect((await operator.get('/api/v1/meta')).status).toBe(403)
    expect((await operator.post('/api/v1/meta/drafts')).status).toBe(403)
  })

  it('cannot publish invalid metadata: the error points at the field', async () => {
    const { put, publish } = await publishDoc(entity({ serial: { type: 'strnig' }, owner: { type: 'reference', to: 'nobody' } }))
    expect(put.status).toBe(200)
    expect(put.body.problems.map((p: any) => p.pointer).sort()).toEqual([`/entity/${key}/fields/owner/to`, `/entity/${key}/fields/serial/type`])
    expect(publish.status).toBe(422)
    expect(publish.body.errors.map((p: any) => p.pointer)).toContain(`/entity/${key}/fields/serial/type`)
    expect(await engine.knex.schema.hasTable(key)).toBeFalse()
  })

  it('publishes a new entity: real table, validated API, new revision', async () => {
    const before = engine.revision
    const { publish } = await publishDoc(entity(baseFields), { message: 'meters' })
    expect(publish.status).withContext(publish.text).toBe(200)
    expect(publish.body.revision).toBe(before + 1)
    expect(publish.body.actions.map((a: any) => a.kind)).toContain('create_table')
    expect(engine.revision).toBe(before + 1)
    expect(await engine.knex.schema.hasTable(key)).toBeTrue()
    const bad = await admin.post(`/api/v1/records/${key}`, { serial: '12ab' })
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0].pointer).toBe('/serial')
    const good = await admin.post(`/api/v1/records/${key}`, { serial: '123456', reading: 42 })
    expect(good.status).toBe(201)
    const revisions = await admin.get('/api/v1/meta/revisions')
    expect(revisions.body.data[0]).toEqual(jasmine.objectContaining({ id: before + 1, source: 'admin', message: 'meters', author_id: (admin as any).userId }))
  })

  it('refuses a destructive change without confirmation, saying how many rows it touches', async () => {
    const doc = entity({ ...baseFields, reading: { type: 'string', maxLength: 20 } })
    const dry = await publishDoc(doc, { dryRun: true })
    expect(dry.publish.status).toBe(200)
    expect(dry.publish.body.revision).toBeNull()
    expect(dry.publish.body.sql.join('\n')).toMatch(/ALTER TABLE/i)
    const refused = await publishDoc(doc)
    expect(refused.publish.status).toBe(409)
    expect(refused.publish.body.type).toBe('/problems/destructive-change')
    expect(refused.publish.body.assessments[0].rows).toBe(1)
    expect((await engine.knex(key).first()).reading).toBe(42) // untouched
    const confirmed = await admin.post(`/api/v1/meta/drafts/${refused.draft.id}/publish`, { confirm: true })
    expect(confirmed.status).withContext(confirmed.text).toBe(200)
    expect((await engine.knex(key).first()).reading).toBe('42')
  })

  it('gives two administrators editing one draft a conflict, not a silent overwrite', async () => {
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const doc = entity({ ...baseFields, reading: { type: 'string', maxLength: 20 }, a: { type: 'text' } })
    const first = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${key}`, { document: doc, version: draft.version })
    expect(first.status).toBe(200)
    const second = await admin2.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${key}`, { document: { ...doc, label: { uk: 'Інше' } }, version: draft.version })
    expect(second.status).toBe(409)
    expect((await admin.get(`/api/v1/meta/drafts/${draft.id}`)).body.changes[`entity/${key}`].fields.a).toEqual({ type: 'text' })
  })

  it('refuses to publish a draft made on an older revision', async () => {
    const stale = (await admin.post('/api/v1/meta/drafts')).body
    await admin.put(`/api/v1/meta/drafts/${stale.id}/documents/entity/${key}`, {
      document: entity({ ...baseFields, reading: { type: 'string', maxLength: 20 }, x: { type: 'text' } }),
      version: stale.version,
    })
    const { publish } = await publishDoc(entity({ ...baseFields, reading: { type: 'string', maxLength: 20 }, y: { type: 'text' } }))
    expect(publish.status).toBe(200)
    const late = await admin.post(`/api/v1/meta/drafts/${stale.id}/publish`, {})
    expect(late.status).toBe(409)
  })

  it('rolls back: the field leaves the API, its stored values stay in the database', async () => {
    const withNote = await publishDoc(entity({ ...baseFields, reading: { type: 'string', maxLength: 20 }, note: { type: 'text' } }))
    expect(withNote.publish.status).toBe(200)
    const rec = await admin.post(`/api/v1/records/${key}`, { serial: '654321', note: 'запишіть' })
    expect(rec.status).toBe(201)
    const target = withNote.publish.body.revision - 1
    const rollback = await admin.post(`/api/v1/meta/revisions/${target}/rollback`, {})
    expect(rollback.status).withContext(rollback.text).toBe(200)
    expect(engine.set.entity(key)!.fields.note).toBeUndefined()
    const refused = await admin.post(`/api/v1/records/${key}`, { serial: '111111', note: 'x' })
    expect(refused.status).toBe(422)
    expect(refused.body.errors[0].pointer).toBe('/note')
    const row = await engine.knex(key).where({ id: rec.body.data.id }).first()
    expect(row.note).toBe('запишіть')
    expect('note' in (await admin.get(`/api/v1/records/${key}/${rec.body.data.id}`)).body.data).toBeFalse()
  })

  it('exports the published metadata as canonical files', async () => {
    const res = await admin.get('/api/v1/meta/export')
    expect(res.body.files[`entity/${key}`]).toBe(JSON.stringify(engine.set.entity(key), null, 2) + '\n')
    // a shipped file survives the round trip through the database byte for byte
    const { readFileSync } = await import('node:fs')
    expect(res.body.files['entity/contact']).toBe(readFileSync('modules/contacts/entities/contact.entity.json', 'utf8'))
    expect(res.body.files['role/admin']).toBe(readFileSync('metadata/roles/admin.role.json', 'utf8'))
  })
})
