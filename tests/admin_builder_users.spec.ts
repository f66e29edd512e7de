import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'

/**
 * admin_builder.users: the users of a role a designer previews as (a report seen as a
 * contractor's dispatcher). Roles are not fields of the `user` entity, so this action lists
 * them; only metadata editors may ask, and it is in the OpenAPI document.
 */
describe('admin builder users of a role', () => {
  let admin: ApiClient
  let operator: ApiClient
  let dispatcher: ApiClient & { userId: string; login: string }

  beforeAll(async () => {
    const { url } = await testApp()
    admin = await userClient(url, ['admin'])
    operator = await userClient(url, ['operator'])
    dispatcher = await userClient(url, ['contractor_dispatcher'])
  })

  it('lists active users having the role, by name, with their roles', async () => {
    const res = await admin.get('/api/v1/actions/admin_builder.users?role=contractor_dispatcher')
    expect(res.status).toBe(200)
    const found = res.body.data.find((u: { id: string }) => u.id === dispatcher.userId)
    expect(found).toEqual({ id: dispatcher.userId, name: `Test ${dispatcher.login}`, login: dispatcher.login, roles: ['contractor_dispatcher'] })
    expect(res.body.data.every((u: { roles: string[] }) => u.roles.includes('contractor_dispatcher'))).toBeTrue()
    const q = await admin.get(`/api/v1/actions/admin_builder.users?q=${dispatcher.login}`)
    expect(q.body.data.map((u: { id: string }) => u.id)).toEqual([dispatcher.userId])
  })

  it('refuses those who edit no metadata, and a malformed role with a pointer', async () => {
    expect((await operator.get('/api/v1/actions/admin_builder.users?role=operator')).status).toBe(403)
    const bad = await admin.get('/api/v1/actions/admin_builder.users?role=Bad%20Role')
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0].pointer).toBe('/role')
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await admin.get('/api/v1/openapi.json')).body
    expect(doc.paths['/api/v1/actions/admin_builder.users'].get).toBeDefined()
  })
})
