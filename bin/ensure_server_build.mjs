#!/usr/bin/env node
/**
 * Compiles the server's TypeScript into plain JavaScript in build/server when it is missing or
 * older than its sources, so `npm start` (prestart) runs compiled code and no process pays for
 * transpiling at run time (ts-node stays for tests, benchmarks and development). `--force`
 * rebuilds anyway.
 *
 * build/server is a self-contained application root, as AdonisJS's own build is: the compiled
 * code, and beside it the files the server reads relative to its root (package.json for the
 * `#core/*` imports, metadata/, the modules' and seeds' JSON). Each file is transpiled on its
 * own by swc, with the decorators ts-node's swc mode compiles today; types are `npm run
 * typecheck`'s job, not the start's.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const output = join(root, 'build', 'server')
const stamp = join(output, '.built')
/** What the server runs or reads; the operator's app (ui folders), specs and benchmarks are not part of it. */
// (.env too, when there is one: AdonisJS reads it from the application root)
const included = ['adonisrc.ts', 'package.json', '.env', 'bin', 'core', 'modules', 'connectors', 'admin-builder', 'metadata', 'seeds']
const skipped = (rel) =>
  /(^|\/)(node_modules|ui\/src|screenshots|testing)(\/|$)/.test(rel) ||
  /^(admin-builder|modules\/[^/]+|connectors\/[^/]+)\/ui(\/|$)/.test(rel) ||
  rel === 'core/ui/vite.config.ts' ||
  rel === 'core/ui/index.html' ||
  /\.spec\.ts$|\.mjs$|\.sh$|\.md$|\.css$|\.tsx$/.test(rel)

/** Files of the server, relative to the root. */
function sourceFiles() {
  const out = []
  const walk = (rel) => {
    const path = join(root, rel)
    if (!existsSync(path) || skipped(rel)) return
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) walk(rel ? `${rel}/${name}` : name)
    else out.push(rel)
  }
  for (const entry of included) walk(entry)
  return out
}

/** The build is current when it was made from the same files (none added, moved or removed) and none changed since. */
export function serverBuildIsCurrent(files = sourceFiles()) {
  if (!existsSync(stamp)) return false
  const built = statSync(stamp).mtimeMs
  if (readFileSync(stamp, 'utf8').split('\n').slice(1).join('\n') !== files.join('\n')) return false
  return files.every((rel) => statSync(join(root, rel)).mtimeMs <= built)
}

/** One file, as ts-node's swc mode compiles it (target ES2022, legacy decorators with metadata). */
async function compile(transform, rel) {
  const source = await readFile(join(root, rel), 'utf8')
  const { code } = await transform(source, {
    filename: rel,
    sourceMaps: 'inline',
    module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    },
  })
  return code
}

export async function ensureServerBuild({ force = false } = {}) {
  const files = sourceFiles()
  if (!force && serverBuildIsCurrent(files)) return false
  const started = Date.now()
  console.log('compiling the server (TypeScript → build/server)…')
  const { transform } = await import('@swc/core')
  rmSync(output, { recursive: true, force: true })
  const code = files.filter((rel) => rel.endsWith('.ts'))
  for (const rel of files) {
    mkdirSync(dirname(join(output, rel)), { recursive: true })
    if (!rel.endsWith('.ts')) cpSync(join(root, rel), join(output, rel))
  }
  await Promise.all(code.map(async (rel) => writeFile(join(output, rel.replace(/\.ts$/, '.js')), await compile(transform, rel))))
  // the operator's app stays where `npm run build:ui` puts it: build/ui, at the same place
  // relative to the compiled code as to the sources
  mkdirSync(join(output, 'build'), { recursive: true })
  symlinkSync(relative(join(output, 'build'), join(root, 'build', 'ui')), join(output, 'build', 'ui'))
  // when, then the files it was made from
  writeFileSync(stamp, [new Date().toISOString(), ...files].join('\n'))
  console.log(`compiled ${code.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return true
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureServerBuild({ force: process.argv.includes('--force') })
}
