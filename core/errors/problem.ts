import type { FieldError, ProblemDetails } from '#core/shared/problem'
import type { Locale } from '#core/validation/messages'

const TITLES: Record<string, { status: number; uk: string; en: string }> = {
  validation: { status: 422, uk: 'Дані не пройшли перевірку', en: 'The data did not pass validation' },
  'bad-request': { status: 400, uk: 'Неправильний запит', en: 'Bad request' },
  'not-found': { status: 404, uk: 'Не знайдено', en: 'Not found' },
  conflict: { status: 409, uk: 'Конфлікт версій: запис змінено', en: 'Version conflict: the record was changed' },
  'destructive-change': { status: 409, uk: 'Зміна знищить дані: потрібне підтвердження', en: 'The change would destroy data: confirmation required' },
  unauthorized: { status: 401, uk: 'Потрібно увійти', en: 'Authentication required' },
  'bad-credentials': { status: 401, uk: 'Невірний логін або пароль', en: 'Wrong login or password' },
  'second-factor-required': { status: 401, uk: 'Потрібен код двофакторної автентифікації', en: 'A two-factor authentication code is required' },
  'second-factor-setup-required': { status: 403, uk: 'Увімкніть двофакторну автентифікацію у профілі', en: 'Turn on two-factor authentication in your profile' },
  forbidden: { status: 403, uk: 'Доступ заборонено', en: 'Forbidden' },
  'too-many-requests': { status: 429, uk: 'Забагато спроб, спробуйте пізніше', en: 'Too many attempts, try later' },
  'unsupported-media-type': { status: 415, uk: 'Непідтримуваний формат', en: 'Unsupported media type' },
  'service-unavailable': { status: 503, uk: 'Сервіс тимчасово недоступний', en: 'Service temporarily unavailable' },
  internal: { status: 500, uk: 'Внутрішня помилка', en: 'Internal error' },
}

export type ProblemType = keyof typeof TITLES

/**
 * An error that becomes an RFC 9457 problem+json response, in the caller's language
 * (core/exceptions/handler.ts). `errors` point at the bad fields with JSON pointers.
 */
export class Problem extends Error {
  constructor(
    readonly problemType: ProblemType,
    readonly errors: FieldError[] = [],
    readonly extensions: Record<string, unknown> = {},
    detail?: string
  ) {
    super(detail ?? `${problemType}${errors.length ? ': ' + errors.map((e) => `${e.pointer} ${e.message}`).join('; ') : ''}`)
    this.name = 'Problem'
  }

  get status() {
    return TITLES[this.problemType].status
  }

  toJSON(locale: Locale, instance?: string): ProblemDetails {
    const title = TITLES[this.problemType]
    return {
      type: `/problems/${this.problemType}`,
      title: title[locale],
      status: title.status,
      ...(this.message && this.message !== this.problemType && !this.errors.length ? { detail: this.message } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
      ...this.extensions,
    }
  }
}

export const notFound = () => new Problem('not-found')
export const invalid = (errors: FieldError[], extensions?: Record<string, unknown>) => new Problem('validation', errors, extensions)
export const badRequest = (detail: string, errors: FieldError[] = []) => new Problem('bad-request', errors, {}, detail)
