/** The server's CPU profile (`--profile`): where its time went, by benchmark phase (bench/run.ts). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, fmt, log, marks, pct } from './options.js'

// ---------------------------------------------------------------------------------------------
// server CPU profile (--profile)

export interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

export interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** The V8 CPU profiler on this process (node:inspector), for in-process benchmarks. */
export async function startInProcessProfile() {
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }
      session.disconnect()
      return profile
    },
  }
}

export async function printProfile(dir: string) {
  const { readdir } = await import('node:fs/promises')
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'))
  if (!files.length) return log(`\n(no CPU profile in ${dir})`)
  const file = join(dir, files[0])
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  log(`\n== Server CPU profile: ${file}`)
  profileReport(prof, [{ label: 'whole run', from: -Infinity, to: Infinity }, ...marks])
}

/** Self time by package/folder and by function, per time window, plus inclusive time of the project's own functions. */
export function profileReport(prof: CpuProfile, windows: Array<{ label: string; from: number; to: number }>, indent = '') {
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]))
  const label = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT, '')
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
    const fn = n.callFrame.functionName || '(anonymous)'
    const group = pkg ?? (!url ? (fn.startsWith('(') ? fn : `(native ${fn})`) : url.startsWith('node:') ? 'node internals' : url.split('/').slice(0, 2).join('/'))
    return { group, fn: `${fn}${url ? ` ${url}:${n.callFrame.lineNumber + 1}` : ''}` }
  }
  const parent = new Map<number, number>()
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  for (const w of windows) {
    const inclusive = new Map<string, number>()
    const byFn = new Map<string, number>()
    const byGroup = new Map<string, number>()
    let t = prof.startTime
    let total = 0
    let idle = 0
    for (let i = 0; i < prof.samples.length; i++) {
      t += prof.timeDeltas[i]
      const dt = prof.timeDeltas[i + 1] ?? 0
      if (t < w.from || t > w.to || dt <= 0) continue
      const n = nodes.get(prof.samples[i])!
      total += dt
      if (n.callFrame.functionName === '(idle)') {
        idle += dt
        continue
      }
      const l = label(n)
      byFn.set(l.fn, (byFn.get(l.fn) ?? 0) + dt)
      byGroup.set(l.group, (byGroup.get(l.group) ?? 0) + dt)
      // inclusive time of the project's own functions (core/, modules/, bench/), once per stack
      const seen = new Set<string>()
      for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
        const f = nodes.get(id)!
        const url = f.callFrame.url.replace(/^file:\/\//, '')
        if (!url.startsWith(ROOT) || url.includes('node_modules')) continue
        const key = label(f).fn
        if (!seen.has(key)) {
          seen.add(key)
          inclusive.set(key, (inclusive.get(key) ?? 0) + dt)
        }
      }
    }
    if (!total) {
      log(`  ${w.label}: no samples in this window`)
      continue
    }
    const busy = total - idle
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
    log(`\n${indent}  ${w.label}: ${fmt(total / 1e6)} s sampled, main thread busy ${pct(busy / total)}; share of busy time:`)
    log(
      `${indent}    by package/folder: ${top(byGroup, 12)
        .map(([g, us]) => `${g} ${pct(us / busy)}`)
        .join(', ')}`
    )
    log(`${indent}    top functions (self):`)
    for (const [f, us] of top(byFn, 12)) log(`${indent}      ${pct(us / busy).padStart(5)}  ${f}`)
    log(`${indent}    project functions (inclusive: with what they call):`)
    for (const [f, us] of top(inclusive, 14)) log(`${indent}      ${pct(us / busy).padStart(5)}  ${f}`)
  }
}
