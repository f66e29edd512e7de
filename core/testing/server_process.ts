import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface ServerProcess {
  url: string
  proc: ChildProcess
  output(): string
  stop(): Promise<number | null>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as any).port
      s.close(() => resolve(port))
    })
  })
}

/** The HEALTH_TOKEN of spawned servers: `health()` reads their /health details with it. */
export const TEST_HEALTH_TOKEN = 'spawned-server-health-token'

/** A spawned server's /health with its details (node, revision, adapter). */
export async function health(url: string): Promise<any> {
  return (await fetch(`${url}/health`, { headers: { authorization: `Bearer ${TEST_HEALTH_TOKEN}` } })).json()
}

function childEnv(env: Record<string, string | undefined>) {
  const base: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', VIKNO_DEMO: 'false', HEALTH_TOKEN: TEST_HEALTH_TOKEN }
  delete base.DATABASE_URL
  delete base.VIKNO_EXTRA_MODULES
  return { ...base, ...env } as NodeJS.ProcessEnv
}

/** `bin/server.ts` in a child process on a free port, its output collected. */
async function spawnServer(env: Record<string, string | undefined>) {
  const port = await freePort()
  const proc = spawn(process.execPath, ['--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
    cwd: ROOT,
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { text: '' }
  proc.stdout!.on('data', (d) => (output.text += d))
  proc.stderr!.on('data', (d) => (output.text += d))
  return { port, proc, output }
}

/**
 * Starts `bin/server.ts` as a separate process (a real restart, a second node) and waits for
 * /health. Rejects with the process output when it exits before becoming healthy.
 */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<ServerProcess> {
  const { port, proc, output } = await spawnServer(env)
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  let done = false
  exited.then(() => (done = true))
  while (!done && Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) break
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  if (done || Date.now() >= deadline) {
    proc.kill('SIGKILL')
    throw Object.assign(new Error(`server did not start:\n${output.text}`), { output: output.text, code: await exited })
  }
  return {
    url,
    proc,
    output: () => output.text,
    async stop() {
      proc.kill('SIGINT')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

/** Runs the server until it exits on its own (e.g. invalid metadata); returns code and output. */
export async function runServerToExit(env: Record<string, string | undefined>, timeoutMs = 90_000) {
  const { proc, output } = await spawnServer(env)
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve))
  clearTimeout(timer)
  return { code, output: output.text }
}

/** `node ace <args>` with the given environment. */
export async function runAce(args: string[], env: Record<string, string | undefined>) {
  const proc = spawn(process.execPath, ['ace.js', ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve))
  if (code !== 0) throw new Error(`ace ${args.join(' ')} failed (${code}):\n${out}`)
  return out
}
