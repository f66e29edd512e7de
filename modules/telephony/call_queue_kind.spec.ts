import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import type { CallQueueDoc } from './call_queue_kind.js'

/** Call queues as metadata: the city pack's queues load; a bad category or a second document for the same PBX queue is refused at its pointer. */
describe('telephony: call_queue kind', () => {
  let admin: ApiClient
  beforeAll(async () => {
    admin = await userClient((await testApp()).url, ['admin'])
  })

  const problemsOf = async (document: Record<string, unknown>) => {
    const draft = (await admin.post('/api/v1/meta/drafts', {})).body
    const res = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/call_queue/${document.key}`, { document: { kind: 'call_queue', ...document }, version: draft.version })
    expect(res.status).withContext(res.text).toBe(200)
    return (res.body.problems as Array<{ pointer: string; message: string }>).map((p) => p.pointer)
  }

  it("ships the city's queues, none auto-dialled", () => {
    const queues = engine.set.list<CallQueueDoc>('call_queue')
    expect(queues.map((q) => q.key)).toEqual(jasmine.arrayContaining(['operators', 'water', 'heating']))
    expect(queues.some((q) => q.autodialCallbacks)).toBeFalse()
  })

  it('refuses an unknown category and a PBX queue described twice', async () => {
    expect(await problemsOf({ key: 'night', label: { uk: 'Нічна' }, categories: ['water', 'dragons'] })).toEqual(['/call_queue/night/categories/1'])
    expect(await problemsOf({ key: 'water_2', pbxQueue: 'water', label: { uk: 'Вода 2' } })).toContain('/call_queue/water_2/pbxQueue')
    expect(await problemsOf({ key: 'Bad-Key', label: { uk: 'x' } })).toContain('/call_queue/Bad-Key/key')
  })
})
