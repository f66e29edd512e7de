import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { engine } from '#core/engine/engine'
import { authenticate, actorOf, CSRF_HEADER, type Authenticated } from '#core/auth/identity'
import { secondFactorRequired } from '#core/auth/two_factor'
import { pickLocale } from '#core/validation/messages'
import { Problem } from '#core/errors/problem'
import type { Actor } from '#core/permissions/actor'

declare module '@adonisjs/core/http' {
  interface HttpContext {
    actor: Actor
    /** How the caller signed in (token or session, second factor). */
    credential: Authenticated
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Resolves the caller (API token or session cookie with CSRF) and requires one. The metadata
 * API (and the builder on it) refuses users whose roles require the second factor
 * (VIKNO_REQUIRE_2FA) when their session did not pass it: 403 `second-factor-setup-required`.
 */
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
    ctx.credential = found
    if (!found.secondFactor && ctx.request.url().startsWith('/api/v1/meta') && secondFactorRequired(engine.set, ctx.actor.roles)) {
      throw new Problem('second-factor-setup-required', [{ pointer: '', message: 'sign in with a second factor to change metadata', code: 'second_factor_required' }])
    }
    return next()
  }
}
