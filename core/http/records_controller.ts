import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { list, get } from '#core/records/read'
import { create, update, remove } from '#core/records/write'
import { importRows, rowsFromCsv } from '#core/records/import'
import { exportRecords } from '#core/records/export'
import { exportTable } from '#core/records/export_table'
import { csvStream, xlsxStream } from '#core/records/export_xlsx'
import { bulkApply, commonTransitions, parseBulk } from '#core/records/bulk'
import { pickLocale } from '#core/validation/messages'
import { allowedTransitions, applyTransition } from '#core/workflow/engine'
import { entityFor, type OpContext } from '#core/records/context'
import { parseListParams, ifMatchVersion, parseColumns } from './params.js'
import { badRequest, Problem } from '#core/errors/problem'

/** Records are written as JSON: anything else is refused before it is misread. */
function requireJson(ctx: HttpContext) {
  const type = ctx.request.header('content-type') ?? ''
  if (!/^application\/(.+\+)?json/i.test(type)) throw new Problem('unsupported-media-type', [], {}, 'send the record as application/json')
}

/** One controller for every entity: `/api/v1/records/:entity[/:id]`. */
export default class RecordsController {
  #ctx(ctx: HttpContext): OpContext {
    return { set: engine.set, actor: ctx.actor, db: engine.knex }
  }

  async index(ctx: HttpContext) {
    return list(this.#ctx(ctx), ctx.params.entity, parseListParams(ctx.request.qs()))
  }

  async show(ctx: HttpContext) {
    const { include, fields } = parseListParams(ctx.request.qs())
    const result = await get(this.#ctx(ctx), ctx.params.entity, ctx.params.id, { include, fields })
    ctx.response.header('etag', `"${result.data.version ?? ''}"`)
    return result
  }

  async store(ctx: HttpContext) {
    requireJson(ctx)
    const record = await create(this.#ctx(ctx), ctx.params.entity, ctx.request.body())
    ctx.response.status(201).header('location', `/api/v1/records/${ctx.params.entity}/${record.id}`)
    return { data: record }
  }

  async update(ctx: HttpContext) {
    requireJson(ctx)
    const op = this.#ctx(ctx)
    await update(op, ctx.params.entity, ctx.params.id, ctx.request.body(), ifMatchVersion(ctx.request.header('if-match')))
    return get(op, ctx.params.entity, ctx.params.id).catch(() => ({ data: { id: ctx.params.id } }))
  }

  async destroy(ctx: HttpContext) {
    await remove(this.#ctx(ctx), ctx.params.entity, ctx.params.id, ifMatchVersion(ctx.request.header('if-match')))
    ctx.response.status(204)
  }

  /** GET /api/v1/records/:entity/:id/transitions — what the caller may do now (for the screens). */
  async transitions(ctx: HttpContext) {
    return allowedTransitions(this.#ctx(ctx), ctx.params.entity, ctx.params.id)
  }

  /** POST /api/v1/records/:entity/:id/transitions/:transition — body: the transition's fields, `version`. */
  async transition(ctx: HttpContext) {
    requireJson(ctx)
    const op = this.#ctx(ctx)
    await applyTransition(op, ctx.params.entity, ctx.params.id, ctx.params.transition, ctx.request.body())
    return get(op, ctx.params.entity, ctx.params.id).catch(() => ({ data: { id: ctx.params.id } }))
  }

  /** POST /api/v1/records/:entity/import?partial=true — JSON array or `{rows: [...]}`, or CSV text. */
  async import(ctx: HttpContext) {
    const op = this.#ctx(ctx)
    const partial = ctx.request.qs().partial === 'true'
    const type = ctx.request.header('content-type') ?? ''
    let rows: unknown
    if (type.startsWith('text/csv')) {
      const { entity } = entityFor(op, ctx.params.entity, 'import')
      rows = rowsFromCsv(entity, String(ctx.request.raw() ?? ''))
    } else {
      const body = ctx.request.body() as any
      rows = Array.isArray(body) ? body : body?.rows
      if (!Array.isArray(rows)) {
        // bodyparser turns a top-level JSON array into an object with numeric keys
        const raw = ctx.request.raw()
        try {
          const parsed = raw ? JSON.parse(raw) : undefined
          rows = Array.isArray(parsed) ? parsed : parsed?.rows
        } catch {
          rows = undefined
        }
      }
      if (!Array.isArray(rows)) throw badRequest('expected a JSON array of records or {"rows": [...]}', [{ pointer: '/rows', message: 'expected an array', code: 'type' }])
    }
    const result = await importRows(op, ctx.params.entity, rows as unknown[], partial)
    ctx.response.status(result.errors.length ? 207 : 201)
    return result
  }

  /**
   * GET /api/v1/records/:entity/export?format=csv|json plus the list filters: every readable
   * field by name. With `columns=a,b,ref.c` (the list's visible columns) or `format=xlsx`: those
   * columns as the list shows them, headers in `lang` (else Accept-Language), streamed.
   */
  async export(ctx: HttpContext) {
    const qs = ctx.request.qs()
    const format = qs.format === 'json' ? 'json' : qs.format === 'xlsx' ? 'xlsx' : 'csv'
    const columns = parseColumns(qs.columns)
    const filename = (ext: string) => `attachment; filename="${ctx.params.entity}.${ext}"`
    if (format === 'xlsx' || columns) {
      if (format === 'json') throw badRequest('columns apply to csv and xlsx', [{ pointer: '/format', message: 'csv or xlsx', code: 'bad_value' }])
      if (!columns) throw badRequest('columns are required for xlsx', [{ pointer: '/columns', message: 'required', code: 'required' }])
      const locale = qs.lang === 'en' || qs.lang === 'uk' ? qs.lang : pickLocale(ctx.request.header('accept-language'))
      const op = this.#ctx(ctx)
      const table = await exportTable(op, ctx.params.entity, parseListParams(qs), columns, locale)
      const label = op.set.entity(ctx.params.entity)!.label
      ctx.response.header('content-disposition', filename(format))
      if (format === 'xlsx') {
        ctx.response.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        return ctx.response.stream(xlsxStream(table, (locale === 'en' ? label.en : undefined) ?? label.uk))
      }
      ctx.response.header('content-type', 'text/csv; charset=utf-8')
      return ctx.response.stream(csvStream(table))
    }
    const { body, contentType } = await exportRecords(this.#ctx(ctx), ctx.params.entity, parseListParams(qs), format)
    ctx.response.header('content-type', contentType)
    ctx.response.header('content-disposition', filename(format))
    return body
  }

  /**
   * POST /api/v1/records/:entity/bulk — `{action: {type: transition|update|delete, …}, items:
   * [{id, version}]}`: each record through the ordinary write path, a result for each.
   */
  async bulk(ctx: HttpContext) {
    requireJson(ctx)
    const { action, items } = parseBulk(ctx.request.body())
    const results = await bulkApply(this.#ctx(ctx), ctx.params.entity, action, items)
    const done = results.filter((r) => r.ok).length
    return { results, done, refused: results.length - done }
  }

  /** POST /api/v1/records/:entity/bulk/transitions — `{ids}`: the transitions possible on all of them now. */
  async bulkTransitions(ctx: HttpContext) {
    requireJson(ctx)
    return { transitions: await commonTransitions(this.#ctx(ctx), ctx.params.entity, (ctx.request.body() as any)?.ids) }
  }
}
