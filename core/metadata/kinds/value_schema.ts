import type { FieldDef } from '#core/shared/metadata'
import { ajv } from '#core/validation/ajv'
import { MAX_DEPTH } from '#core/validation/input_guard'
import { pointerSegment } from '#core/validation/messages'

/** A declared value schema stays small: it is compiled into every record validator. */
const MAX_SCHEMA_CHARS = 20_000
/**
 * Keywords refused inside a value schema: admin-written regular expressions are checked where
 * fields declare `pattern`, not here, and a `$ref` could reach schemas outside the document.
 */
const REFUSED = new Set(['pattern', 'patternProperties', '$ref', '$dynamicRef', '$id', '$anchor', '$dynamicAnchor'])

/**
 * Checks a `json` field's `schema` (metadata): only json fields have one, it is a valid JSON
 * Schema 2020-12 that compiles, bounded in size and depth, without regular expressions or refs.
 */
export function checkValueSchema(field: FieldDef, at: string, report: (pointer: string, message: string) => void) {
  if (field.type !== 'json') return report(at, 'only json fields declare a value schema')
  if (JSON.stringify(field.schema).length > MAX_SCHEMA_CHARS) return report(at, `at most ${MAX_SCHEMA_CHARS} characters`)
  const stack: Array<[unknown, string, number]> = [[field.schema, at, 0]]
  while (stack.length) {
    const [node, pointer, depth] = stack.pop()!
    if (!node || typeof node !== 'object') continue
    if (depth > MAX_DEPTH) return report(pointer, 'nested too deep')
    for (const [key, value] of Object.entries(node)) {
      const next = `${pointer}/${pointerSegment(key)}`
      // keys under `properties` are field names, not keywords
      if (REFUSED.has(key) && !pointer.endsWith('/properties')) return report(next, `"${key}" is not allowed in a value schema`)
      stack.push([value, next, depth + 1])
    }
  }
  if (!ajv.validateSchema(field.schema as object)) return report(at, `not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`)
  try {
    ajv.compile(field.schema as object)
  } catch (error: any) {
    report(at, `does not compile: ${error.message}`)
  }
}
