import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { boundedRegExp } from './safe_pattern.js'

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as typeof addFormatsModule.default

/**
 * The one ajv instance: meta-schemas by `$id`, and the record validators compiled from entity
 * metadata. Formats come from ajv-formats, as in @rjsf/validator-ajv8, so the browser and the
 * server agree on what a valid date, e-mail or uri is.
 */
export const ajv = new Ajv2020({
  allErrors: true,
  strict: false,
  multipleOfPrecision: 8,
  // Admin-written patterns: ajv compiles them with the `u` flag; unicodeRegExp keeps them sane.
  unicodeRegExp: true,
  // ... and matches them only on values up to MAX_PATTERN_INPUT characters (ReDoS)
  code: { regExp: boundedRegExp },
})
addFormats(ajv)

export const META_SCHEMA_BASE = 'https://vikno.city/schemas/'

let loaded = false

/** Registers every meta-schema in `metadata/schemas/` (idempotent). */
export function loadMetaSchemas(dir = join(process.cwd(), 'metadata', 'schemas')) {
  if (loaded) return
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema)
  }
  loaded = true
}

/** The compiled validator of a meta-schema, e.g. `metaValidator('entity')`. */
export function metaValidator(kind: string): ValidateFunction | undefined {
  loadMetaSchemas()
  return ajv.getSchema(`${META_SCHEMA_BASE}${kind}.schema.json`)
}

export type { ErrorObject, ValidateFunction }
