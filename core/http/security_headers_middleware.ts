import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

const SAFE_ID = /^[A-Za-z0-9._:-]{8,64}$/

/**
 * Every request gets an id (the caller's X-Request-Id when it is sane, else a new UUID),
 * echoed in the response and written with each audit row; and conservative headers. API
 * answers carry personal data, so no cache (browser, proxy) keeps them; HTTPS requests (direct
 * or through a trusted proxy, TRUSTED_PROXIES) get HSTS.
 */
export default class SecurityHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const given = ctx.request.header('x-request-id')
    const id = given && SAFE_ID.test(given) ? given : randomUUID()
    ctx.request.request.headers['x-request-id'] = id
    ctx.response.header('x-request-id', id)
    ctx.response.header('x-content-type-options', 'nosniff')
    ctx.response.header('referrer-policy', 'same-origin')
    ctx.response.header('x-frame-options', 'DENY')
    if (ctx.request.url().startsWith('/api/')) ctx.response.header('cache-control', 'no-store')
    if (ctx.request.secure()) ctx.response.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
    const started = Date.now()
    await next()
    // at debug level: the address with its query (a phone searched with q= is masked by the logger)
    ctx.logger.debug({ requestId: id, method: ctx.request.method(), url: ctx.request.url(true), status: ctx.response.getStatus(), ms: Date.now() - started }, 'request')
  }
}
