import { Validator } from '@seriousme/openapi-schema-validator'
import { loadFiles } from '#core/metadata/loader'
import { kindNames } from '#core/metadata/kinds/index'
import { loadModules } from '#core/modules/loader'
import { openApiFor } from './generate.js'
import type { Actor } from '#core/permissions/actor'

const root = process.cwd()
await loadModules({ root, city: 'vyshhorod', extraModules: [`${root}/tests/fixtures/work_orders`] })
const set = loadFiles({ root, city: 'vyshhorod', extraModules: [`${root}/tests/fixtures/work_orders`] }, kindNames())
const actor = (roles: string[]): Actor => ({ id: '00000000-0000-4000-8000-000000000001', roles, attributes: {}, locale: 'en' })

/** The generated OpenAPI 3.1 document is valid, for every kind of user. */
describe('OpenAPI generation', () => {
  for (const roles of [['admin'], ['operator'], ['test_contractor'], []]) {
    it(`is a valid OpenAPI 3.1 document for roles [${roles}]`, async () => {
      const doc = openApiFor(set, actor(roles), 1)
      const result = await new Validator().validate(doc as any)
      expect(result.errors).withContext(JSON.stringify(result.errors)).toBeUndefined()
      expect(result.valid).toBeTrue()
    })
  }

  it('lists every entity for an administrator and none for a user without roles', () => {
    expect(Object.keys(openApiFor(set, actor(['admin']), 1).paths)).toContain('/api/v1/records/contact')
    expect(Object.keys(openApiFor(set, actor([]), 1).paths).filter((p) => p.startsWith('/api/v1/records/'))).toEqual([])
  })

  it('lists every module action with its input schema: query parameters for a GET, the body for a POST', () => {
    const paths = openApiFor(set, actor(['operator']), 1).paths as Record<string, any>
    const dispatch = paths['/api/v1/actions/work_orders.dispatch'].post
    expect(dispatch.tags).toEqual(['module:work_orders'])
    expect(dispatch.requestBody.content['application/json'].schema.required).toEqual(['work_order', 'crew'])
    expect(dispatch.responses['422']).toBeDefined()
    const month = paths['/api/v1/actions/servicedesk.calendar_month'].get
    expect(month.parameters.map((p: any) => [p.name, p.required])).toEqual([
      ['calendar', true],
      ['month', true],
      ['draft', false],
    ])
    // a documented second path is the same operation
    expect(paths['/api/v1/telephony/events'].post.operationId).toBe('action_telephony_events')
  })
})
