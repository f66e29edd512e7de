import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
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
  trustProxy: () => false,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '12h',
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
  },
})
