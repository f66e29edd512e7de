/**
 * Masking for logs: what may identify a person or open an account never reaches them.
 * `maskText` keeps the last two digits of a phone-like run of 7 or more digits (spaces,
 * brackets and dashes between them count) and only the prefix of an API token; `maskLogObject`
 * applies it to every string of a log object and censors the keys in REDACTED_KEYS.
 */
export const REDACTED_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'password_hash',
  'token',
  'token_hash',
  'secret',
  'totp_secret',
  'recoveryCodes',
  'csrfToken',
  'csrf_token',
  'authorization',
  'cookie',
  'x-csrf-token',
  'set-cookie',
  'body',
  'text',
]

// +<7 to 15 digits with separators>, or a national 0XX XXX XX XX, or 380XXXXXXXXX; not dates
const PHONE = /\+\d(?:[\s().-]?\d){6,14}|(?<![\d.:-])(?:0\d{2}[\s().-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}|380\d{9})(?![\d.:-])/g
/** A second-factor or recovery code under the key `code` (error codes like `23505` stay). */
const SECRET_CODE = /^(\d{6}|[a-z0-9]{10})$/
const TOKEN = /\b(vkn_[A-Za-z0-9-]{1,16})_[A-Za-z0-9_-]{8,}/g

export function maskText(text: string): string {
  return text.replace(TOKEN, '$1_***').replace(PHONE, (run) => {
    const digits = run.replace(/\D/g, '')
    return `${run.startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`
  })
}

const KEYS = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()))

export function maskLogObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value)
  if (depth > 8 || !value || typeof value !== 'object' || value instanceof Date) return value
  if (Array.isArray(value)) return value.map((v) => maskLogObject(v, depth + 1))
  if (value instanceof Error) return value // the err serializer masks errors
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const secret = KEYS.has(k.toLowerCase()) || (k === 'code' && typeof v === 'string' && SECRET_CODE.test(v))
    out[k] = secret ? '[redacted]' : maskLogObject(v, depth + 1)
  }
  return out
}
