import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { MetaDocument } from '#core/shared/metadata'
import type { MetadataSet } from './set.js'
import { maskSecrets } from '#core/connectors/secrets'

/** The one canonical text of a document: 2-space JSON and a final newline. */
export function canonicalJson(doc: MetaDocument): string {
  return JSON.stringify(doc, null, 2) + '\n'
}

/**
 * Writes every document of the set as files under `targetRoot`: documents that came from a
 * file go back to the same relative path, new ones to `<city pack>/<kind>s/<key>.<kind>.json`.
 * Shipped files are canonical (a spec checks it), so export → import → export is byte-stable.
 * Encrypted connector secrets leave as `"***"` (files should name them as `{"$env": ...}`).
 */
export function exportSet(set: MetadataSet, targetRoot: string, cityFolder: string): string[] {
  const written: string[] = []
  for (const [id, doc] of set.docs) {
    const rel = set.sources.get(id) ?? join(cityFolder, `${doc.kind}s`, `${doc.key}.${doc.kind}.json`)
    const file = join(targetRoot, rel)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, canonicalJson(maskSecrets(doc)))
    written.push(rel)
  }
  return written
}
