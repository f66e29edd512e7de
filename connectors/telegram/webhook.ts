/**
 * Webhook mode: registering our URL with Telegram (`setWebhook` with the `secret_token`) and
 * keeping it registered, and checking what Telegram posts to it. Telegram signs nothing: it
 * sends the secret back in `X-Telegram-Bot-Api-Secret-Token`, compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { ConnectorContext, WebhookRequest } from '#core/connectors/types'
import type { Update } from 'grammy/types'
import { backoff } from '#core/connectors/breaker'
import { describeError, type BotClient } from './client.js'
import { ALLOWED_UPDATES } from './map_update.js'
import { sleep } from './rate_limit.js'

/** Telegram's header with the webhook's secret_token. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token'
/** Bigger than any update Telegram sends (the text of a message is at most 4096 characters). */
export const MAX_UPDATE_BYTES = 1_000_000

/** Equal strings, compared in constant time whatever their lengths. */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb) && a.length === b.length
}

/** Whether the request carries the instance's secret token. */
export function hasSecret(req: WebhookRequest, secret: string): boolean {
  const entry = Object.entries(req.headers).find(([name]) => name.toLowerCase() === SECRET_HEADER)
  return !!entry?.[1] && safeEqual(entry[1], secret)
}

/** The body as an Update, or the reason it is not one. */
export function parseUpdate(raw: Buffer): Update | string {
  if (raw.length > MAX_UPDATE_BYTES) return `the update is larger than ${MAX_UPDATE_BYTES} bytes`
  let body: any
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    return 'the body is not JSON'
  }
  if (!body || typeof body !== 'object' || !Number.isSafeInteger(body.update_id)) return 'the body is not a Telegram update (no update_id)'
  return body as Update
}

export interface KeepDeps {
  ctx: ConnectorContext
  client: BotClient
  url: string
  secret: string
  checkIntervalSeconds: number
  health(status: 'up' | 'down', detail: string): void
}

/**
 * Sets the webhook, then checks the Bot API every `checkIntervalSeconds` (getWebhookInfo):
 * health down while it cannot be reached, the webhook set again when it points elsewhere.
 * Runs until the client's signal aborts; never throws.
 */
export async function keepWebhook({ ctx, client, url, secret, checkIntervalSeconds, health }: KeepDeps): Promise<void> {
  let attempt = 0
  let registered = false
  let bot = ''
  while (!client.signal.aborted) {
    try {
      if (!registered) {
        const me = await client.api.getMe(client.apiSignal)
        await client.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }, client.apiSignal)
        ctx.log({ direction: 'out', operation: 'setWebhook', status: 'ok', payload: { url } })
        registered = true
        bot = `@${me.username}: `
      } else {
        const info = await client.api.getWebhookInfo(client.apiSignal)
        if (info.url !== url) {
          registered = false
          continue
        }
      }
      health('up', `${bot}webhook set`)
      attempt = 0
      await sleep(checkIntervalSeconds * 1000, client.signal)
    } catch (error) {
      if (client.signal.aborted) return
      const detail = describeError(error)
      health('down', detail)
      ctx.log({ direction: 'out', operation: registered ? 'getWebhookInfo' : 'setWebhook', status: 'error', error: detail })
      await sleep(backoff(++attempt), client.signal).catch(() => {})
    }
  }
}
