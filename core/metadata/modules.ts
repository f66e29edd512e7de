import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sourceFolders, type SourceRoots } from './loader.js'

const loaded = new Set<string>()

/**
 * A code file of a folder by its base name: `<name>.js` in the compiled build (`npm start`
 * runs build/server), `<name>.ts` in the sources (tests, development); undefined when absent.
 */
export function codeFile(folder: string, name: string): string | undefined {
  return [join(folder, `${name}.js`), join(folder, `${name}.ts`)].find((f) => existsSync(f))
}

/**
 * A module's code is `modules/<name>/server.ts`: what its metadata cannot express (metadata
 * kinds, record hooks, workflow actions, job handlers), registered by name when imported.
 * Loaded before the metadata files, so the kinds they declare are known.
 */
export async function loadModuleCode(roots: SourceRoots) {
  for (const folder of sourceFolders(roots)) {
    const file = codeFile(folder, 'server')
    if (!file || loaded.has(file)) continue
    loaded.add(file)
    await import(pathToFileURL(file).href)
  }
}
