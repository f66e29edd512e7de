import type { ReportResult } from '#core/shared/reports'
import type { Actor } from '#core/permissions/actor'
import { MetadataSet } from '#core/metadata/set'
import { ReportCache, cacheKey, viewerSignature } from './cache.js'

describe('report cache', () => {
  const result = (report: string) => ({ report, columns: [], rows: [], labels: {}, params: {}, truncated: false, computedAt: '', cached: false }) as ReportResult
  const on = (...entities: string[]) => new Set(entities)

  it('keeps the most recently used entries within its size', () => {
    const cache = new ReportCache(2)
    cache.set('a', result('a'), on('ticket'))
    cache.set('b', result('b'), on('ticket'))
    expect(cache.get('a')?.report).toBe('a') // a is now the most recent
    cache.set('c', result('c'), on('ticket'))
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.report).toBe('a')
    expect(cache.size).toBe(2)
  })

  it('drops the entries that read a changed entity, and refuses a result computed across a change', () => {
    const cache = new ReportCache()
    cache.set('t', result('t'), on('ticket', 'object'))
    cache.set('c', result('c'), on('call'))
    cache.invalidate('object')
    expect(cache.get('t')).toBeUndefined()
    expect(cache.get('c')?.report).toBe('c')
    const started = cache.begin()
    cache.invalidate('ticket') // committed while the query ran
    cache.set('t', result('t'), on('ticket'), started)
    expect(cache.get('t')).toBeUndefined()
    cache.set('t', result('t'), on('ticket'), cache.begin())
    expect(cache.get('t')?.report).toBe('t')
  })

  it('forgets entries older than its age limit', () => {
    const cache = new ReportCache(10, 1000)
    cache.set('a', result('a'), on('ticket'), cache.begin(), 0)
    expect(cache.get('a', 999)?.report).toBe('a')
    expect(cache.get('a', 2001)).toBeUndefined()
  })

  it('gives viewers with the same roles and attributes one signature, and the user id only when a scope names it', () => {
    const set = MetadataSet.fromRecord({
      'entity/ticket': { kind: 'entity', key: 'ticket', label: { uk: 't' }, fields: { worker: { type: 'reference', to: 'user' } } },
      'role/crew': { kind: 'role', key: 'crew', label: { uk: 'c' }, permissions: { ticket: { actions: ['read'], scope: { worker: { eq: '$user.id' } } } } },
      'role/desk': { kind: 'role', key: 'desk', label: { uk: 'd' }, permissions: { ticket: { actions: ['read'], fields: { worker: 'hidden' } } } },
    } as never)
    const actor = (id: string, roles: string[], attributes = {}): Actor => ({ id, roles, attributes, locale: 'uk' })
    const sig = (a: Actor) => viewerSignature(set, a, ['ticket'])
    expect(sig(actor('1', ['desk']))).toBe(sig(actor('2', ['desk'])))
    expect(sig(actor('1', ['desk'], { counterparty: 'a' }))).not.toBe(sig(actor('2', ['desk'], { counterparty: 'b' })))
    expect(sig(actor('1', ['crew']))).not.toBe(sig(actor('2', ['crew'])))
    expect(sig(actor('1', ['desk']))).toContain('ticket.worker')
    expect(cacheKey({ revision: '1', report: 'r', params: { a: 1, b: 2 }, viewer: 'v' })).toBe(cacheKey({ revision: '1', report: 'r', params: { b: 2, a: 1 }, viewer: 'v' }))
  })
})
