#!/usr/bin/env node
/**
 * Builds the operator's app into build/ui when it is missing or older than its sources, so
 * `npm start` (prestart) and the browser specs always serve a current build, and a fresh
 * `npm ci && npm start` needs nothing but Node.js. `--force` rebuilds anyway.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const output = fileURLToPath(new URL('../../build/ui/index.html', import.meta.url))
const modulesDir = join(here, '../../modules')
/** The app, the admin builder's screens and the modules' screens (`modules/<m>/ui`). */
const sources = [
  join(here, 'src'),
  join(here, 'index.html'),
  join(here, 'vite.config.ts'),
  join(here, '../../admin-builder/ui'),
  ...readdirSync(modulesDir).map((m) => join(modulesDir, m, 'ui')),
].filter((p) => existsSync(p))

function newest(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

export function uiBuildIsCurrent() {
  return existsSync(output) && statSync(output).mtimeMs >= Math.max(...sources.map(newest))
}

export async function ensureUiBuild({ force = false } = {}) {
  if (!force && uiBuildIsCurrent()) return false
  const started = Date.now()
  console.log('building the operator app (core/ui → build/ui)…')
  const { build } = await import('vite')
  await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' })
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return true
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureUiBuild({ force: process.argv.includes('--force') })
}
