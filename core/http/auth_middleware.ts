import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { engine } from '#core/engine/engine'
import { authenticate, actorOf, CSRF_HEADER } from '#core/auth/identity'
import { pickLocale } from '#core/validation/messages'
import { Problem } from '#core/errors/problem'
import type { Actor } from '#core/permissions/actor'

declare module '@adonisjs/core/http' {
  interface HttpContext {
    actor: Actor
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Resolves the caller (API token or session cookie with CSRF) and requires one. */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const found = await authenticate(engine.knex, {
      cookie: ctx.request.header('cookie'),
      authorization: ctx.request.header('authorization'),
      csrf: ctx.request.header(CSRF_HEADER),
      unsafe: UNSAFE.has(ctx.request.method()),
    })
    if (!found) throw new Problem('unauthorized')
    ctx.actor = actorOf(found.user, pickLocale(ctx.request.header('accept-language')), ctx.request.id())
    return next()
  }
}
