import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { uiBootstrap } from '#core/http/ui/bootstrap'
import { APP_CSP, buildFile, indexHtml, uiBuilt } from '#core/http/ui/static_files'
import HomeController from './home_controller.js'
import { notFound } from '#core/errors/problem'

/**
 * The generated screens: `GET /api/v1/ui/bootstrap` (what the app needs to draw itself for the
 * caller), and the built React app (`npm run build:ui` → build/ui) at `/` and `/app/*`.
 * Without a build, `/` stays the plain home page.
 */
export default class UiController {
  async bootstrap(ctx: HttpContext) {
    const user = await engine.knex('sys_users').where({ id: ctx.actor.id }).first('login', 'name', 'locale')
    ctx.response.header('cache-control', 'no-store')
    return uiBootstrap(engine.set, ctx.actor, engine.revision, user ?? { login: ctx.actor.login ?? '', name: null, locale: null })
  }

  /** GET / */
  async home(ctx: HttpContext) {
    if (!uiBuilt()) return new HomeController().show(ctx)
    return this.#index(ctx)
  }

  /** GET /app and /app/*: a built file when one matches, else index.html for the client's routes. */
  async app(ctx: HttpContext) {
    if (!uiBuilt()) throw notFound()
    const rest = ctx.request.url().replace(/^\/app\/?/, '')
    const file = rest ? await buildFile(decodeURIComponent(rest)) : undefined
    if (file) {
      ctx.response.header('content-type', file.contentType)
      ctx.response.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      return ctx.response.send(file.body)
    }
    if (rest.startsWith('assets/')) throw notFound() // a missing asset is not a page
    return this.#index(ctx)
  }

  async #index(ctx: HttpContext) {
    ctx.response.header('content-type', 'text/html; charset=utf-8')
    ctx.response.header('cache-control', 'no-cache')
    ctx.response.header('content-security-policy', APP_CSP)
    return indexHtml(fallback())
  }
}

/** What the page says before the app starts, and all it says without JavaScript. */
function fallback() {
  const entities = engine.set.entities.map((e) => `<li><code>${e.key}</code> — ${escape(e.label.uk)}${e.label.en ? ` / ${escape(e.label.en)}` : ''}</li>`).join('')
  return `<main class="boot"><h1>Вікно</h1>
<p>Платформа міського контакт-центру: робоче місце завантажується…</p>
<p lang="en">The city contact-center platform: the workplace is loading…</p>
<noscript><p>Для роботи потрібен JavaScript. Доступний API: <code>/api/v1/openapi.json</code>. / JavaScript is required; the API is available.</p>
<h2>Сутності / Entities</h2><ul>${entities}</ul></noscript></main>`
}

function escape(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
