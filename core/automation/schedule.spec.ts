import { cronProblem, firesAt, nextTick } from './schedule.js'

/** Ticks of `expression` after `from`, as UTC ISO strings. */
function ticks(expression: string, from: string, n: number): string[] {
  const out: string[] = []
  let at = new Date(from)
  for (let i = 0; i < n; i++) {
    at = nextTick(expression, at)!
    out.push(at.toISOString())
  }
  return out
}

describe('automation schedule (cron in Europe/Kyiv)', () => {
  it('fires 03:00 local once a day across the spring change (last Sunday of March 2026)', () => {
    // 28 March: 03:00 EET (UTC+2); 29 March 03:00 does not exist (clocks jump to 04:00 EEST at 01:00 UTC): once, at the change; 30 March: 03:00 EEST (UTC+3)
    expect(ticks('0 3 * * *', '2026-03-27T12:00:00Z', 3)).toEqual(['2026-03-28T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z'])
  })

  it('fires 03:00 local once across the autumn change (last Sunday of October 2026), at its first occurrence', () => {
    // 25 October: 03:00 happens twice (00:00 UTC in EEST, 01:00 UTC in EET): one tick
    expect(ticks('0 3 * * *', '2026-10-23T12:00:00Z', 3)).toEqual(['2026-10-24T00:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-26T01:00:00.000Z'])
  })

  it('reads weekdays and hours in Kyiv time, not UTC', () => {
    // Mondays 08:00: 06:00 UTC in winter, 05:00 UTC in summer
    expect(ticks('0 8 * * 1', '2026-03-20T00:00:00Z', 2)).toEqual(['2026-03-23T06:00:00.000Z', '2026-03-30T05:00:00.000Z'])
    // 01:30 on a Monday in Kyiv is still Sunday in UTC
    expect(ticks('30 1 * * 1', '2026-06-01T00:00:00Z', 1)).toEqual(['2026-06-07T22:30:00.000Z'])
  })

  it('knows whether a queued instant is a tick of the expression', () => {
    expect(firesAt('0 8 * * 1', new Date('2026-03-23T06:00:00Z'))).toBeTrue()
    expect(firesAt('0 8 * * 1', new Date('2026-03-24T06:00:00Z'))).toBeFalse()
    expect(firesAt('0 9 * * 1', new Date('2026-03-23T06:00:00Z'))).toBeFalse()
  })

  it('explains what is wrong with an expression', () => {
    expect(cronProblem('0 8 * * 1')).toBeUndefined()
    expect(cronProblem('*/15 8-18 * * mon-fri')).toBeUndefined()
    expect(cronProblem('61 * * * *')).toContain('minute')
    expect(cronProblem('0 8 * *')).toContain('5 fields')
    expect(cronProblem('* * * * * *')).toContain('5 fields') // no seconds
    expect(cronProblem('0 0 31 2 *')).toContain('never')
    expect(cronProblem(undefined)).toContain('cron expression')
  })
})
