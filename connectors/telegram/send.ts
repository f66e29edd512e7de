/**
 * `perform('send_message')` for Telegram: sendMessage in turn (RateLimiter), a 429 waited out
 * and sent again, the same idempotency key answered with the first result without sending
 * twice, and a user who blocked the bot reported both ways: the error says so and a
 * `message_in` kind `unsubscribed` tells the messaging module to stop writing to the chat.
 */
import type { ConnectorContext } from '#core/connectors/types'
import { SentOnce } from '#core/connectors/sent_once'
import type { SendMessageInput, SendMessageResult } from '#core/connectors/messaging'
import { describeError, GrammyError, type BotClient } from './client.js'
import { messagesOf } from './keyboard.js'
import type { RateLimiter } from './rate_limit.js'

export class Sender {
  /** The first result by idempotency key (memory and ctx.state); a failed send is forgotten so a retry sends. */
  readonly #sent: SentOnce<SendMessageResult>
  /** Each part of a two-message send (`<key>#<n>`): a retry after the second failed does not resend the first. */
  readonly #parts: SentOnce<string>

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly client: BotClient,
    private readonly limiter: RateLimiter
  ) {
    this.#sent = new SentOnce({
      state: ctx.state,
      onRepeat: (key) => ctx.log({ direction: 'out', operation: 'sendMessage', status: 'duplicate', correlationId: key }),
    })
    this.#parts = new SentOnce({ state: ctx.state, stateKey: 'sent_parts' })
  }

  send(input: SendMessageInput): Promise<SendMessageResult> {
    const key = String(input?.idempotencyKey ?? '')
    return this.#sent.once(key, () => this.#send(input, key))
  }

  async #send(input: SendMessageInput, key: string): Promise<SendMessageResult> {
    const to = String(input.to ?? '')
    if (!/^-?[0-9]{1,20}$/.test(to)) throw new Error('to must be a Telegram chat id')
    if (typeof input.text !== 'string' || !input.text.length) throw new Error('text is required')
    const parts = messagesOf(input)
    const started = Date.now()
    try {
      let externalId = ''
      // buttons and a phone / location request: the text with its buttons, then the keyboard
      for (const [n, { text, markup }] of parts.entries()) {
        const sendPart = async () => {
          await this.limiter.take(to, this.client.signal)
          const message = await this.client.call(
            (signal) => this.client.api.sendMessage(to, text, markup ? { reply_markup: markup } : {}, signal),
            (ms) => {
              this.limiter.pause(ms)
              this.ctx.log({ direction: 'out', operation: 'sendMessage', status: 'refused', correlationId: key, error: `rate limited by Telegram: retry after ${ms / 1000} s` })
            }
          )
          return `${message.chat.id}:${message.message_id}`
        }
        const id = parts.length > 1 ? await this.#parts.once(`${key}#${n}`, sendPart) : await sendPart()
        externalId ||= id
      }
      this.ctx.log({ direction: 'out', operation: 'sendMessage', status: 'ok', latencyMs: Date.now() - started, correlationId: key, payload: { externalId } })
      return { externalId, status: 'sent' }
    } catch (error) {
      const detail = describeError(error)
      this.ctx.log({ direction: 'out', operation: 'sendMessage', status: 'error', latencyMs: Date.now() - started, correlationId: key, error: detail })
      if (error instanceof GrammyError && error.error_code === 403) {
        // blocked, or the account deleted: the chat is gone; "can't initiate conversation" is not a leave
        const blocked = /blocked/i.test(error.description)
        if (blocked || /deactivated/i.test(error.description)) await this.#unsubscribed(to, key)
        throw new Error(blocked ? `the user blocked the bot (${detail})` : `the message was not sent: ${detail}`)
      }
      throw new Error(`the message was not sent: ${detail}`)
    }
  }

  /** The chat refused us (blocked the bot, deleted the account): told to the module as the user leaving. */
  async #unsubscribed(chat: string, key: string) {
    const event = {
      type: 'message_in',
      idempotencyKey: `blocked:${chat}:${key}`,
      payload: { channel: 'telegram', kind: 'unsubscribed', from: chat, externalId: `${chat}:blocked:${key}`, at: new Date().toISOString() },
    }
    await this.ctx
      .deliver(event)
      .catch((error) => this.ctx.log({ direction: 'in', operation: 'event:message_in', status: 'error', correlationId: event.idempotencyKey, error: String(error?.message ?? error) }))
  }
}
