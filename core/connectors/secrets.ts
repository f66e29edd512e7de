import { encryptWithAppKey, decryptWithAppKey } from '#core/auth/app_cipher'
import type { JsonSchema } from '#core/modules/define'

/**
 * Secrets of connector configs. A config member whose schema says `"x-secret": true` is, in
 * metadata, a reference: `{"$env": "NAME"}` (read from the environment when the instance
 * starts) or `{"$encrypted": "..."}` (AES-256-GCM with the app key, as the 2FA secrets). A
 * clear string typed in the admin screen is sealed on save; answers and exports carry
 * `{"$encrypted": "***"}`, and a saved `"***"` keeps the stored ciphertext. Only the host
 * resolves them, when it starts an instance.
 */
export const MASK = '***'

export type SecretRef = { $env: string } | { $encrypted: string }

export function isSecretRef(value: unknown): value is SecretRef {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const keys = Object.keys(value)
  if (keys.length !== 1) return false
  const v = (value as any)[keys[0]]
  return (keys[0] === '$env' || keys[0] === '$encrypted') && typeof v === 'string' && v.length > 0
}

/** In a secret's pattern, "each item of the array here" (an index in a config's paths). */
export const EACH = '*'

/**
 * Where the secrets of a config schema are: one pattern a secret, the member names that lead to
 * it through `properties`, and `EACH` for a step into an array's `items` (a list of gateways,
 * each with its password). Secrets inside oneOf/anyOf/allOf/prefixItems are not followed (the
 * registry refuses a manifest that has them).
 */
export function secretPatterns(schema: JsonSchema, at: string[] = []): string[][] {
  if (schema['x-secret'] === true) return [at]
  const out: string[][] = []
  const props = schema.properties as Record<string, JsonSchema> | undefined
  if (props && typeof props === 'object') for (const [name, sub] of Object.entries(props)) if (sub && typeof sub === 'object') out.push(...secretPatterns(sub, [...at, name]))
  const items = schema.items as JsonSchema | undefined
  if (items && typeof items === 'object' && !Array.isArray(items)) out.push(...secretPatterns(items, [...at, EACH]))
  return out
}

/**
 * The paths of the secret members in one config (member names, and array indexes as strings:
 * `["gateways", "1", "password"]`), each `EACH` of the schema's patterns taken for every item
 * the config's array has. A path may lead to nothing (an optional secret left out).
 */
export function secretPaths(schema: JsonSchema, config: unknown): string[][] {
  const expand = (pattern: string[], at: string[]): string[][] => {
    const i = pattern.indexOf(EACH)
    if (i < 0) return [[...at, ...pattern]]
    const prefix = [...at, ...pattern.slice(0, i)]
    const list = getAt(config, prefix)
    if (!Array.isArray(list)) return []
    return list.flatMap((_, index) => expand(pattern.slice(i + 1), [...prefix, String(index)]))
  }
  return secretPatterns(schema).flatMap((pattern) => expand(pattern, []))
}

export const pointerOf = (path: string[]) => path.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('')

function getAt(value: unknown, path: string[]): unknown {
  return path.reduce<any>((v, p) => (v && typeof v === 'object' ? v[p] : undefined), value)
}

function setAt(target: Record<string, any>, path: string[], value: unknown) {
  let node = target
  for (const p of path.slice(0, -1)) node = node[p]
  node[path[path.length - 1]] = value
}

export const encryptSecret = (text: string) => encryptWithAppKey('connector', text)
export const decryptSecret = (stored: string) => decryptWithAppKey('connector', stored)

/**
 * The config to store: clear strings in secret members encrypted, `{"$encrypted":"***"}` (what
 * the API showed) replaced by the ciphertext stored before at the same place.
 */
export function sealSecrets(schema: JsonSchema, config: Record<string, unknown>, previous?: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(config)
  for (const path of secretPaths(schema, out)) {
    const value = getAt(out, path)
    if (typeof value === 'string' && value !== '') setAt(out, path, { $encrypted: encryptSecret(value) })
    else if (isSecretRef(value) && '$encrypted' in value && value.$encrypted === MASK) {
      const before = getAt(previous, previousPath(out, previous, path))
      if (isSecretRef(before) && '$encrypted' in before && before.$encrypted !== MASK) setAt(out, path, before)
    }
  }
  return out
}

/**
 * Where a member of `config` was in `previous`: an array item that has a `key` (or `id`) is the
 * previous item with the same one, wherever it stood (a list reordered keeps each password with
 * its gateway); any other item is the one at the same index.
 */
function previousPath(config: unknown, previous: unknown, path: string[]): string[] {
  const out: string[] = []
  path.forEach((step, i) => {
    const list = getAt(previous, out)
    const item = getAt(config, path.slice(0, i + 1)) as Record<string, unknown> | undefined
    const id = item && typeof item === 'object' ? ['key', 'id'].map((k) => item[k]).find((v) => typeof v === 'string' && v) : undefined
    const found = Array.isArray(getAt(config, path.slice(0, i))) && Array.isArray(list) && id !== undefined ? list.findIndex((p) => p?.key === id || p?.id === id) : -1
    out.push(found >= 0 ? String(found) : step)
  })
  return out
}

/** Any JSON with every `{"$encrypted": ...}` shown as `{"$encrypted":"***"}` (API answers, exports). */
export function maskSecrets<T>(value: T, depth = 0): T {
  if (!value || typeof value !== 'object' || depth > 64) return value
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1)) as T
  if (isSecretRef(value) && '$encrypted' in value) return { $encrypted: MASK } as T
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = maskSecrets(v, depth + 1)
  return out as T
}

/**
 * The config with its secrets in clear, for `ConnectorContext.config`, and the clear values
 * (the host strips them from every log line and error). Throws naming the member, never the value.
 */
export function resolveSecrets(schema: JsonSchema, config: Record<string, unknown>): { config: Record<string, any>; values: string[] } {
  const out = structuredClone(config)
  const values: string[] = []
  for (const path of secretPaths(schema, out)) {
    const ref = getAt(out, path)
    if (ref === undefined) continue
    if (!isSecretRef(ref)) throw new Error(`config${pointerOf(path)} must be {"$env"} or {"$encrypted"}`)
    let value: string | undefined
    if ('$env' in ref) value = process.env[ref.$env]
    else if (ref.$encrypted !== MASK) {
      try {
        value = decryptSecret(ref.$encrypted)
      } catch {
        throw new Error(`config${pointerOf(path)} cannot be decrypted with this app key`)
      }
    }
    if (value === undefined) throw new Error(`config${pointerOf(path)}: ${'$env' in ref ? `environment variable ${ref.$env} is not set` : 'no stored secret'}`)
    setAt(out, path, value)
    if (value) values.push(value)
  }
  return { config: out, values }
}

/** `text` with every secret value replaced by `***`. */
export function stripSecrets(text: string, values: readonly string[]): string {
  let out = text
  for (const v of values) if (v.length >= 3) out = out.split(v).join(MASK)
  return out
}
