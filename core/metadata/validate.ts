import { metaValidator } from '#core/validation/ajv'
import { getKind } from './kinds/index.js'
import { MetadataError, type MetaProblem } from './problems.js'
import type { MetadataSet } from './set.js'

const MAX_DOC_BYTES = 512 * 1024

/**
 * Validates a whole set: each document against its kind's meta-schema (one ajv instance),
 * then the kind's semantic checks. Returns every problem with file or kind/key and pointer.
 */
export function checkSet(set: MetadataSet): MetaProblem[] {
  const problems: MetaProblem[] = []
  for (const [id, doc] of set.docs) {
    const file = set.sources.get(id)
    const where = { file, kind: doc.kind, key: doc.key }
    const kind = getKind(doc.kind)
    const validate = kind && metaValidator(doc.kind)
    if (!kind || !validate) {
      problems.push({ ...where, pointer: '/kind', message: `unknown metadata kind "${doc.kind}"` })
      continue
    }
    if (JSON.stringify(doc).length > MAX_DOC_BYTES) {
      problems.push({ ...where, pointer: '', message: `document larger than ${MAX_DOC_BYTES} bytes` })
      continue
    }
    if (doc.$schema !== undefined && !String(doc.$schema).endsWith(`${doc.kind}.schema.json`)) {
      problems.push({ ...where, pointer: '/$schema', message: `must point at ${doc.kind}.schema.json` })
    }
    if (!validate(doc)) {
      for (const e of validate.errors ?? []) {
        let pointer = e.instancePath
        if (e.keyword === 'required') pointer += '/' + (e.params as any).missingProperty
        if (e.keyword === 'additionalProperties') pointer += '/' + (e.params as any).additionalProperty
        if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue
        problems.push({ ...where, pointer, message: e.message ?? e.keyword })
      }
      continue // semantic checks assume a well-formed document
    }
    kind.check?.(doc, set, (pointer, message) => problems.push({ ...where, pointer, message }))
  }
  return problems
}

/** Throws a MetadataError when the set has any problem. */
export function assertValid(set: MetadataSet) {
  const problems = checkSet(set)
  if (problems.length) throw new MetadataError(problems)
}
