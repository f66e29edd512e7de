import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sourceFolders, type SourceRoots } from './loader.js'

const loaded = new Set<string>()

/**
 * A module's code is `modules/<name>/server.ts`: what its metadata cannot express (metadata
 * kinds, record hooks, workflow actions, job handlers), registered by name when imported.
 * Loaded before the metadata files, so the kinds they declare are known.
 */
export async function loadModuleCode(roots: SourceRoots) {
  for (const folder of sourceFolders(roots)) {
    const file = join(folder, 'server.ts')
    if (!existsSync(file) || loaded.has(file)) continue
    loaded.add(file)
    await import(pathToFileURL(file).href)
  }
}
