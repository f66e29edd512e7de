import type { FieldDef } from '../../shared/metadata.js'
import { annotate, FieldValueError, isEmpty, nullable, OPS, type FieldType, type JsonSchema } from './field_type.js'

const INT4_MIN = -2147483648
const INT4_MAX = 2147483647

/** Precision and scale of a decimal-like field. */
interface Digits {
  precision: number
  scale: number
}

export const integerType: FieldType = {
  name: 'integer',
  column: () => ({ sqlType: 'integer', udt: 'int4', precision: 32, scale: 0 }),
  jsonSchema: (field) =>
    annotate(field, {
      type: nullable('integer', field),
      // Bounded by the column so an out-of-range value is a 400, not a database error.
      minimum: Math.max(field.minimum ?? INT4_MIN, INT4_MIN),
      maximum: Math.min(field.maximum ?? INT4_MAX, INT4_MAX),
    }),
  operators: OPS.ordered,
  widget: 'number',
  // int4 output does not depend on settings, so the cast is immutable.
  searchText: (column) => `${column}::text`,
  toDb: (value) => {
    if (isEmpty(value)) return null
    const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isInteger(number) || number < INT4_MIN || number > INT4_MAX) {
      throw new FieldValueError('invalid_integer', `Not an integer in range: ${String(value)}`, value)
    }
    return number
  },
}

/**
 * Pattern of a decimal string for numeric(p, s): at most p - s integer digits and s fraction
 * digits, so a value the column would overflow or silently round is refused up front.
 */
export function decimalPattern({ precision, scale }: Digits): string {
  const whole = `\\d{1,${Math.max(1, precision - scale)}}`
  return scale > 0 ? `^-?${whole}(\\.\\d{1,${scale}})?$` : `^-?${whole}$`
}

function decimalSchema(field: FieldDef, digits: Digits): JsonSchema {
  const number: JsonSchema = { type: 'number' }
  if (field.minimum !== undefined) number.minimum = field.minimum
  if (field.maximum !== undefined) number.maximum = field.maximum
  // pg returns numeric as a string (exact); clients may send either.
  const anyOf: JsonSchema[] = [{ type: 'string', pattern: decimalPattern(digits) }, number]
  if (!field.required) anyOf.push({ type: 'null' })
  return annotate(field, { anyOf })
}

/** Normalises a decimal to the exact string stored into numeric(p, s). */
function decimalToDb(value: unknown, digits: Digits): string | null {
  if (isEmpty(value)) return null
  let text: string
  if (typeof value === 'number' && Number.isFinite(value)) text = value.toFixed(digits.scale)
  else if (typeof value === 'string') text = value.trim()
  else throw new FieldValueError('invalid_decimal', `Not a decimal number: ${String(value)}`, value)
  const match = /^-?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new FieldValueError('invalid_decimal', `Not a decimal number: "${text}"`, value)
  const whole = match[1].replace(/^0+(?=\d)/, '')
  if (whole.length > digits.precision - digits.scale) {
    throw new FieldValueError('decimal_out_of_range', `Too many integer digits for numeric(${digits.precision},${digits.scale}): "${text}"`, value)
  }
  return text
}

/** numeric stays a string: a JS number would lose digits. */
function decimalFromDb(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value
}

function decimalDigits(field: FieldDef): Digits {
  return { precision: field.precision ?? 18, scale: field.scale ?? 6 }
}

const MONEY: Digits = { precision: 14, scale: 2 }

export const decimalType: FieldType = {
  name: 'decimal',
  column: (field) => {
    const { precision, scale } = decimalDigits(field)
    return { sqlType: `numeric(${precision},${scale})`, udt: 'numeric', precision, scale }
  },
  jsonSchema: (field) => decimalSchema(field, decimalDigits(field)),
  operators: OPS.ordered,
  widget: 'number',
  toDb: (value, field) => decimalToDb(value, decimalDigits(field)),
  fromDb: decimalFromDb,
}

export const moneyType: FieldType = {
  name: 'money',
  // Not PostgreSQL's `money` type: its output depends on lc_monetary.
  column: () => ({ sqlType: 'numeric(14,2)', udt: 'numeric', ...MONEY }),
  jsonSchema: (field) => decimalSchema(field, MONEY),
  operators: OPS.ordered,
  widget: 'money',
  toDb: (value) => decimalToDb(value, MONEY),
  fromDb: decimalFromDb,
}
