import { Validator } from '@seriousme/openapi-schema-validator'
import { loadFiles } from '#core/metadata/loader'
import { kindNames } from '#core/metadata/kinds/index'
import { loadModuleCode } from '#core/metadata/modules'
import { openApiFor } from './generate.js'
import type { Actor } from '#core/permissions/actor'

const root = process.cwd()
await loadModuleCode({ root, city: 'vyshhorod', extraModules: [`${root}/tests/fixtures/work_orders`] })
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
    expect(Object.keys(openApiFor(set, actor([]), 1).paths)).toEqual([])
  })
})
