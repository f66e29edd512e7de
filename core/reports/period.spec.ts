import { isPeriodValue, previousPeriod, resolvePeriod } from './period.js'

/** Periods in Europe/Kyiv; 29 March 2026 (last Sunday of March) the clocks go from +02:00 to +03:00. */
describe('report periods', () => {
  const at = (iso: string) => new Date(iso)

  const cases: Array<[string, Parameters<typeof resolvePeriod>[0], string, string, string, string, string]> = [
    // name, value, now (UTC), from, to, start (UTC), end (UTC)
    ['a week across the DST switch has 167 hours', 'this_week', '2026-03-27T10:00:00Z', '2026-03-23', '2026-03-29', '2026-03-22T22:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    ['last week, seen from the week after', 'last_week', '2026-04-01T10:00:00Z', '2026-03-23', '2026-03-29', '2026-03-22T22:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    ['yesterday was the 23-hour day', 'yesterday', '2026-03-29T21:30:00Z', '2026-03-29', '2026-03-29', '2026-03-28T22:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    ["today is Kyiv's day, not UTC's", 'today', '2026-03-31T21:30:00Z', '2026-04-01', '2026-04-01', '2026-03-31T21:00:00.000Z', '2026-04-01T21:00:00.000Z'],
    ['this month ends after the switch', 'this_month', '2026-03-15T10:00:00Z', '2026-03-01', '2026-03-31', '2026-02-28T22:00:00.000Z', '2026-03-31T21:00:00.000Z'],
    ['last month', 'last_month', '2026-04-10T10:00:00Z', '2026-03-01', '2026-03-31', '2026-02-28T22:00:00.000Z', '2026-03-31T21:00:00.000Z'],
    ['the last 7 days end today', 'last_7_days', '2026-03-31T10:00:00Z', '2026-03-25', '2026-03-31', '2026-03-24T22:00:00.000Z', '2026-03-31T21:00:00.000Z'],
    ['the last 30 days', 'last_30_days', '2026-03-31T10:00:00Z', '2026-03-02', '2026-03-31', '2026-03-01T22:00:00.000Z', '2026-03-31T21:00:00.000Z'],
    ['this quarter', 'this_quarter', '2026-05-05T10:00:00Z', '2026-04-01', '2026-06-30', '2026-03-31T21:00:00.000Z', '2026-06-30T21:00:00.000Z'],
    ['this year ends in winter time', 'this_year', '2026-07-01T10:00:00Z', '2026-01-01', '2026-12-31', '2025-12-31T22:00:00.000Z', '2026-12-31T22:00:00.000Z'],
    ['the last 365 days', 'last_365_days', '2026-03-31T10:00:00Z', '2025-04-01', '2026-03-31', '2025-03-31T21:00:00.000Z', '2026-03-31T21:00:00.000Z'],
    ['explicit dates, `to` inclusive', { from: '2026-03-28', to: '2026-03-29' }, '2026-12-01T00:00:00Z', '2026-03-28', '2026-03-29', '2026-03-27T22:00:00.000Z', '2026-03-29T21:00:00.000Z'],
  ]
  for (const [name, value, now, from, to, start, end] of cases) {
    it(name, () => {
      const p = resolvePeriod(value, at(now))
      expect([p.from, p.to, p.start.toISOString(), p.end.toISOString()]).toEqual([from, to, start, end])
    })
  }

  it('takes the previous period of the same number of days', () => {
    const prev = (from: string, to: string) => {
      const p = previousPeriod(resolvePeriod({ from, to }))
      return [p.from, p.to]
    }
    expect(prev('2026-03-01', '2026-03-15')).toEqual(['2026-02-14', '2026-02-28'])
    expect(prev('2026-03-01', '2026-03-31')).toEqual(['2026-01-29', '2026-02-28'])
    expect(prev('2026-03-30', '2026-04-05')).toEqual(['2026-03-23', '2026-03-29'])
    // the week of the switch has 167 hours, the one before it 168
    const p = previousPeriod(resolvePeriod({ from: '2026-03-30', to: '2026-04-05' }))
    expect((p.end.getTime() - p.start.getTime()) / 3_600_000).toBe(167)
    const q = previousPeriod(p)
    expect((q.end.getTime() - q.start.getTime()) / 3_600_000).toBe(168)
  })

  it('accepts presets and ordered existing dates only', () => {
    expect(isPeriodValue('this_month')).toBeTrue()
    expect(isPeriodValue({ from: '2026-03-01', to: '2026-03-01' })).toBeTrue()
    expect(isPeriodValue('next_month')).toBeFalse()
    expect(isPeriodValue({ from: '2026-03-02', to: '2026-03-01' })).toBeFalse()
    expect(isPeriodValue({ from: '2026-02-30', to: '2026-03-01' })).toBeFalse()
    expect(isPeriodValue({ from: '2026-03-01', to: '2026-03-02', extra: 1 })).toBeFalse()
    expect(isPeriodValue({ from: '2026-03-01' })).toBeFalse()
  })
})
