/**
 * What every benchmark needs: a free port, percentiles, a throwaway PostgreSQL database, a
 * server process started like `npm start` (production mode, its log in the data folder, up
 * when /health says so), and the API with a session or a personal token.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`

export function percentile(samples: number[], p: number) {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** Drops and creates the database of `url`; refuses a name without "bench". */
export async function recreateDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''))
  if (!/bench/i.test(name)) throw new Error(`refusing to drop database "${name}": its name must contain "bench"`)
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const c = new pg.Client({ connectionString: maintenance.toString(), application_name: 'vikno-bench' })
  await c.connect()
  try {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${ident(name)}`)
  } finally {
    await c.end()
  }
  return name
}

export interface Server {
  url: string
  proc: ChildProcess
  logFile: string
  stop(): Promise<void>
}

export interface ServerOptions {
  dataDir: string
  databaseUrl: string
  /** More environment (e.g. VIKNO_EXTRA_MODULES); `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  /** Writes a CPU profile into `<dataDir>/profile`. */
  profile?: boolean
  /** Called when the server exits without being stopped. */
  onUnexpectedExit?(message: string): void
}

/** Starts `bin/server.ts` on a free port and waits until it is healthy (120 s at most). */
export async function startServer(options: ServerOptions): Promise<Server> {
  const { dataDir } = options
  const port = await freePort()
  const logFile = join(dataDir, 'server.log')
  const out = createWriteStream(logFile)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    VIKNO_DATA_DIR: dataDir,
    VIKNO_DEMO: 'false',
    LOG_LEVEL: 'warn',
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  const profileArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dataDir, 'profile')}`] : []
  const proc = spawn(process.execPath, [...profileArgs, '--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout!.pipe(out)
  proc.stderr!.pipe(out)
  let exited = false
  let stopping = false
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      exited = true
      if (!stopping) options.onUnexpectedExit?.(`the server exited unexpectedly (code ${code}, signal ${signal}); log: ${logFile}`)
      resolve()
    })
  )
  const url = `http://127.0.0.1:${port}`
  const tail = () => readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')
  const deadline = Date.now() + 120_000
  for (;;) {
    if (exited) throw new Error(`the server exited during start:\n${tail()}`)
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`the server did not become healthy in 120 s:\n${tail()}`)
    }
    try {
      const res = await fetch(`${url}/health`)
      const body: any = await res.json()
      if (res.ok && body?.ok === true) break
    } catch {}
    await sleep(250)
  }
  return {
    url,
    proc,
    logFile,
    async stop() {
      if (exited) return
      stopping = true
      proc.kill('SIGINT')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
      await exit
      clearTimeout(timer)
    },
  }
}

export interface Session {
  cookie: string
  csrf: string
}

/** One API call with a token or a session; the body parsed when it is JSON. */
export async function api(base: string, method: string, path: string, opts: { token?: string; body?: unknown; cookie?: string; csrf?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (opts.cookie) headers.cookie = opts.cookie
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
  const text = await res.text()
  let body: any
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = text
  }
  return { status: res.status, headers: res.headers, body, text }
}

/** Logs in through the API: the session cookie and its CSRF token. */
export async function login(base: string, login: string, password: string): Promise<Session> {
  const res = await api(base, 'POST', '/api/v1/auth/login', { body: { login, password } })
  if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${res.text}`)
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('vikno_sid='))
    ?.split(';')[0]
  if (!cookie) throw new Error('login returned no vikno_sid cookie')
  return { cookie, csrf: res.body.csrfToken as string }
}

/** Logs in and creates a personal API token. */
export async function tokenFor(base: string, user: string, password: string) {
  const session = await login(base, user, password)
  const res = await api(base, 'POST', '/api/v1/auth/tokens', { ...session, body: { name: 'bench' } })
  if (res.status !== 201 || typeof res.body?.token !== 'string') throw new Error(`token for ${user} failed: ${res.status} ${res.text}`)
  return res.body.token as string
}
