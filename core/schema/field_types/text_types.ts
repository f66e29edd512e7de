import { PHONE_FORMAT, toE164 } from '../../shared/phone.js'
import type { FieldDef } from '../../shared/metadata.js'
import { annotate, asText, FieldValueError, isEmpty, nullable, OPS, type FieldType, type JsonSchema } from './field_type.js'

function stringSchema(field: FieldDef, extra: JsonSchema): JsonSchema {
  const schema: JsonSchema = { type: nullable('string', field), ...extra }
  if (field.minLength !== undefined) schema.minLength = field.minLength
  if (field.pattern !== undefined) schema.pattern = field.pattern
  return annotate(field, schema)
}

function trimmed(value: unknown, code: string): string {
  if (typeof value !== 'string') throw new FieldValueError(code, `Expected a string, got ${typeof value}`, value)
  return value.trim()
}

export const stringType: FieldType = {
  name: 'string',
  column: (field) => {
    const length = field.maxLength ?? 255
    return { sqlType: `varchar(${length})`, udt: 'varchar', charLength: length }
  },
  jsonSchema: (field) => stringSchema(field, { maxLength: field.maxLength ?? 255 }),
  operators: OPS.text,
  widget: 'text',
  searchText: asText,
}

/** Characters a `text` field takes through the API when its metadata sets no maxLength. */
export const TEXT_MAX_LENGTH = 200_000

export const textType: FieldType = {
  name: 'text',
  column: () => ({ sqlType: 'text', udt: 'text' }),
  // unbounded in the column, bounded at the API: a 10 MB description is an attack, not a request
  jsonSchema: (field) => stringSchema(field, { maxLength: field.maxLength ?? TEXT_MAX_LENGTH }),
  operators: OPS.longText,
  widget: 'textarea',
  searchText: asText,
}

export const emailType: FieldType = {
  name: 'email',
  // 320 = 64 (local part) + 1 + 255 (domain): the longest address RFC 5321 allows.
  column: () => ({ sqlType: 'varchar(320)', udt: 'varchar', charLength: 320 }),
  jsonSchema: (field) => stringSchema(field, { format: 'email', maxLength: 320 }),
  operators: OPS.text,
  widget: 'email',
  searchText: asText,
  toDb: (value) => (isEmpty(value) ? null : trimmed(value, 'invalid_email')),
}

export const urlType: FieldType = {
  name: 'url',
  column: () => ({ sqlType: 'text', udt: 'text' }),
  jsonSchema: (field) => stringSchema(field, { format: 'uri', maxLength: field.maxLength ?? 2048 }),
  operators: OPS.longText,
  widget: 'url',
  searchText: asText,
  toDb: (value) => {
    if (isEmpty(value)) return null
    const url = trimmed(value, 'invalid_url')
    // links are shown to people: javascript:, data: and the like must never become clickable
    if (!SAFE_URL.test(url)) throw new FieldValueError('url_scheme', 'Only http(s), mailto and tel links are allowed', value)
    return url
  },
}

/** The schemes a `url` field may hold. */
export const SAFE_URL = /^(https?:\/\/|mailto:|tel:)/i

/**
 * Normalises a phone number to E.164 (`+380671234567`) by the one phone rule
 * (core/shared/phone.ts: national numbers read in Ukraine, `80…`, `067/…`). Throws `FieldValueError('invalid_phone')` for anything else.
 *
 * @example normalisePhone('067 123 45 67') // '+380671234567'
 */
export function normalisePhone(value: unknown): string {
  const text = trimmed(value, 'invalid_phone')
  const e164 = toE164(text)
  if (!e164) throw new FieldValueError('invalid_phone', `Not a valid phone number: "${text}" (expected ${PHONE_FORMAT.en})`, value)
  return e164
}

export const phoneType: FieldType = {
  name: 'phone',
  // E.164 allows at most 15 digits after the "+".
  column: () => ({ sqlType: 'varchar(16)', udt: 'varchar', charLength: 16 }),
  // Loose on purpose: the API accepts national and spaced forms and normalises them in toDb.
  jsonSchema: (field) => stringSchema(field, { maxLength: 32, pattern: '^\\+?[0-9 ()\\-./]{5,31}$' }),
  operators: OPS.text,
  widget: 'phone',
  searchText: asText,
  toDb: (value) => (isEmpty(value) ? null : normalisePhone(value)),
}
