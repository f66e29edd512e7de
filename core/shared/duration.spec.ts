import { parseDuration } from './duration.js'

describe('one duration parser, general and business modes', () => {
  it('reads general durations: weeks, fractions, seconds, separators, ISO as written', () => {
    expect(parseDuration('2 тижні 1 день')).toBe('P15D')
    expect(parseDuration('1,5 год')).toBe('PT1.5H')
    expect(parseDuration('2d30m')).toBe('P2DT30M')
    expect(parseDuration('3 дні, 4 год і 5 хв')).toBe('P3DT4H5M')
    expect(parseDuration('45 сек')).toBe('PT45S')
    expect(parseDuration('P1W')).toBe('P1W')
    for (const bad of ['3 робочі дні', '3 working days', '5', 'P', 'швидко', '2 год abc']) expect(parseDuration(bad)).withContext(bad).toBeUndefined()
  })

  it('reads business durations: whole working days, hours and minutes carried, nothing else', () => {
    const business = (text: string) => parseDuration(text, { business: true })
    expect(business('3 робочі дні')).toBe('P3D')
    expect(business('3 дні')).toBe('P3D')
    expect(business('2 р.д. 90 хв')).toBe('P2DT1H30M')
    expect(business('1 business day 4 h')).toBe('P1DT4H')
    expect(business('1,5 год')).toBe('PT1H30M')
    expect(business('p1dt2h')).toBe('P1DT2H')
    for (const bad of ['1 тиждень', '30 с', '1,5 дні', '0 хв', 'P1W', 'PT0M']) expect(business(bad)).withContext(bad).toBeUndefined()
  })
})
