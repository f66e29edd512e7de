import app from '@adonisjs/core/services/app'
import { ExceptionHandler, type HttpContext } from '@adonisjs/core/http'
import { Problem } from '#core/errors/problem'
import { MetadataError } from '#core/metadata/problems'
import { pickLocale } from '#core/validation/messages'

/**
 * Every error leaves as RFC 9457 problem+json in the caller's language. Unexpected errors
 * are logged with the request id and answered without internals.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  async handle(error: unknown, ctx: HttpContext) {
    const locale = pickLocale(ctx.request.header('accept-language'))
    let problem: Problem
    if (error instanceof Problem) problem = error
    else if (error instanceof MetadataError) problem = new Problem('validation', error.toFieldErrors())
    else {
      const e = error as any
      const status = Number(e?.status ?? 500)
      if (status === 404) problem = new Problem('not-found')
      else if (status === 400 || e?.code === 'E_INVALID_JSON' || e?.type === 'entity.parse.failed')
        problem = new Problem('bad-request', [{ pointer: '/', message: 'invalid JSON body', code: 'invalid_json' }], {}, 'invalid request body')
      else if (status === 413) problem = new Problem('bad-request', [{ pointer: '/', message: 'request body too large', code: 'too_large' }], {}, 'request body too large')
      else if (status === 415) problem = new Problem('unsupported-media-type')
      // any other client error of the framework (body parser, router) is the caller's, never a 500
      else if (status > 400 && status < 500)
        problem = new Problem('bad-request', [{ pointer: '/', message: String(e?.message ?? 'bad request').slice(0, 200), code: String(e?.code ?? 'bad_request') }], {}, 'invalid request')
      else {
        ctx.logger.error({ err: error, requestId: ctx.request.id() }, 'unhandled error')
        problem = new Problem('internal', [], { requestId: ctx.request.id() }, 'internal error')
      }
    }
    if (typeof problem.extensions.retryAfter === 'number') ctx.response.header('retry-after', String(problem.extensions.retryAfter))
    ctx.response
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(JSON.stringify(problem.toJSON(locale, ctx.request.url())))
  }

  async report(error: unknown, ctx: HttpContext) {
    if (error instanceof Problem || error instanceof MetadataError) return
    return super.report(error, ctx)
  }
}
