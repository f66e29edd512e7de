import type { ErrorObject } from 'ajv'
import type { FieldError } from '#core/shared/problem'
import { PHONE_FORMAT } from '#core/shared/phone'

export type Locale = 'uk' | 'en'

/** The caller's language from Accept-Language: Ukrainian first, English second. */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'uk'
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=')
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 }
    })
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    if (tag.startsWith('uk')) return 'uk'
    if (tag.startsWith('en')) return 'en'
  }
  return 'uk'
}

type Messages = Record<string, (p: any) => string>

const uk: Messages = {
  required: () => 'Обовʼязкове поле',
  type: (p) => `Має бути ${typeName(p.type, 'uk')}`,
  format: (p) => `Неправильний формат (${p.format})`,
  pattern: () => 'Значення не відповідає шаблону',
  enum: () => 'Значення не з переліку дозволених',
  const: () => 'Неприпустиме значення',
  maxLength: (p) => `Не довше ${p.limit} символів`,
  minLength: (p) => (p.limit === 1 ? 'Не може бути порожнім' : `Не коротше ${p.limit} символів`),
  minimum: (p) => `Не менше ${p.limit}`,
  maximum: (p) => `Не більше ${p.limit}`,
  exclusiveMinimum: (p) => `Більше ${p.limit}`,
  exclusiveMaximum: (p) => `Менше ${p.limit}`,
  multipleOf: (p) => `Має бути кратним ${p.multipleOf}`,
  maxItems: (p) => `Не більше ${p.limit} елементів`,
  minItems: (p) => `Не менше ${p.limit} елементів`,
  uniqueItems: () => 'Елементи не мають повторюватися',
  additionalProperties: () => 'Невідоме поле',
  unevaluatedProperties: () => 'Невідоме поле',
  readOnly: () => 'Поле лише для читання',
  forbidden: () => 'Немає права змінювати це поле',
  invalid_phone: () => `Неправильний номер телефону: очікується ${PHONE_FORMAT.uk}`,
  not_found: () => 'Запис не знайдено',
  unique: () => 'Таке значення вже існує',
  invalid_json: () => 'Неправильний JSON',
  nul_character: () => 'Містить недопустимий символ NUL (\\u0000)',
  forbidden_key: () => 'Недопустима назва ключа',
  too_deep: () => 'Надто глибока вкладеність даних',
  url_scheme: () => 'Дозволені лише посилання http(s), mailto і tel',
  engine_owned: () => 'Ці записи змінюються лише через керування користувачами',
  stale: () => 'Запис змінено іншим користувачем',
  fallback: (p) => p.message ?? 'Неправильне значення',
}

const en: Messages = {
  required: () => 'Required field',
  type: (p) => `Must be ${typeName(p.type, 'en')}`,
  format: (p) => `Invalid format (${p.format})`,
  pattern: () => 'Does not match the pattern',
  enum: () => 'Not one of the allowed values',
  const: () => 'Value not allowed',
  maxLength: (p) => `At most ${p.limit} characters`,
  minLength: (p) => (p.limit === 1 ? 'Must not be empty' : `At least ${p.limit} characters`),
  minimum: (p) => `At least ${p.limit}`,
  maximum: (p) => `At most ${p.limit}`,
  exclusiveMinimum: (p) => `Greater than ${p.limit}`,
  exclusiveMaximum: (p) => `Less than ${p.limit}`,
  multipleOf: (p) => `Must be a multiple of ${p.multipleOf}`,
  maxItems: (p) => `At most ${p.limit} items`,
  minItems: (p) => `At least ${p.limit} items`,
  uniqueItems: () => 'Items must not repeat',
  additionalProperties: () => 'Unknown field',
  unevaluatedProperties: () => 'Unknown field',
  readOnly: () => 'Read-only field',
  forbidden: () => 'You may not change this field',
  invalid_phone: () => `Invalid phone number: expected ${PHONE_FORMAT.en}`,
  not_found: () => 'Record not found',
  unique: () => 'This value already exists',
  invalid_json: () => 'Invalid JSON',
  nul_character: () => 'Contains a forbidden NUL character (\\u0000)',
  forbidden_key: () => 'Forbidden key name',
  too_deep: () => 'Data nested too deep',
  url_scheme: () => 'Only http(s), mailto and tel links are allowed',
  engine_owned: () => 'These records change only through user management',
  stale: () => 'The record was changed by someone else',
  fallback: (p) => p.message ?? 'Invalid value',
}

const catalogs: Record<Locale, Messages> = { uk, en }

/** A message by code in the caller's language. */
export function message(code: string, locale: Locale, params: Record<string, unknown> = {}): string {
  const catalog = catalogs[locale]
  return (catalog[code] ?? catalog.fallback)(params)
}

function typeName(type: string | string[], locale: Locale) {
  const names: Record<string, [string, string]> = {
    string: ['рядком', 'a string'],
    number: ['числом', 'a number'],
    integer: ['цілим числом', 'an integer'],
    boolean: ['так/ні', 'a boolean'],
    object: ['обʼєктом', 'an object'],
    array: ['списком', 'an array'],
    null: ['порожнім', 'null'],
  }
  const list = (Array.isArray(type) ? type : String(type).split(',')).filter((t) => t !== 'null')
  return list.map((t) => names[t]?.[locale === 'uk' ? 0 : 1] ?? t).join(' / ')
}

/**
 * ajv errors → `{pointer, message}` in the caller's language. `required` and
 * `additionalProperties` point at the missing or unknown field itself, not at its parent.
 */
export function fromAjv(errors: ErrorObject[] | null | undefined, locale: Locale, prefix = ''): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of errors ?? []) {
    let pointer = e.instancePath
    if (e.keyword === 'required') pointer += '/' + pointerSegment((e.params as any).missingProperty)
    if (e.keyword === 'additionalProperties') pointer += '/' + pointerSegment((e.params as any).additionalProperty)
    // `type: [T, 'null']` plus `anyOf` produce noise; keep one message per pointer
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue
    const key = pointer
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ pointer: prefix + pointer, message: message(e.keyword, locale, { ...e.params, message: e.message }), code: e.keyword })
  }
  return out
}

/** One key as a JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerSegment(segment: string) {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1')
}
