import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { ValidateFunction } from 'ajv'
import type { JsonSchema } from '#core/modules/define'
import { isSecretRef, MASK, pointerOf, secretPaths } from './secrets.js'
import type { ConnectorManifest } from './types.js'

// Types' schemas are their own (their `$id`s would clash in the metadata ajv); `x-secret` is ours.
// The same formats as the metadata ajv and the admin form (`uri`, `email`…).
const ajv = new Ajv2020({ allErrors: true, strict: false })
;((addFormatsModule as any).default ?? addFormatsModule)(ajv)
const compiled = new WeakMap<ConnectorManifest, ValidateFunction>()

const REF_SCHEMA = {
  oneOf: [
    { type: 'object', properties: { $env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } }, required: ['$env'], additionalProperties: false },
    { type: 'object', properties: { $encrypted: { type: 'string', minLength: 1 } }, required: ['$encrypted'], additionalProperties: false },
  ],
}

/** The type's schema with each secret member (under properties and items) taking a reference instead of its string. */
function withReferences(schema: JsonSchema): JsonSchema {
  if (schema['x-secret'] === true) return { ...REF_SCHEMA, 'x-secret': true }
  const out = { ...schema }
  const props = schema.properties as Record<string, JsonSchema> | undefined
  if (props && typeof props === 'object') out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v && typeof v === 'object' ? withReferences(v) : v]))
  const items = schema.items as JsonSchema | undefined
  if (items && typeof items === 'object' && !Array.isArray(items)) out.items = withReferences(items)
  return out
}

function validatorOf(manifest: ConnectorManifest): ValidateFunction {
  let validate = compiled.get(manifest)
  if (!validate) {
    const { $id: _id, ...schema } = manifest.config as JsonSchema
    validate = ajv.compile(withReferences(schema))
    compiled.set(manifest, validate)
  }
  return validate
}

/**
 * Problems of an instance's config against its type's schema, at pointers under `/config`:
 * clear text in a secret member, a masked secret with nothing stored behind it, then the
 * schema's own errors (JSON Schema 2020-12).
 */
export function checkConnectorConfig(manifest: ConnectorManifest, config: unknown): Array<{ pointer: string; message: string }> {
  const problems: Array<{ pointer: string; message: string }> = []
  const secret = new Set<string>()
  for (const path of secretPaths(manifest.config, config)) {
    const pointer = `/config${pointerOf(path)}`
    secret.add(pointer)
    const value = path.reduce<any>((v, p) => (v && typeof v === 'object' ? v[p] : undefined), config)
    if (value === undefined) continue
    if (!isSecretRef(value)) problems.push({ pointer, message: 'a secret must be {"$env": "NAME"} or {"$encrypted": "..."}, never clear text' })
    else if ('$encrypted' in value && value.$encrypted === MASK) problems.push({ pointer, message: 'no stored secret: enter it again' })
  }
  const validate = validatorOf(manifest)
  if (!validate(config)) {
    for (const e of validate.errors ?? []) {
      const at = `/config${e.instancePath}`
      if ([...secret].some((s) => at === s || at.startsWith(s + '/'))) continue // reported above
      let pointer = at
      if (e.keyword === 'required') pointer += '/' + (e.params as any).missingProperty
      if (e.keyword === 'additionalProperties') pointer += '/' + (e.params as any).additionalProperty
      if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue
      problems.push({ pointer, message: e.message ?? e.keyword })
    }
  }
  return problems
}
