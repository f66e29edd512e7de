import { readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where `npm run build:ui` writes the app (git-ignored). VIKNO_UI_DIR overrides it. */
export function uiBuildDir(): string {
  return process.env.VIKNO_UI_DIR ?? fileURLToPath(new URL('../../../build/ui/', import.meta.url))
}

export function uiBuilt(): boolean {
  return existsSync(join(uiBuildDir(), 'index.html'))
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticFile {
  body: Buffer
  contentType: string
  /** Vite names built assets by their content hash: they never change under the same name. */
  immutable: boolean
}

/** A file of the build by its path below the app's base, or undefined (never outside the folder). */
export async function buildFile(relative: string): Promise<StaticFile | undefined> {
  const root = resolve(uiBuildDir())
  const path = resolve(root, '.' + sep + relative.replace(/^\/+/, ''))
  if (!path.startsWith(root + sep)) return undefined
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) return undefined
  const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
  return { body: await readFile(path), contentType: type, immutable: relative.startsWith('assets/') }
}

let cached: { mtime: number; html: string } | undefined

/** The built index.html; `<!--vikno:fallback-->` inside it is replaced by `fallback` (what shows before the app runs). */
export async function indexHtml(fallback: string): Promise<string> {
  const path = join(uiBuildDir(), 'index.html')
  const mtime = (await stat(path)).mtimeMs
  if (!cached || cached.mtime !== mtime) cached = { mtime, html: await readFile(path, 'utf8') }
  return cached.html.replace('<!--vikno:fallback-->', fallback)
}

/**
 * The app runs only its own scripts. The forms do not validate in the browser (the server does,
 * in the user's language), so rjsf's ajv never compiles a schema and 'unsafe-eval' is not needed;
 * the browser spec fails on any CSP refusal. Images may also come from the map's tile server
 * (VIKNO_MAP_TILES), when the deployment names one.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob:${tileSource(process.env.VIKNO_MAP_TILES)}`,
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** The CSP source of a tile URL template (` https://*.tile.example.org` for `{s}` subdomains), or ''. */
export function tileSource(template: string | undefined): string {
  if (!template?.trim()) return ''
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template.trim())
  if (!match) return ''
  const host = match[2].replace(/\{s\}/g, '*')
  return /^[\w.*:-]+$/.test(host) ? ` ${match[1].toLowerCase()}://${host}` : ''
}
