/**
 * A local Telegram Bot API server for specs, speaking the real shapes
 * (https://core.telegram.org/bots/api): `POST|GET /bot<token>/<method>` with JSON, form or
 * query parameters, answering `{ok: true, result}` or `{ok: false, error_code, description,
 * parameters?}`. Implements getMe, setWebhook (keeps url, secret_token, allowed_updates),
 * deleteWebhook, getWebhookInfo, getUpdates (long poll with offset/timeout; 409 while a
 * webhook is set or when a newer poll ends an older one), sendMessage, answerCallbackQuery,
 * getFile and `GET /file/bot<token>/<file_path>`. Spec helpers: `pushUpdate` (for polling),
 * `postToWebhook` (as Telegram posts, with the secret header), `sent`, `rateLimit`,
 * `blocked`, `addFile`; `stop()` then `start()` come back on the same port.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Message, Update } from 'grammy/types'
import { HttpPeer } from '#core/testing/http_peer'

type Params = Record<string, any>
type Answer = { status: number; body: Params }

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } })
const fail = (code: number, description: string, parameters?: Params): Answer => ({ status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } })

export class BotApiServer {
  /** The local HTTP server (core/testing/http_peer.ts): `stop()` then `start()` come back on the same port. */
  readonly #http = new HttpPeer((req, res) => void this.#handle(req, res))
  readonly bot = { id: 7000000001, is_bot: true as const, first_name: 'Vikno', username: 'vikno_city_bot' }
  /** Every method call, in order, with its parameters. */
  readonly calls: Array<{ method: string; params: Params; at: number }> = []
  /** The messages sendMessage accepted. */
  readonly sent: Message[] = []
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | undefined
  /** Chats whose user blocked the bot: sendMessage answers 403. */
  readonly blocked = new Set<string>()
  #limited = { times: 0, retryAfter: 1 }
  #queue: Update[] = []
  #nextUpdateId = 500_000_000
  #nextMessageId = 1
  #files = new Map<string, { path: string; bytes: Buffer }>()
  #poll?: { resolve: (a: Answer) => void; timer: NodeJS.Timeout }

  constructor(readonly token = '123456789:AAFakeTokenForSpecs_abcdefghijklmnop') {}

  get apiRoot() {
    return `http://127.0.0.1:${this.port}`
  }

  get port() {
    return this.#http.port
  }

  start() {
    return this.#http.start()
  }

  async stop() {
    this.#endPoll(fail(502, 'Bad Gateway'))
    await this.#http.stop()
  }

  /** After `successes` more accepted sendMessage calls, the next one answers 502 (once). */
  failAfter(successes: number) {
    this.#failAfter = successes
  }
  #failAfter = -1

  /** The next `times` sendMessage calls answer 429 with `retry_after` seconds. */
  rateLimit(times: number, retryAfter = 1) {
    this.#limited = { times, retryAfter }
  }

  /** A file the bot can fetch with getFile; its `file_id` and size, as a PhotoSize has them. */
  addFile(bytes: Buffer, name = 'photo.jpg') {
    const n = this.#files.size + 1
    const fileId = `AgACAgIAAxkBAAI${n}fakeFileId`
    this.#files.set(fileId, { path: `photos/file_${n}_${name}`, bytes })
    return { file_id: fileId, file_unique_id: `AQAD${n}`, file_size: bytes.length }
  }

  /** Queues an update for getUpdates; gives it the next update_id unless it has one. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? ++this.#nextUpdateId } as Update
    this.#queue.push(full)
    if (this.#poll) this.#endPoll(ok(this.#take(0, 100)))
    return full
  }

  /** POSTs the update to the registered webhook as Telegram does (with the secret header); the HTTP status. */
  async postToWebhook(update: Omit<Update, 'update_id'> & { update_id?: number }, secret = this.webhook?.secret_token): Promise<{ status: number; update: Update; body: string }> {
    if (!this.webhook?.url) throw new Error('no webhook is set')
    const full = { ...update, update_id: update.update_id ?? ++this.#nextUpdateId } as Update
    const body = JSON.stringify(full)
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
    if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret
    const answer = await post(this.webhook.url, headers, body)
    return { ...answer, update: full }
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname)
    if (file && req.method === 'GET') return this.#file(file[1], decodeURIComponent(file[2]), res)
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname)
    let answer: Answer
    if (!call) answer = fail(404, 'Not Found')
    else if (call[1] !== this.token) answer = fail(401, 'Unauthorized')
    else {
      const params = await readParams(req, url).catch(() => undefined)
      if (!params) answer = fail(400, "Bad Request: can't parse JSON object")
      else {
        this.calls.push({ method: call[2], params, at: Date.now() })
        answer = await this.#method(call[2], params, res)
      }
    }
    if (res.destroyed) return
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body))
  }

  #method(method: string, p: Params, res: ServerResponse): Answer | Promise<Answer> {
    switch (method) {
      case 'getMe':
        return ok(this.bot)
      case 'setWebhook':
        if (typeof p.url !== 'string') return fail(400, 'Bad Request: bad webhook: URL must be specified')
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) return fail(400, 'Bad Request: secret token contains unallowed characters')
        this.webhook = p.url ? { url: p.url, secret_token: p.secret_token, allowed_updates: p.allowed_updates } : undefined
        return ok(true)
      case 'deleteWebhook':
        this.webhook = undefined
        if (p.drop_pending_updates === true) this.#queue = []
        return ok(true)
      case 'getWebhookInfo':
        return ok({
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.#queue.length,
          ...(this.webhook?.allowed_updates ? { allowed_updates: this.webhook.allowed_updates } : {}),
        })
      case 'getUpdates':
        return this.#getUpdates(p, res)
      case 'sendMessage':
        return this.#sendMessage(p)
      case 'answerCallbackQuery':
        return p.callback_query_id ? ok(true) : fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid')
      case 'getFile': {
        const found = this.#files.get(String(p.file_id))
        return found ? ok({ file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: found.bytes.length, file_path: found.path }) : fail(400, 'Bad Request: invalid file_id')
      }
      default:
        return fail(404, 'Not Found')
    }
  }

  #getUpdates(p: Params, res: ServerResponse): Answer | Promise<Answer> {
    if (this.webhook) return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
    // a newer request ends the one waiting, as Telegram does when two processes poll one bot
    this.#endPoll(fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'))
    const offset = Number(p.offset ?? 0)
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)))
    const updates = this.#take(offset, limit)
    const timeout = Number(p.timeout ?? 0)
    if (updates.length || timeout <= 0) return ok(updates)
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#endPoll(ok([])), timeout * 1000)
      const poll = { resolve, timer }
      this.#poll = poll
      // the client gave up (aborted, stopped): no timer outlives it
      res.once('close', () => this.#poll === poll && this.#endPoll(ok([])))
    })
  }

  /** Confirms (drops) updates below `offset`, answers the next `limit`. */
  #take(offset: number, limit: number): Update[] {
    if (offset > 0) this.#queue = this.#queue.filter((u) => u.update_id >= offset)
    return this.#queue.slice(0, limit)
  }

  #endPoll(answer: Answer) {
    const poll = this.#poll
    this.#poll = undefined
    if (!poll) return
    clearTimeout(poll.timer)
    poll.resolve(answer)
  }

  #sendMessage(p: Params): Answer {
    const chat = String(p.chat_id ?? '')
    if (!chat) return fail(400, 'Bad Request: chat not found')
    if (!p.text) return fail(400, 'Bad Request: message text is empty')
    if (this.#limited.times > 0) {
      this.#limited.times--
      const after = this.#limited.retryAfter
      return fail(429, `Too Many Requests: retry after ${after}`, { retry_after: after })
    }
    if (this.blocked.has(chat)) return fail(403, 'Forbidden: bot was blocked by the user')
    if (this.#failAfter === 0) {
      this.#failAfter = -1
      return fail(502, 'Bad Gateway')
    }
    if (this.#failAfter > 0) this.#failAfter--
    const markup = p.reply_markup
    for (const row of markup?.inline_keyboard ?? [])
      for (const b of row) if (b.callback_data !== undefined && Buffer.byteLength(String(b.callback_data)) > 64) return fail(400, 'Bad Request: BUTTON_DATA_INVALID')
    const message = {
      message_id: this.#nextMessageId++,
      from: this.bot,
      chat: { id: Number(chat), type: 'private', first_name: 'Resident' },
      date: Math.floor(Date.now() / 1000),
      text: String(p.text),
      ...(markup ? { reply_markup: markup } : {}),
    } as Message
    this.sent.push(message)
    return ok(message)
  }

  #file(token: string, path: string, res: ServerResponse) {
    const found = token === this.token ? [...this.#files.values()].find((f) => f.path === path) : undefined
    if (!found) return res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }))
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(found.bytes.length) }).end(found.bytes)
  }
}

/** A method's parameters: the query string, then a JSON or form body (form values that are JSON decoded, as Telegram does). */
async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams)
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  const type = String(req.headers['content-type'] ?? '')
  if (raw && type.includes('application/json')) Object.assign(params, JSON.parse(raw))
  else if (raw && type.includes('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(raw)))
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        params[key] = JSON.parse(value)
      } catch {
        /* a plain string */
      }
    }
  }
  return params
}

/** One POST without keep-alive (no socket left behind in the spec process). */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(body)
  })
}
