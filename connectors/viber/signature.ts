/**
 * Viber signs every callback: `X-Viber-Content-Signature` is the hex HMAC-SHA256 of the raw
 * body, keyed with the bot's token. Checked over the bytes before anything is parsed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export function viberSignature(token: string, body: Buffer | string): string {
  return createHmac('sha256', token).update(body).digest('hex')
}

/** Whether `given` is the body's signature; constant time, never throws. */
export function validSignature(token: string, body: Buffer, given: string | undefined): boolean {
  if (!given || !token) return false
  const a = createHash('sha256').update(given.trim().toLowerCase()).digest()
  const b = createHash('sha256').update(viberSignature(token, body)).digest()
  return timingSafeEqual(a, b)
}
