import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs'
import { join, relative, basename } from 'node:path'
import type { MetaDocument } from '#core/shared/metadata'
import { MetadataSet, docId, type DocId } from './set.js'
import { MetadataError, type MetaProblem } from './problems.js'

/** Folders that never hold metadata documents. */
const SKIP = new Set(['node_modules', 'schemas', 'data', 'hooks', 'widgets', 'dist', 'build'])
const FILE = /^([a-z][a-z0-9_]{0,62})\.([a-z][a-z_]*)\.json$/

export interface SourceRoots {
  root: string
  city: string
  /** Extra module folders (VIKNO_EXTRA_MODULES), e.g. a module under test. */
  extraModules?: string[]
}

/** The folders scanned, in order: platform metadata, each module, the active city pack. */
export function sourceFolders({ root, city, extraModules = [] }: SourceRoots): string[] {
  const folders = [join(root, 'metadata')]
  const modules = join(root, 'modules')
  if (existsSync(modules)) {
    for (const name of readdirSync(modules).sort()) {
      if (statSync(join(modules, name)).isDirectory()) folders.push(join(modules, name))
    }
  }
  folders.push(...extraModules)
  const cityDir = join(root, 'seeds', city)
  if (existsSync(cityDir)) folders.push(cityDir)
  return folders
}

/**
 * Reads every `<key>.<kind>.json` under the source folders. Throws a MetadataError listing
 * every unreadable, misnamed or duplicate file (file, JSON pointer, reason).
 */
export function loadFiles(roots: SourceRoots, knownKinds: ReadonlySet<string>): MetadataSet {
  const docs = new Map<DocId, MetaDocument>()
  const sources = new Map<DocId, string>()
  const problems: MetaProblem[] = []
  for (const folder of sourceFolders(roots)) {
    for (const file of walk(folder)) {
      const rel = relative(roots.root, file)
      const match = FILE.exec(basename(file))
      if (!match) {
        problems.push({ file: rel, pointer: '', message: 'file name must be <key>.<kind>.json' })
        continue
      }
      const [, key, kind] = match
      if (!knownKinds.has(kind)) {
        problems.push({ file: rel, pointer: '', message: `unknown metadata kind "${kind}"` })
        continue
      }
      let doc: any
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'))
      } catch (error: any) {
        problems.push({ file: rel, pointer: '', message: `invalid JSON: ${error.message}` })
        continue
      }
      if (doc?.kind !== kind) problems.push({ file: rel, pointer: '/kind', message: `must be "${kind}" as the file name says` })
      if (doc?.key !== key) problems.push({ file: rel, pointer: '/key', message: `must be "${key}" as the file name says` })
      const id = docId(kind, key)
      if (sources.has(id)) {
        problems.push({ file: rel, pointer: '/key', message: `duplicate ${kind} "${key}", also in ${sources.get(id)}` })
        continue
      }
      docs.set(id, doc)
      sources.set(id, rel)
    }
  }
  if (problems.length) throw new MetadataError(problems)
  return new MetadataSet(docs, sources)
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name) && !entry.name.startsWith('.')) yield* walk(join(dir, entry.name))
    } else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json') && entry.name !== 'package.json') {
      yield join(dir, entry.name)
    }
  }
}
