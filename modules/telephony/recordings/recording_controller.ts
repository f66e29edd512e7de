import { Readable } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { notFound } from '#core/errors/problem'
import { get, isUuid } from '#core/records/read'
import { writeAudit } from '#core/audit/audit'
import { audioType, isUrlReference } from './storage.js'
import { recordingStore } from './store.js'
import { parseRange } from './range.js'

/** A listen is one audit row per user, call and this many minutes (a player asks for many ranges). */
const LISTEN_MINUTES = 10

/**
 * GET /api/v1/telephony/calls/:id/recording — the call's recording, with Range support, to
 * users who may read the call and its `recording` field through the records API (anyone else
 * gets 404, as for a call that does not exist). Every listen is audited
 * (`call.recording_listened`).
 */
export default class RecordingController {
  async show(ctx: HttpContext) {
    const id = String(ctx.params.id)
    if (!isUuid(id)) throw notFound()
    const op = { set: engine.set, actor: ctx.actor, db: engine.knex }
    const call = await get(op, 'call', id, { fields: ['recording'] }).catch(() => {
      throw notFound()
    })
    const ref = typeof call.data.recording === 'string' ? call.data.recording : ''
    if (!ref) throw notFound()
    if (isUrlReference(ref)) return this.proxy(ctx, id, ref)
    const store = recordingStore()
    const size = await store.size(ref)
    if (size === undefined) throw notFound()

    const range = parseRange(ctx.request.header('range'), size)
    ctx.response.header('accept-ranges', 'bytes')
    ctx.response.header('content-type', audioType(ref))
    ctx.response.header('cache-control', 'private, no-store')
    ctx.response.header('content-security-policy', "default-src 'none'")
    if (range === 'unsatisfiable') {
      ctx.response.header('content-range', `bytes */${size}`)
      ctx.response.status(416)
      return ''
    }
    await audited(ctx, id, range.whole ? undefined : `${range.start}-${range.end}`)
    if (range.whole) {
      ctx.response.header('content-length', String(size))
      ctx.response.stream(await store.read(ref))
      return
    }
    ctx.response.status(206)
    ctx.response.header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    ctx.response.header('content-length', String(range.end - range.start + 1))
    ctx.response.stream(await store.read(ref, { start: range.start, end: range.end }))
  }

  /** A recording kept by the PBX (an http(s) URL): fetched for the listener, Range passed on, redirects not followed. */
  private async proxy(ctx: HttpContext, id: string, url: string) {
    const range = ctx.request.header('range')
    const res = await fetch(url, { headers: range ? { range } : {}, redirect: 'manual', signal: AbortSignal.timeout(15_000) }).catch(() => undefined)
    if (!res || !(res.status === 200 || res.status === 206 || res.status === 416) || !res.body) throw notFound()
    if (res.status !== 416) await audited(ctx, id, res.headers.get('content-range') ?? undefined)
    ctx.response.status(res.status)
    for (const h of ['content-type', 'content-length', 'content-range', 'accept-ranges']) {
      const v = res.headers.get(h)
      if (v) ctx.response.header(h, v)
    }
    ctx.response.header('cache-control', 'private, no-store')
    ctx.response.stream(Readable.fromWeb(res.body as any))
  }
}

/** One audit row per listen (not per range the player asks for, even two at once). */
async function audited(ctx: HttpContext, callId: string, range: string | undefined) {
  await engine.knex.transaction(async (trx) => {
    // a player's parallel range requests: one of them writes the row
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`recording:${ctx.actor.id}:${callId}`])
    const recent = await trx('sys_audit')
      .where({ entity: 'call', record_id: callId, action: 'call.recording_listened', actor_id: ctx.actor.id })
      .where('at', '>', trx.raw(`now() - interval '${LISTEN_MINUTES} minutes'`))
      .first('id')
    if (!recent) await writeAudit(trx, ctx.actor, { entity: 'call', recordId: callId, action: 'call.recording_listened', changes: range ? { range } : {} })
  })
}
