import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#core/errors/problem'
import { rawBodyOf } from '#core/http/body_middleware'
import { runningInstance } from '#core/connectors/host'
import type { WebhookAnswer, WebhookRequest } from '#core/connectors/types'

/**
 * POST /api/v1/connectors/:key/webhook, on any node, with no session: the instance's type
 * verifies the request (a signature over the raw bytes, a token) and answers; the events it
 * returns are delivered after the answer left. Unknown, disabled or non-webhook instance: 404.
 * GET on the same URL (a peer checking it before it sends, as Zadarma's `?zd_echo=`) reaches
 * the type the same way, with an empty raw body (the body middleware reads bytes for POST only).
 */
export default class ConnectorWebhookController {
  async handle(ctx: HttpContext) {
    const run = runningInstance(String(ctx.params.key))
    const connector = run?.connector
    const context = run?.context
    if (!run || !run.manifest.webhook || !connector?.handleWebhook || !context) throw notFound()
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(ctx.request.headers())) headers[name] = Array.isArray(value) ? value.join(', ') : value
    const request: WebhookRequest = { method: ctx.request.method(), headers, query: ctx.request.qs(), rawBody: rawBodyOf(ctx) }
    const started = performance.now()
    let answer: WebhookAnswer
    try {
      answer = await connector.handleWebhook(request)
    } catch (error: any) {
      answer = { status: 500, body: { error: 'the connector failed to handle the webhook' } }
      context.log({ direction: 'in', operation: 'webhook', status: 'error', error: String(error?.message ?? error) })
    }
    const status = Number.isInteger(answer.status) && answer.status >= 200 && answer.status < 600 ? answer.status : 500
    context.log({ direction: 'in', operation: 'webhook', status: status < 300 ? 'ok' : status === 401 || status === 403 ? 'refused' : 'error', latencyMs: performance.now() - started })
    const events = status < 300 ? (answer.events ?? []) : []
    if (events.length) {
      ctx.response.response.once('close', () => {
        void (async () => {
          for (const event of events)
            await context
              .deliver(event)
              .catch((error) => context.log({ direction: 'in', operation: `event:${event.type}`, status: 'error', correlationId: event.idempotencyKey, error: String(error?.message ?? error) }))
        })()
      })
    }
    for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.response.header(name, value)
    ctx.response.status(status)
    if (answer.body === undefined) return ''
    return typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : ctx.response.json(answer.body)
  }
}
