import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { ajv } from '#core/validation/ajv'
import { MAX_PATTERN_INPUT, schemaPatterns, unsafePatternReason } from '#core/validation/safe_pattern'
import { engine } from '#core/engine/engine'

/** Issue 10, item 6: user-written regular expressions never block the event loop. */
describe('regular expressions in metadata (ReDoS)', () => {
  let admin: ApiClient
  let supervisor: ApiClient
  const tag = Date.now().toString(36)

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    supervisor = await userClient(url, ['supervisor'])
  })

  async function putAndPublish(client: ApiClient, kind: string, key: string, document: unknown) {
    const draft = (await client.post('/api/v1/meta/drafts')).body
    const put = await client.put(`/api/v1/meta/drafts/${draft.id}/documents/${kind}/${key}`, { document, version: draft.version })
    return { put, publish: await client.post(`/api/v1/meta/drafts/${draft.id}/publish`, {}) }
  }

  it('refuses a catastrophic field pattern in an entity, pointing at it', async () => {
    const key = `redos_${tag}`
    const doc = { kind: 'entity', key, label: { uk: 'Шаблон' }, fields: { code: { type: 'string', pattern: '^(a+)+$' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } } }
    const { put, publish } = await putAndPublish(admin, 'entity', key, doc)
    expect(put.body.problems.map((p: any) => p.pointer)).toEqual([`/entity/${key}/fields/code/pattern`])
    expect(put.body.problems[0].message).toContain('ReDoS')
    expect(publish.status).toBe(422)
    expect(publish.headers.get('content-type')).toContain('application/problem+json')
    expect(publish.body.errors.map((e: any) => e.pointer)).toEqual([`/entity/${key}/fields/code/pattern`])
    expect(await engine.knex.schema.hasTable(key)).toBeFalse()
  })

  it("refuses one nested anywhere in a request type's extra field, published by a supervisor", async () => {
    const key = `redos_rt_${tag}`
    const doc = {
      kind: 'request_type',
      key,
      label: { uk: 'Шаблон' },
      category: 'water',
      sla: 'standard',
      workflow: 'ticket_standard',
      fields: { plates: { type: 'array', items: { type: 'string', pattern: '(\\w+\\s?)*$' } }, meter: { type: 'string', pattern: '^\\d{8}$' } },
    }
    const { put, publish } = await putAndPublish(supervisor, 'request_type', key, doc)
    expect(put.body.problems.map((p: any) => p.pointer)).toEqual([`/request_type/${key}/fields/plates/items/pattern`])
    expect(publish.status).toBe(422)
  })

  it('finds every pattern of a schema, and keeps safe ones', () => {
    expect(schemaPatterns({ properties: { a: { pattern: 'x' } }, patternProperties: { '^y$': { anyOf: [{ pattern: 'z' }] } } }, '/f')).toEqual([
      { pointer: '/f/properties/a/pattern', pattern: 'x' },
      { pointer: '/f/patternProperties/^y$', pattern: '^y$' },
      { pointer: '/f/patternProperties/^y$/anyOf/0/pattern', pattern: 'z' },
    ])
    expect(unsafePatternReason('^\\+?380\\d{9}$')).toBeUndefined()
    expect(unsafePatternReason('^(a|a)*$')).toContain('exponential')
    expect(unsafePatternReason('([')).toBe('not a valid regular expression')
  })

  it('matches patterns only on values up to MAX_PATTERN_INPUT characters', () => {
    const validate = ajv.compile({ type: 'string', pattern: '^a*$' })
    expect(validate('a'.repeat(MAX_PATTERN_INPUT))).toBeTrue()
    expect(validate('a'.repeat(MAX_PATTERN_INPUT + 1))).toBeFalse()
    // each pattern is its own (ajv caches them by their text)
    const digits = ajv.compile({ type: 'object', properties: { serial: { type: 'string', pattern: '^[0-9]{6}$' } } })
    expect(digits({ serial: '12ab' })).toBeFalse()
    expect(digits({ serial: '123456' })).toBeTrue()
  })
})
