import type { Knex } from 'knex'
import { Cron } from 'croner'
import type { MetadataSet } from '#core/metadata/set'
import { scheduleJob } from '#core/jobs/index'
import type { AutomationDoc } from './trigger.js'

/**
 * Scheduled automations (`on: { event: 'schedule', cron: '0 8 * * 1' }`).
 *
 * - The cron expression (5 fields: minute hour day month weekday) is read in Europe/Kyiv, summer
 *   time included: a local time the spring change skips (03:30 on the last Sunday of March)
 *   fires once at the change; one the autumn change repeats fires once, at its first
 *   occurrence.
 * - Each tick is one durable job of the `automation.schedule` queue whose dedupe key holds the
 *   automation and the tick's instant (`auto:schedule:<key>:<ISO>`), so however many nodes
 *   schedule it, it exists once and runs once (core/jobs).
 * - Only the next tick is ever queued: by the ticker every node runs (at start, after each
 *   metadata reload and every minute), and by the tick's own job once it ran. After a downtime
 *   the tick that was pending runs once, late; the ticks missed meanwhile are not replayed.
 */

export const SCHEDULE_QUEUE = 'automation.schedule'
export const SCHEDULE_TIMEZONE = 'Europe/Kyiv'

/** The payload of a tick's job. */
export interface ScheduleTick {
  automation: string
  /** The tick's instant (ISO, UTC). */
  tick: string
}

function cron(expression: string) {
  return new Cron(expression, { timezone: SCHEDULE_TIMEZONE, paused: true })
}

/** Why `expression` is not a cron expression Vikno runs, or undefined when it is. */
export function cronProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string' || !expression.trim()) return 'a schedule needs a cron expression ("0 8 * * 1": Mondays at 08:00)'
  const fields = expression.trim().split(/\s+/).length
  if (fields !== 5) return `a cron expression has 5 fields (minute hour day month weekday), not ${fields}`
  try {
    if (!cron(expression).nextRun(new Date())) return 'this cron expression never fires'
  } catch (error) {
    return String((error as Error).message ?? error).replace(/^CronPattern: /, '')
  }
  return undefined
}

/** The first tick strictly after `after`, or null when there is none. */
export function nextTick(expression: string, after: Date): Date | null {
  return cron(expression).nextRun(after)
}

/** Whether `expression` fires at `at` (the instant a tick job was queued for). */
export function firesAt(expression: string, at: Date): boolean {
  try {
    return nextTick(expression, new Date(at.getTime() - 1000))?.getTime() === at.getTime()
  } catch {
    return false
  }
}

/** The enabled scheduled automations of `set`. */
export function scheduledAutomations(set: MetadataSet): AutomationDoc[] {
  return set.list<AutomationDoc>('automation').filter((a) => a.enabled !== false && a.on.event === 'schedule' && !cronProblem(a.on.cron))
}

/** Queues the next tick of `doc` after `after` (nothing when it is already queued). Returns the tick. */
export async function queueNextTick(db: Knex | Knex.Transaction, doc: AutomationDoc, after: Date): Promise<Date | null> {
  const tick = nextTick(doc.on.cron!, after)
  if (!tick) return null
  const payload: ScheduleTick = { automation: doc.key, tick: tick.toISOString() }
  await scheduleJob(db, { queue: SCHEDULE_QUEUE, runAt: tick, payload, dedupeKey: `auto:schedule:${doc.key}:${payload.tick}` })
  return tick
}

/** Queues the next tick of every scheduled automation (what the ticker does). */
export async function queueScheduleTicks(db: Knex | Knex.Transaction, set: MetadataSet, now = new Date()): Promise<number> {
  let n = 0
  for (const doc of scheduledAutomations(set)) if (await queueNextTick(db, doc, now)) n++
  return n
}

export interface ScheduleTicker {
  stop(): Promise<void>
}

/**
 * Runs `queueScheduleTicks` now, every `intervalMs` and whenever `onChange` fires (a metadata
 * reload), one at a time. Every node runs one: the dedupe keys make them agree.
 */
export function startScheduleTicker(options: {
  knex: Knex
  set: () => MetadataSet
  intervalMs?: number
  subscribe?: (listener: () => void) => () => void
  onError?: (error: unknown) => void
}): ScheduleTicker {
  const { knex, intervalMs = 60_000, onError = (e) => console.error('schedule ticker:', e) } = options
  let running: Promise<void> = Promise.resolve()
  let again = false
  let stopped = false
  const tick = () => {
    if (stopped) return
    if (again) return
    again = true
    running = running.then(async () => {
      again = false
      if (stopped) return
      await queueScheduleTicks(knex, options.set()).catch(onError)
    })
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  const unsubscribe = options.subscribe?.(tick)
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      unsubscribe?.()
      await running
    },
  }
}
