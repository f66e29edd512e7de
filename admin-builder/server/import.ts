import type { FieldError } from '#core/shared/problem'
import type { MetaDocument } from '#core/shared/metadata'
import { Problem, badRequest } from '#core/errors/problem'
import { escapePointer } from '#core/filter/validate'

/** `<key>.<kind>.json`, the repository's file names (STYLE.md: one file per item). */
const FILE_NAME = /^(?:.*\/)?([a-z][a-z0-9_]{0,62})\.([a-z][a-z0-9_]{0,62})\.json$/
const MAX_FILES = 2000
const MAX_FILE_CHARS = 512 * 1024

/**
 * Reads uploaded metadata files (`{ "<path>/<key>.<kind>.json": "<text>" }`) into documents by
 * `<kind>/<key>`. Every unreadable file is reported at `/files/<name>` (JSON errors) or its
 * pointer inside the document (kind and key that disagree with the name); nothing is imported
 * when one file is wrong.
 */
export function readFiles(files: unknown): Record<string, MetaDocument> {
  if (!files || typeof files !== 'object' || Array.isArray(files)) throw badRequest('files must be an object of file name → text', [{ pointer: '/files', message: 'object', code: 'type' }])
  const entries = Object.entries(files as Record<string, unknown>)
  if (!entries.length) throw new Problem('validation', [{ pointer: '/files', message: 'no files', code: 'required' }])
  if (entries.length > MAX_FILES) throw new Problem('validation', [{ pointer: '/files', message: `at most ${MAX_FILES} files`, code: 'maxItems' }])
  const errors: FieldError[] = []
  const docs: Record<string, MetaDocument> = {}
  for (const [name, text] of entries) {
    const at = `/files/${escapePointer(name)}`
    const match = FILE_NAME.exec(name)
    if (!match) {
      errors.push({ pointer: at, message: 'file name must be <key>.<kind>.json', code: 'name' })
      continue
    }
    const [, key, kind] = match
    if (typeof text !== 'string' || text.length > MAX_FILE_CHARS) {
      errors.push({ pointer: at, message: `the file's text, at most ${MAX_FILE_CHARS} characters`, code: 'type' })
      continue
    }
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch (e) {
      errors.push({ pointer: at, message: `not JSON: ${(e as Error).message}`, code: 'json' })
      continue
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      errors.push({ pointer: at, message: 'a metadata document is a JSON object', code: 'type' })
      continue
    }
    const d = doc as MetaDocument
    if (d.kind !== kind) errors.push({ pointer: `${at}/kind`, message: `must be "${kind}", as the file name says`, code: 'mismatch' })
    if (d.key !== key) errors.push({ pointer: `${at}/key`, message: `must be "${key}", as the file name says`, code: 'mismatch' })
    if (docs[`${kind}/${key}`]) errors.push({ pointer: at, message: `${kind}/${key} is in two files`, code: 'duplicate' })
    docs[`${kind}/${key}`] = d
  }
  if (errors.length) throw new Problem('validation', errors)
  return docs
}
