import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
import { BlockList, isIPv6 } from 'node:net'
import env from '#start/env'
import { dataDir } from '#config/paths'

/** APP_KEY, or a key generated once into the data folder: secrets never live in the repo. */
function readAppKey(): string {
  const fromEnv = env.get('APP_KEY')
  if (fromEnv) return fromEnv
  const file = join(dataDir, 'app_key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32).toString('base64url')
  writeFileSync(file, key, { mode: 0o600 })
  return key
}

export const appKey = new Secret(readAppKey())

export const http = defineConfig({
  // request ids come from core/http/security_headers_middleware.ts (crypto.randomUUID, cheaper than cuid)
  generateRequestId: false,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  // X-Forwarded-For/-Proto count only from the reverse proxies named in TRUSTED_PROXIES
  // (addresses or CIDR ranges, comma-separated; 'loopback' etc. as proxy-addr knows them):
  // then the client IP (login throttling, audit) and `Secure` cookies are right behind TLS.
  trustProxy: trustedProxies(env.get('TRUSTED_PROXIES')),
  cookie: {
    domain: '',
    path: '/',
    maxAge: '12h',
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
  },
})

/**
 * A proxy-trust function for a comma-separated list of addresses and CIDR ranges (`loopback`
 * stands for 127.0.0.0/8 and ::1). Empty: no proxy is trusted, the socket peer is the client.
 */
export function trustedProxies(list: string | undefined): (address: string, hop: number) => boolean {
  const names = (list ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
  if (!names.length) return () => false
  const allowed = new BlockList()
  for (const name of names.flatMap((n) => (n === 'loopback' ? ['127.0.0.0/8', '::1/128'] : [n]))) {
    const [address, bits] = name.split('/')
    const type = isIPv6(address) ? 'ipv6' : 'ipv4'
    if (bits) allowed.addSubnet(address, Number(bits), type)
    else allowed.addAddress(address, type)
  }
  return (address) => {
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address
    return allowed.check(plain, isIPv6(plain) ? 'ipv6' : 'ipv4')
  }
}
