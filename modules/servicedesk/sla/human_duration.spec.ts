import { formatHumanDuration, parseHumanDuration } from './human_duration.js'

describe('human business durations', () => {
  it('reads what administrators type, in Ukrainian and English', () => {
    expect(parseHumanDuration('3 робочі дні')).toBe('P3D')
    expect(parseHumanDuration('1 робочий день')).toBe('P1D')
    expect(parseHumanDuration('10 робочих днів')).toBe('P10D')
    expect(parseHumanDuration('4 год')).toBe('PT4H')
    expect(parseHumanDuration('1,5 год')).toBe('PT1H30M')
    expect(parseHumanDuration('15 хв')).toBe('PT15M')
    expect(parseHumanDuration('1 д 2 год 30 хв')).toBe('P1DT2H30M')
    expect(parseHumanDuration('3 working days')).toBe('P3D')
    expect(parseHumanDuration('4 h')).toBe('PT4H')
    expect(parseHumanDuration('90 min')).toBe('PT1H30M')
    expect(parseHumanDuration('pt4h')).toBe('PT4H')
  })

  it('refuses what it cannot read, and zero', () => {
    for (const bad of ['', 'швидко', '3', '3 тижні', '0 год', '1.5 дні', 'P', '2 год abc']) expect(parseHumanDuration(bad)).withContext(bad).toBeNull()
  })

  it('writes ISO durations back as people read them', () => {
    expect(formatHumanDuration('P3D', 'uk')).toBe('3 робочі дні')
    expect(formatHumanDuration('P1D', 'uk')).toBe('1 робочий день')
    expect(formatHumanDuration('P11D', 'uk')).toBe('11 робочих днів')
    expect(formatHumanDuration('P1DT4H', 'uk')).toBe('1 робочий день 4 год')
    expect(formatHumanDuration('PT15M', 'en')).toBe('15 min')
    expect(formatHumanDuration('P2D', 'en')).toBe('2 working days')
    for (const iso of ['P3D', 'PT4H', 'P1DT2H30M', 'PT45M']) expect(parseHumanDuration(formatHumanDuration(iso, 'uk'))).toBe(iso)
  })
})
