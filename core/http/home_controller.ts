import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'

/** GET /: until the screens arrive, a page that says what runs here and where to go. */
export default class HomeController {
  async show(ctx: HttpContext) {
    ctx.response.header('content-type', 'text/html; charset=utf-8')
    ctx.response.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    const entities = engine.set.entities.map((e) => `<li><code>${e.key}</code> — ${escape(e.label.uk)}${e.label.en ? ` / ${escape(e.label.en)}` : ''}</li>`).join('')
    return `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Вікно — Vikno</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem;color:#1d2733}code{background:#eef2f6;padding:0 .25rem}</style></head>
<body><h1>Вікно</h1>
<p>Платформа міського контакт-центру працює. Екрани оператора зʼявляться згодом; зараз доступний API.</p>
<p lang="en">The city contact-center platform is running. The operator screens come later; the API is available now.</p>
<ul><li><a href="/health">/health</a> — стан / status (ревізія метаданих ${engine.revision})</li>
<li><code>POST /api/v1/auth/login</code> — вхід / log in</li>
<li><code>/api/v1/openapi.json</code> — опис API для користувача / the API for the logged-in user</li></ul>
<h2>Сутності / Entities</h2><ul>${entities}</ul></body></html>`
  }
}

function escape(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
