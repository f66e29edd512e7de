import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import type { MetaDocument } from '#core/shared/metadata'

/** A request type's public code and SMS code word are unique among types (the SMS word in any case), refused at their pointers. */
describe('request types: unique codes', () => {
  let admin: ApiClient
  beforeAll(async () => {
    admin = await userClient((await testApp()).url, ['admin'])
  })

  const problemsOf = async (document: Record<string, unknown>) => {
    const draft = (await admin.post('/api/v1/meta/drafts', {})).body
    const res = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/request_type/${document.key}`, { document, version: draft.version })
    expect(res.status).withContext(res.text).toBe(200)
    const mine = (res.body.problems as Array<{ pointer: string }>).map((p) => p.pointer).filter((p) => p.startsWith(`/request_type/${document.key}/`))
    await admin.request('DELETE', `/api/v1/meta/drafts/${draft.id}/documents/request_type/${document.key}?version=${res.body.version}`)
    return mine
  }

  it('refuses an SMS code word another type has, and accepts a free one', async () => {
    const water = engine.set.list<MetaDocument & { smsCode?: string }>('request_type').find((rt) => rt.smsCode === 'ВОДА')
    expect(water).withContext('the city pack names a type ВОДА').toBeDefined()
    const base = { ...engine.set.get('request_type', water!.key), key: 'water_twin', label: { uk: 'Двійник' } } as Record<string, unknown>
    delete base.publicCode
    expect(await problemsOf({ ...base, smsCode: 'ВОДА' })).toEqual(['/request_type/water_twin/smsCode'])
    expect(await problemsOf({ ...base, smsCode: 'ДВІЙНИК' })).toEqual([])
    expect(await problemsOf({ ...base, smsCode: 'вода' })).toContain('/request_type/water_twin/smsCode') // the pattern wants capitals
  })
})
