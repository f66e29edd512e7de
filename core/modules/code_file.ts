import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A code file of a folder by its base name: `<name>.js` in the compiled build (`npm start`
 * runs build/server), `<name>.ts` in the sources (tests, development); undefined when absent.
 */
export function codeFile(folder: string, name: string): string | undefined {
  return [join(folder, `${name}.js`), join(folder, `${name}.ts`)].find((f) => existsSync(f))
}
