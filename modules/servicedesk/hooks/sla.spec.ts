import { MetadataSet } from '#core/metadata/set'
import { slaFields, slaOfType } from './sla.js'

/** A request type's own targets (`slaTargets`) over its SLA's, for that type only. */
describe('SLA of a request type', () => {
  const sla = {
    kind: 'sla',
    key: 'std',
    label: { uk: 'С' },
    calendar: 'office',
    targets: {
      low: { response: 'P1D', resolution: 'P10D' },
      normal: { response: 'PT4H', resolution: 'P3D' },
      high: { response: 'PT1H', resolution: 'P1D' },
      emergency: { response: 'PT15M', resolution: 'PT4H' },
    },
  }
  const calendar = { kind: 'calendar', key: 'office', label: { uk: 'О' }, week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '08:00', to: '17:00' }]])) }
  const type = (key: string, extra: Record<string, unknown> = {}) => ({ kind: 'request_type', key, label: { uk: key }, category: 'roads', sla: 'std', workflow: 'w', ...extra })
  const set = MetadataSet.fromRecord({
    'sla/std': sla as any,
    'calendar/office': calendar as any,
    'request_type/fast': type('fast', { slaTargets: { normal: { resolution: 'P1D' } } }) as any,
    'request_type/plain': type('plain') as any,
  })

  it('replaces only the targets the type names, and leaves other types alone', () => {
    const fast = slaOfType(set, set.get('request_type', 'fast') as any)!
    expect(fast.targets.normal).toEqual({ response: 'PT4H', resolution: 'P1D' })
    expect(fast.targets.high).toEqual(sla.targets.high)
    expect(slaOfType(set, set.get('request_type', 'plain') as any)).toBe(set.get('sla', 'std') as any)
    expect((set.get('sla', 'std') as any).targets.normal.resolution).toBe('P3D')
  })

  it('is what the SLA clock of a request uses', () => {
    const createdAt = new Date('2026-12-07T08:00:00Z') // Monday 10:00 in Kyiv
    const due = (request_type: string) => slaFields(set, { request_type, priority: 'normal', created_at: createdAt }, createdAt)!.fields.resolution_due as Date
    expect(due('fast').toISOString()).toBe('2026-12-08T08:00:00.000Z') // Tuesday 10:00
    expect(due('plain').toISOString()).toBe('2026-12-10T08:00:00.000Z') // Thursday 10:00
  })

  it('stores the business minutes to resolution, without the pauses, only once resolved', () => {
    const paused = { ...sla, pauseStates: ['waiting'] }
    const withPause = MetadataSet.fromRecord({ 'sla/std': paused as any, 'calendar/office': calendar as any, 'request_type/plain': type('plain') as any })
    const kyiv = (wall: string) => new Date(`${wall}+02:00`)
    const ticket = {
      request_type: 'plain',
      priority: 'normal',
      created_at: kyiv('2026-12-07T10:00:00'), // Monday
      // waiting for the resident from Monday 15:00 to Tuesday 09:00
      state_history: [
        { state: 'new', at: kyiv('2026-12-07T10:00:00').toISOString() },
        { state: 'waiting', at: kyiv('2026-12-07T15:00:00').toISOString() },
        { state: 'in_progress', at: kyiv('2026-12-08T09:00:00').toISOString() },
      ],
    }
    const now = kyiv('2026-12-08T12:00:00')
    expect(slaFields(withPause, ticket, now)!.fields.resolution_minutes).toBeNull()
    const resolved = slaFields(withPause, { ...ticket, resolved_at: kyiv('2026-12-08T11:00:00') }, now)!.fields
    // Monday 10–15 (5 h) and Tuesday 09–11 (2 h); 15–17 and 08–09 were paused
    expect(resolved.resolution_minutes).toBe(7 * 60)
    expect(resolved.paused_minutes).toBe(3 * 60)
  })
})
