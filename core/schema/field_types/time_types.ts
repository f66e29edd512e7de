import { DateTime, Duration } from 'luxon'
import { annotate, FieldValueError, isEmpty, nullable, OPS, type FieldType } from './field_type.js'

export const dateType: FieldType = {
  name: 'date',
  column: () => ({ sqlType: 'date', udt: 'date' }),
  jsonSchema: (field) => annotate(field, { type: nullable('string', field), format: 'date' }),
  operators: OPS.ordered,
  widget: 'date',
  toDb: (value) => {
    if (isEmpty(value)) return null
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
      throw new FieldValueError('invalid_date', `Not a date (YYYY-MM-DD): ${String(value)}`, value)
    }
    return value
  },
  // pg parses `date` into a Date at local midnight; read it back in local time, not UTC.
  fromDb: (value) => (value instanceof Date ? DateTime.fromJSDate(value).toISODate() : value),
}

export const datetimeType: FieldType = {
  name: 'datetime',
  column: () => ({ sqlType: 'timestamptz', udt: 'timestamptz' }),
  jsonSchema: (field) => annotate(field, { type: nullable('string', field), format: 'date-time' }),
  operators: OPS.ordered,
  widget: 'datetime',
  toDb: (value) => {
    if (isEmpty(value)) return null
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString()
    if (typeof value !== 'string' || !DateTime.fromISO(value, { setZone: true }).isValid) {
      throw new FieldValueError('invalid_datetime', `Not an ISO 8601 date-time: ${String(value)}`, value)
    }
    return value
  },
  fromDb: (value) => (value instanceof Date ? value.toISOString() : value),
}

const INTERVAL_UNITS = ['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const

/**
 * Converts what pg returns for an `interval` to an ISO 8601 duration (`PT1H30M`).
 * pg's default parser gives an object ({ hours: 1, minutes: 30 }); raw strings come in the
 * `postgres` interval style (`1 day 02:00:00`) or the `iso_8601` style.
 */
export function intervalToIso(value: unknown): unknown {
  if (isEmpty(value)) return value
  if (typeof value === 'object') {
    const parts: Record<string, number> = {}
    for (const unit of INTERVAL_UNITS) {
      const n = (value as Record<string, unknown>)[unit]
      if (typeof n === 'number' && n !== 0) parts[unit] = n
    }
    return Duration.fromObject(parts).toISO()
  }
  if (typeof value !== 'string') return value
  if (value.startsWith('P') || value.startsWith('-P')) return Duration.fromISO(value).toISO() ?? value
  return Duration.fromObject(parsePostgresInterval(value)).toISO()
}

function parsePostgresInterval(text: string): Record<string, number> {
  const parts: Record<string, number> = {}
  const units: Record<string, string> = { year: 'years', mon: 'months', day: 'days' }
  for (const m of text.matchAll(/([+-]?\d+)\s+(year|mon|day)s?/g)) parts[units[m[2]]] = Number(m[1])
  const time = /([+-])?(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(text)
  if (time) {
    const sign = time[1] === '-' ? -1 : 1
    parts.hours = sign * Number(time[2])
    parts.minutes = sign * Number(time[3])
    parts.seconds = sign * Number(time[4])
    if (time[5]) parts.milliseconds = sign * Math.round(Number(`0.${time[5]}`) * 1000)
  }
  for (const key of Object.keys(parts)) if (parts[key] === 0) delete parts[key]
  return parts
}

export const durationType: FieldType = {
  name: 'duration',
  column: () => ({ sqlType: 'interval', udt: 'interval' }),
  jsonSchema: (field) => annotate(field, { type: nullable('string', field), format: 'duration' }),
  operators: OPS.ordered,
  widget: 'duration',
  // PostgreSQL reads ISO 8601 durations (`P1DT2H`) into interval as they are.
  toDb: (value) => {
    if (isEmpty(value)) return null
    if (typeof value !== 'string' || !Duration.fromISO(value).isValid) {
      throw new FieldValueError('invalid_duration', `Not an ISO 8601 duration: ${String(value)}`, value)
    }
    return value
  },
  fromDb: intervalToIso,
}
