import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A random secret for cookies and API tokens (URL-safe, 256 bits). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Stored form of a secret: a leaked table gives no usable sessions or tokens. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim())
  }
  return out
}

export const SESSION_COOKIE = 'vikno_sid'
export const CSRF_HEADER = 'x-csrf-token'
/** API tokens look like `vkn_<prefix>_<secret>`; the prefix identifies a token in lists. */
export const TOKEN_PREFIX = 'vkn_'
