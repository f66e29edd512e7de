import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { codeFile } from '#core/modules/code_file'
import { manifestSchema } from './manifest_schema.js'
import { secretPatterns } from './secrets.js'
import type { ConnectorManifest, ConnectorType } from './types.js'

const validateManifest = new Ajv2020({ allErrors: true, strict: false }).compile(manifestSchema)

/** A type found on disk: its manifest now, its code when first asked for. */
export interface FoundConnectorType {
  manifest: ConnectorManifest
  folder: string
}

let found: Map<string, FoundConnectorType> | undefined
const loaded = new Map<string, Promise<ConnectorType>>()

/**
 * Folders holding type folders: `connectors/` of the application, then VIKNO_EXTRA_CONNECTORS
 * (colon-separated; each is a type folder itself or holds type folders, like the test
 * fixtures in tests/fixtures/connectors).
 */
function roots(): string[] {
  return [join(process.cwd(), 'connectors'), ...(process.env.VIKNO_EXTRA_CONNECTORS ?? '').split(':').filter(Boolean)]
}

function typeFolders(root: string): string[] {
  if (!existsSync(root)) return []
  if (existsSync(join(root, 'manifest.json'))) return [root]
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'manifest.json')))
    .map((d) => join(root, d.name))
    .sort()
}

/** Reads and checks one manifest; throws naming the file and the pointer of the first problem. */
export function readManifest(folder: string): ConnectorManifest {
  const file = join(folder, 'manifest.json')
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as ConnectorManifest
  if (!validateManifest(manifest as unknown)) {
    const e = validateManifest.errors![0]
    throw new Error(`${file}: ${e.instancePath || '/'} ${e.message}`)
  }
  if (manifest.key !== basename(folder)) throw new Error(`${file}: /key must be the folder's name "${basename(folder)}"`)
  // secrets are found (sealed, resolved, masked) through `properties` and `items` only: one
  // inside oneOf/anyOf/allOf/prefixItems would be stored in clear
  const marked = (JSON.stringify(manifest.config).match(/"x-secret":true/g) ?? []).length
  if (marked !== secretPatterns(manifest.config).length)
    throw new Error(`${file}: /config: every "x-secret" member must be reached through "properties" and "items" alone (not inside oneOf, anyOf, allOf or prefixItems)`)
  return manifest
}

function discover(): Map<string, FoundConnectorType> {
  if (found) return found
  const next = new Map<string, FoundConnectorType>()
  for (const folder of roots().flatMap(typeFolders)) {
    const manifest = readManifest(folder)
    const other = next.get(manifest.key)
    if (other) throw new Error(`connector type "${manifest.key}" is in both ${other.folder} and ${folder}`)
    next.set(manifest.key, { manifest, folder })
  }
  found = next
  return next
}

/** Every type's manifest, by key (read once; connectors/*\/manifest.json + VIKNO_EXTRA_CONNECTORS). */
export function connectorTypes(): ConnectorManifest[] {
  return [...discover().values()].map((t) => t.manifest)
}

/** One type's manifest, without loading its code. */
export function connectorManifest(key: string): ConnectorManifest | undefined {
  return discover().get(key)?.manifest
}

/**
 * One type's code: `connectors/<key>/index.ts` imported by its path on first use (core never
 * imports connectors statically), its default export a `defineConnectorType(...)`.
 */
export function connectorType(key: string): Promise<ConnectorType> {
  const type = discover().get(key)
  if (!type) return Promise.reject(new Error(`no connector type "${key}"`))
  let promise = loaded.get(key)
  if (!promise) {
    promise = importType(type)
    loaded.set(key, promise)
    promise.catch(() => loaded.delete(key))
  }
  return promise
}

async function importType({ manifest, folder }: FoundConnectorType): Promise<ConnectorType> {
  const file = codeFile(folder, 'index')
  if (!file) throw new Error(`${folder} has no index.ts`)
  const type = (await import(pathToFileURL(file).href)).default as ConnectorType | undefined
  if (!type || typeof type.create !== 'function') throw new Error(`${file} must export default defineConnectorType({ manifest, create })`)
  // the manifest on disk is the one checked; the code's copy must be the same type
  if (type.manifest?.key !== manifest.key) throw new Error(`${file}: manifest.key must be "${manifest.key}"`)
  return type
}

/** Forgets what was discovered (specs that add type folders). */
export function rescanConnectorTypes() {
  found = undefined
}
