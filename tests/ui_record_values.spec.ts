import {
  durationToHuman,
  fromKyivLocal,
  geoProblem,
  humanToDuration,
  mapLink,
  parsePhone,
  toKyivLocal,
  displayPhone,
  fromDayText,
  fromKyivText,
  toDayText,
  toKyivText,
} from '../core/ui/src/form/values.js'

/** The record page's value conversions (core/ui/src/form/values.ts), without a browser. */
describe('record widgets: values typed vs. stored', () => {
  it('reads Kyiv wall-clock time as a UTC instant in summer and in winter, and back', () => {
    expect(fromKyivLocal('2026-07-01T12:00')).toBe('2026-07-01T09:00:00Z')
    expect(fromKyivLocal('2026-01-15T12:00')).toBe('2026-01-15T10:00:00Z')
    expect(toKyivLocal('2026-07-01T09:00:00.000Z')).toBe('2026-07-01T12:00')
    expect(toKyivLocal('2026-01-15T10:00:00+00:00')).toBe('2026-01-15T12:00')
    expect(fromKyivLocal('not a date')).toBeUndefined()
  })

  it('writes and reads dates as dd.mm.yyyy, 24 h, Kyiv time, whatever the browser', () => {
    expect(toKyivText('2026-07-01T09:00:00Z')).toBe('01.07.2026 12:00')
    expect(toKyivText('2026-01-15T21:30:00Z')).toBe('15.01.2026 23:30')
    expect(fromKyivText('01.07.2026 12:00')).toBe('2026-07-01T09:00:00Z')
    expect(fromKyivText('1.7.2026 9:05')).toBe('2026-07-01T06:05:00Z')
    expect(fromKyivText('15.01.2026')).toBe('2026-01-14T22:00:00Z')
    expect(fromKyivText(toKyivText('2026-03-29T10:45:00Z'))).toBe('2026-03-29T10:45:00Z')
    for (const bad of ['07/01/2026 12:00 PM', '32.01.2026 10:00', '2026-07-01', 'завтра', '']) expect(fromKyivText(bad)).withContext(bad).toBeUndefined()
    expect(toDayText('2026-03-09')).toBe('09.03.2026')
    expect(fromDayText('9.3.2026')).toBe('2026-03-09')
    expect(fromDayText('31.02.2026')).toBeUndefined()
  })

  it('turns durations into words and words into ISO 8601', () => {
    expect(durationToHuman('P3DT4H', 'uk')).toBe('3 дні 4 год')
    expect(durationToHuman('P1D', 'uk')).toBe('1 день')
    expect(durationToHuman('P5DT30M', 'uk')).toBe('5 днів 30 хв')
    expect(durationToHuman('P1W', 'uk')).toBe('7 днів')
    expect(durationToHuman('PT90M', 'en')).toBe('1 h 30 min')
    expect(humanToDuration('3 дні 4 год')).toBe('P3DT4H')
    expect(humanToDuration('3 дні, 4 год і 5 хв')).toBe('P3DT4H5M')
    expect(humanToDuration('1,5 год')).toBe('PT1.5H')
    expect(humanToDuration('2d 30m')).toBe('P2DT30M')
    expect(humanToDuration('pt90m')).toBe('PT90M')
    expect(humanToDuration('2 тижні')).toBe('P14D')
    for (const bad of ['5', 'три дні', '3 яблука', 'P', '']) expect(humanToDuration(bad)).withContext(bad).toBeUndefined()
    expect(humanToDuration(durationToHuman('P2DT3H15M', 'uk'))).toBe('P2DT3H15M')
  })

  it('normalises Ukrainian phone numbers to E.164 and shows them in the +380 format', () => {
    expect(parsePhone('067 123 45 67')).toEqual({ e164: '+380671234567', display: '+380 67 123 4567' })
    expect(parsePhone('+380 (44) 123-45-67')?.e164).toBe('+380441234567')
    expect(parsePhone('12345')).toBeUndefined()
    expect(parsePhone('80671234567')?.e164).toBe('+380671234567')
    expect(parsePhone('067/123-45-67')?.e164).toBe('+380671234567')
    expect(displayPhone('+380671234567')).toBe('+380 67 123 4567')
    expect(displayPhone('ext. 5')).toBe('ext. 5')
  })

  it('checks coordinates and links the point to the map', () => {
    expect(geoProblem('50.58', '30.48')).toBeUndefined()
    expect(geoProblem('95', '30')).toBe('lat')
    expect(geoProblem('50', '-181')).toBe('lon')
    expect(geoProblem('abc', '30')).toBe('lat')
    expect(mapLink({ lat: 50.58, lon: 30.48 })).toBe('https://www.openstreetmap.org/?mlat=50.58&mlon=30.48#map=17/50.58/30.48')
  })
})
