import type { ReportResult } from '../../../core/shared/reports.js'
import { digitsOf, formatBucket, formatCell, formatDimension, formatMeasure, formatNumber, formatPercent, formatPeriod, pickLabel, weekdayName } from './format.js'

const NBSP = '\u00a0'

describe('report formatters', () => {
  it('writes numbers the Ukrainian way: spaces between thousands, a decimal comma', () => {
    expect(formatNumber(1234567.5, 'uk', 1)).toBe(`1${NBSP}234${NBSP}567,5`)
    expect(formatNumber(1234567.5, 'en', 1)).toBe('1,234,567.5')
    expect(formatNumber(12, 'uk', 2)).toBe('12,00')
    expect(formatNumber(null, 'uk')).toBe('—')
    expect(formatNumber(Number.NaN, 'uk')).toBe('—')
  })

  it('writes percents with a % sign, a space before it in Ukrainian', () => {
    expect(formatPercent(45.55, 'uk')).toBe('45,6 %')
    expect(formatPercent(45.55, 'en')).toBe('45.6%')
    expect(formatPercent(100, 'uk', 0)).toBe('100 %')
    expect(formatPercent(undefined, 'uk')).toBe('—')
  })

  it('chooses the digits of a measure from its column, else by the value', () => {
    expect(digitsOf({ digits: 2 }, 3)).toBe(2)
    expect(digitsOf({}, 3)).toBe(0)
    expect(digitsOf({}, 3.25)).toBe(1)
    expect(formatMeasure({ type: 'number' }, 2.25, 'uk')).toBe('2,3')
    expect(formatMeasure({ type: 'number', digits: 0 }, 1500, 'uk')).toBe(`1${NBSP}500`)
    expect(formatMeasure({ type: 'percent' }, 87.25, 'uk')).toBe('87,3 %')
    expect(formatMeasure({ type: 'number' }, null, 'uk')).toBe('—')
    expect(formatMeasure({ type: 'number' }, '12', 'uk')).toBe('12')
  })

  it('names date buckets as people read them, in Ukrainian and English', () => {
    const cases: Array<[unknown, Parameters<typeof formatBucket>[1], string, string]> = [
      ['2026-03-01', 'month', 'бер. 2026', 'Mar 2026'],
      ['2026-01-01', 'month', 'січ. 2026', 'Jan 2026'],
      ['2026-01-01', 'quarter', 'I кв. 2026', 'Q1 2026'],
      ['2026-10-01', 'quarter', 'IV кв. 2026', 'Q4 2026'],
      ['2026-03-02', 'week', '02.03–08.03.2026', '02/03–08/03/2026'],
      ['2026-03-09', 'day', '09.03.2026', '09/03/2026'],
      ['2026-03-09T14:00', 'hour', '09.03.2026 14:00', '09/03/2026 14:00'],
      ['2026-01-01', 'year', '2026', '2026'],
      [7, 'hour_of_day', '07:00', '07:00'],
      [1, 'weekday', 'Пн', 'Mon'],
      [7, 'weekday', 'Нд', 'Sun'],
      [null, 'day', '—', '—'],
    ]
    for (const [value, bucket, uk, en] of cases) {
      expect(formatBucket(value, bucket, 'uk'))
        .withContext(`${bucket} ${value} uk`)
        .toBe(uk)
      expect(formatBucket(value, bucket, 'en'))
        .withContext(`${bucket} ${value} en`)
        .toBe(en)
    }
    // a week across the new year ends in the next one
    expect(formatBucket('2025-12-29', 'week', 'uk')).toBe('29.12–04.01.2026')
    expect(weekdayName(3, 'uk')).toBe('Ср')
  })

  it('names dimension values by the result labels, in the current language', () => {
    const result: Pick<ReportResult, 'labels'> = {
      labels: { contractor: { 'c-1': 'Водоканал' }, status: { open: { uk: 'Відкрите', en: 'Open' } } },
    }
    expect(formatDimension(result, { key: 'contractor', type: 'reference' }, 'c-1', 'en')).toBe('Водоканал')
    expect(formatDimension(result, { key: 'status', type: 'enum' }, 'open', 'uk')).toBe('Відкрите')
    expect(formatDimension(result, { key: 'status', type: 'enum' }, 'open', 'en')).toBe('Open')
    // not labelled: the raw value; none: a dash
    expect(formatDimension(result, { key: 'status', type: 'enum' }, 'closed', 'uk')).toBe('closed')
    expect(formatDimension(result, { key: 'contractor', type: 'reference' }, null, 'uk')).toBe('—')
    expect(formatDimension(result, { key: 'urgent', type: 'boolean' }, true, 'uk')).toBe('Так')
    expect(formatDimension(result, { key: 'created', type: 'bucket', bucket: 'month' }, '2026-03-01', 'uk')).toBe('бер. 2026')
    expect(formatCell(result, { key: 'n', label: { uk: 'К-сть' }, role: 'measure', type: 'number' }, 12345, 'uk')).toBe(`12${NBSP}345`)
    expect(pickLabel({ uk: 'Звіт' }, 'en')).toBe('Звіт')
    // a moment in Kyiv time (UTC+3 in summer), a date as a day
    expect(formatDimension(result, { key: 'due', type: 'datetime' }, '2026-10-06T13:49:37.170Z', 'uk')).toBe('06.10.2026, 16:49')
    expect(formatDimension(result, { key: 'day', type: 'date' }, '2026-10-06', 'uk')).toBe('06.10.2026')
  })

  it('writes a period, one day as one date', () => {
    expect(formatPeriod({ from: '2026-03-01', to: '2026-03-31' }, 'uk')).toBe('01.03.2026 – 31.03.2026')
    expect(formatPeriod({ from: '2026-03-01', to: '2026-03-01' }, 'uk')).toBe('01.03.2026')
    expect(formatPeriod(undefined, 'uk')).toBe('')
  })
})
