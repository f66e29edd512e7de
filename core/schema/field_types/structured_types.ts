import { annotate, FieldValueError, isEmpty, nullable, OPS, type FieldType, type JsonSchema } from './field_type.js'

// pg would send a JS array as a PostgreSQL array literal: jsonb values go as JSON text.
const toJsonText = (value: unknown) => (isEmpty(value) ? null : JSON.stringify(value))

export const jsonType: FieldType = {
  name: 'json',
  column: () => ({ sqlType: 'jsonb', udt: 'jsonb' }),
  // The field's declared JSON Schema (metadata `schema`), else any object or array: a bare
  // scalar is almost always a client's mistake. JSON null is stored as SQL NULL.
  jsonSchema: (field) => {
    const declared = field.schema as JsonSchema | undefined
    if (!declared) return annotate(field, { type: field.required ? ['object', 'array'] : ['object', 'array', 'null'] })
    if (field.required) return annotate(field, { ...declared })
    return annotate(field, typeof declared.type === 'string' ? { ...declared, type: [declared.type, 'null'] } : { anyOf: [{ type: 'null' }, declared] })
  },
  operators: OPS.presence,
  widget: 'json',
  toDb: toJsonText,
}

function isCoordinate(n: unknown, limit: number): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= -limit && n <= limit
}

export const geoPointType: FieldType = {
  name: 'geo_point',
  column: () => ({ sqlType: 'jsonb', udt: 'jsonb' }),
  jsonSchema: (field) =>
    annotate(field, {
      type: nullable('object', field),
      properties: {
        lat: { type: 'number', minimum: -90, maximum: 90 },
        lon: { type: 'number', minimum: -180, maximum: 180 },
      },
      required: ['lat', 'lon'],
      additionalProperties: false,
    }),
  operators: OPS.presence,
  widget: 'geo_point',
  toDb: (value) => {
    if (isEmpty(value)) return null
    const point = value as { lat?: unknown; lon?: unknown }
    if (typeof value !== 'object' || !isCoordinate(point.lat, 90) || !isCoordinate(point.lon, 180)) {
      throw new FieldValueError('invalid_geo_point', 'Expected { lat: -90..90, lon: -180..180 }', value)
    }
    return JSON.stringify({ lat: point.lat, lon: point.lon })
  },
}
