import type { Knex } from 'knex'
import { registerJobHandler, scheduleJob } from '#core/jobs/index'
import { registerBootTask } from '#core/engine/boot_tasks'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { systemUpdate } from '#core/records/system_write'
import { tableOf } from '#core/records/entity_info'
import { isUrlReference, retentionDays } from './storage.js'
import { recordingStore } from './store.js'

export const PURGE_QUEUE = 'telephony.recordings_purge'
const BATCH = 200

/** Tomorrow at 03:00 UTC (a quiet hour in Kyiv), from `now`. */
export function nextPurgeAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3))
}

/** Queues the purge of `at`'s day once (two nodes, a restart: one job). */
export function schedulePurge(db: Knex | Knex.Transaction, at: Date) {
  return scheduleJob(db, { queue: PURGE_QUEUE, runAt: at, dedupeKey: `telephony:recordings_purge:${at.toISOString().slice(0, 10)}` })
}

/**
 * The daily retention purge: calls older than the retention (by their end, start or creation)
 * lose their recording reference through a system write (audit `call.recording_purged`, reason
 * hook `recording_retention`), then their files are deleted from the store (the local folder
 * or the S3 bucket, store.ts); files in the store older than the retention that no call names
 * any more go too. Returns what it did.
 */
export async function purgeRecordings(now = new Date()): Promise<{ cleared: number; files: number }> {
  const days = retentionDays()
  if (!days) return { cleared: 0, files: 0 }
  const cutoff = new Date(now.getTime() - days * 86_400_000)
  const entity = engine.set.entity('call')
  if (!entity?.fields.recording) return { cleared: 0, files: 0 }
  const store = recordingStore()
  let cleared = 0
  let files = 0
  for (;;) {
    const refs: string[] = []
    const n = await engine.knex.transaction(async (trx) => {
      const rows = await trx(tableOf(entity)).whereNotNull('recording').whereRaw('coalesce(ended_at, started_at, created_at) < ?', [cutoff]).orderBy('id').limit(BATCH).forUpdate().skipLocked()
      const op = { set: engine.set, actor: SYSTEM_ACTOR, db: trx }
      for (const row of rows) {
        const ref = String(row.recording)
        if (!isUrlReference(ref)) refs.push(ref)
        await systemUpdate(op, 'call', row, { recording: null }, { action: 'call.recording_purged', reason: { kind: 'hook', name: 'recording_retention' } })
      }
      return rows.length
    })
    // after the commit: a crash here leaves a file no call names, which the sweep below removes
    for (const ref of refs) if (await store.remove(ref)) files++
    cleared += n
    if (n < BATCH) break
  }
  files += await store.sweep(cutoff)
  return { cleared, files }
}

registerJobHandler(PURGE_QUEUE, {
  async handle(job) {
    await purgeRecordings()
    await schedulePurge(engine.knex, nextPurgeAt(new Date(Math.max(Date.now(), job.runAt.getTime()))))
  },
})

// the chain of daily jobs starts at the first boot (and restarts if a job was ever lost)
registerBootTask('telephony_recordings_purge', async (knex) => {
  await schedulePurge(knex, nextPurgeAt(new Date()))
})
