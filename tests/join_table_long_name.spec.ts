import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { joinTableName, PG_NAME_LIMIT } from '#core/schema/definitions'

/**
 * A multi_reference whose join table name passes PostgreSQL's 63-byte limit: the schema
 * compiler creates it, the records API writes and reads it and the filter finds through it,
 * all under the one shortened name.
 */
describe('a multi_reference with a join table name past 63 bytes', () => {
  let admin: ApiClient
  const key = `spec_municipal_infrastructure_${Date.now().toString(36)}`
  const field = 'responsible_contractor_companies'

  beforeAll(async () => {
    admin = await userClient((await testApp()).url, ['admin'])
    const doc = {
      kind: 'entity',
      key,
      label: { uk: 'Обʼєкт інфраструктури' },
      display: 'name',
      fields: { name: { type: 'string', required: true }, [field]: { type: 'multi_reference', to: 'counterparty' } },
    }
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${key}`, { document: doc, version: draft.version })
    expect(put.status).withContext(put.text).toBe(200)
    const published = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
    expect(published.status).withContext(published.text).toBe(200)
  })

  it('creates the table under the shortened name, and writes, reads and filters through it', async () => {
    const table = joinTableName(key, field)
    expect(Buffer.byteLength(`${key}__${field}`)).toBeGreaterThan(PG_NAME_LIMIT)
    expect(Buffer.byteLength(table)).toBeLessThanOrEqual(PG_NAME_LIMIT)
    expect(await engine.knex.schema.hasTable(table)).toBeTrue()

    const company = (await admin.post('/api/v1/records/counterparty', { name: `КП Довгі назви ${Date.now()}` })).body.data.id
    const created = await admin.post(`/api/v1/records/${key}`, { name: 'Насосна станція', [field]: [company] })
    expect(created.status).withContext(created.text).toBe(201)
    const id = created.body.data.id
    expect((await admin.get(`/api/v1/records/${key}/${id}`)).body.data[field]).toEqual([company])
    expect(await engine.knex(table).where({ source_id: id }).pluck('target_id')).toEqual([company])

    const found = await admin.get(`/api/v1/records/${key}?filter=${encodeURIComponent(JSON.stringify({ [field]: { eq: company } }))}`)
    expect(found.status).withContext(found.text).toBe(200)
    expect(found.body.data.map((r: any) => r.id)).toEqual([id])
  })
})
