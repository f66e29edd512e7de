import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { WebhookRequest } from '#core/connectors/types'
import { parseBody, pick } from './mapping.js'

/** How the PBX proves a notification is its own (the instance's `config.auth`, secrets resolved). */
export type PbxAuth =
  | {
      mode: 'hmac'
      header: string
      algorithm: 'sha256' | 'sha1'
      secret: string
      encoding: 'hex' | 'base64'
      /** Text before the signature in the header (`sha256=`). */
      prefix?: string
      /**
       * Sign these picks of the parsed body, concatenated, instead of the raw bytes (Zadarma signs
       * `caller_id . called_did . call_start`). A pick may list alternatives (`called_did|destination`).
       */
      signedFields?: string[]
    }
  | { mode: 'token'; header?: string; query?: string; secret: string }
  | { mode: 'basic'; username: string; password: string }

/** Equal strings, compared in constant time whatever their lengths. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb) && a.length === b.length
}

export function header(req: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}

/** Whether the request carries this instance's signature, token or password. Never throws. */
export function verify(req: WebhookRequest, auth: PbxAuth): boolean {
  try {
    if (auth.mode === 'hmac') {
      let given = header(req, auth.header)
      if (!given || !auth.secret) return false
      if (auth.prefix) {
        if (!given.startsWith(auth.prefix)) return false
        given = given.slice(auth.prefix.length)
      }
      let message: Buffer | string = req.rawBody
      if (auth.signedFields?.length) {
        const body = parseBody(req.rawBody, header(req, 'content-type'))
        message = auth.signedFields.map((f) => pick(body, f) ?? '').join('')
      }
      const expected = createHmac(auth.algorithm, auth.secret).update(message).digest(auth.encoding)
      return safeEqual(given.trim(), expected)
    }
    if (auth.mode === 'token') {
      if (!auth.secret) return false
      const given = auth.header ? header(req, auth.header) : auth.query ? req.query[auth.query] : undefined
      return !!given && safeEqual(given.replace(/^Bearer\s+/i, ''), auth.secret)
    }
    if (auth.mode === 'basic') {
      const given = /^Basic\s+(.+)$/i.exec(header(req, 'authorization') ?? '')
      if (!given || !auth.password) return false
      return safeEqual(Buffer.from(given[1], 'base64').toString('utf8'), `${auth.username}:${auth.password}`)
    }
    return false
  } catch {
    return false
  }
}
