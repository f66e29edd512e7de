import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { appKey } from '#config/app'

/**
 * AES-256-GCM with a key derived from the app key and a purpose (`totp`, `connector`), so one
 * purpose's ciphertext never opens with another's key. Text: `<iv>.<tag>.<body>`, base64url.
 * Used for 2FA secrets (core/auth/two_factor.ts) and connector secrets (core/connectors/secrets.ts).
 */
const keyOf = (purpose: string) => createHash('sha256').update(`vikno-${purpose}:${appKey.release()}`).digest()

export function encryptWithAppKey(purpose: string, text: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(purpose), iv)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')
}

/** Throws when the text was not made by `encryptWithAppKey(purpose, ...)` with this app key. */
export function decryptWithAppKey(purpose: string, stored: string): string {
  const [iv, tag, body] = stored.split('.').map((p) => Buffer.from(p, 'base64url'))
  const decipher = createDecipheriv('aes-256-gcm', keyOf(purpose), iv)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
}
