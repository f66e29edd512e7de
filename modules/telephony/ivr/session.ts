import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { appKey } from '#config/app'
import type { IvrState } from './types.js'

/** How long a call may sit between two steps before its token is refused (a call, not a day). */
const TTL_MS = 30 * 60_000

/** What a token binds: the call (PBX session id and caller), its menu document, where it is. */
export interface IvrSession {
  session: string
  caller: string
  ivr: string
  state: IvrState
}

let key: Buffer | undefined
const hmacKey = () => (key ??= createHash('sha256').update(`vikno-ivr:${appKey.release()}`).digest())
const sign = (body: string) => createHmac('sha256', hmacKey()).update(body).digest('base64url')

/**
 * The call's state as a signed token the PBX hands back with the next digits, so any node can
 * serve the next step and nothing is stored: `base64url(json).hmac`, HMAC-SHA256 with a key
 * derived from the app key, expiring after 30 minutes.
 */
export function encodeSession(s: IvrSession, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...s, exp: now + TTL_MS })).toString('base64url')
  return `${body}.${sign(body)}`
}

/**
 * The state of a token issued for this same session, caller and menu; undefined when it is
 * forged, altered, expired or another call's (the caller then starts again at the menu).
 */
export function decodeSession(token: string, expect: Omit<IvrSession, 'state'>, now = Date.now()): IvrState | undefined {
  const [body, mac] = token.split('.')
  if (!body || !mac) return undefined
  const want = Buffer.from(sign(body))
  const got = Buffer.from(mac)
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined
  let s: IvrSession & { exp: number }
  try {
    s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!(s.exp > now) || s.session !== expect.session || s.caller !== expect.caller || s.ivr !== expect.ivr) return undefined
  return s.state
}
