import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Readable } from 'node:stream'
import app from '@adonisjs/core/services/app'
import string from '@adonisjs/core/helpers/string'
import BodyParserMiddleware from '@adonisjs/core/bodyparser_middleware'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { inspectInput } from '#core/validation/input_guard'
import { message, pickLocale, type Locale } from '#core/validation/messages'
import { Problem } from '#core/errors/problem'

/**
 * The body parser, with JSON read here instead of by AdonisJS, whose JSON path answered 500
 * to a body that is not an object (`null`, `"x"`, `1`), overflowed the stack on JSON nested
 * thousands of levels deep (a recursive clone) and silently dropped `__proto__` keys. A JSON
 * body must be an object or an array that passes the input guard (no NUL, no prototype keys,
 * bounded depth: core/validation/input_guard.ts), else a problem+json 4xx with a pointer.
 * Multipart, forms and CSV go to the AdonisJS parser as before; every query string is checked
 * by the same guard.
 */
export default class BodyMiddleware {
  #config = app.config.get<any>('bodyparser')
  #fallback?: InstanceType<typeof BodyParserMiddleware>

  async handle(ctx: HttpContext, next: NextFn) {
    const locale = pickLocale(ctx.request.header('accept-language'))
    const query = inspectInput(ctx.request.qs(), locale)
    if (query) throw toProblem(query)
    if (WEBHOOK.test(ctx.request.url()) && ctx.request.method() === 'POST') {
      // a connector's webhook: the type verifies signatures over the exact bytes (core/connectors)
      rawBodies.set(ctx.request, await readBytes(ctx, WEBHOOK_LIMIT))
      return next()
    }
    const json = this.#config.json
    if (this.#config.allowedMethods.includes(ctx.request.method()) && ctx.request.hasBody() && ctx.request.is(json.types)) {
      const raw = await readText(ctx, string.bytes.parse(json.limit) ?? 1_000_000)
      ctx.request.setInitialBody(parseJsonBody(raw, locale) as Record<string, any>)
      ctx.request.updateRawBody(raw)
      return next()
    }
    this.#fallback ??= new BodyParserMiddleware(this.#config, app.experimentalFlags)
    return this.#fallback.handle(ctx, next)
  }
}

const WEBHOOK = /^\/api\/v1\/connectors\/[^/]+\/webhook$/
const WEBHOOK_LIMIT = 1_000_000
const rawBodies = new WeakMap<object, Buffer>()

/** The raw bytes of a connector webhook's body (read by this middleware instead of parsing it). */
export function rawBodyOf(ctx: HttpContext): Buffer {
  return rawBodies.get(ctx.request) ?? Buffer.alloc(0)
}

const bad = (code: string, detail: string) => new Problem('bad-request', [{ pointer: '/', message: detail, code }], {}, detail)

const toProblem = (found: NonNullable<ReturnType<typeof inspectInput>>) => {
  const { status, ...error } = found
  return status === 400 ? new Problem('bad-request', [error], {}, error.message) : new Problem('validation', [error])
}

/** A request body as JSON: an object or an array that passes the input guard, else a 4xx. */
export function parseJsonBody(raw: string, locale: Locale): unknown {
  if (!raw.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw bad('invalid_json', message('invalid_json', locale))
  }
  if (parsed === null || typeof parsed !== 'object') throw bad('type', message('type', locale, { type: 'object' }))
  const found = inspectInput(parsed, locale)
  if (found) throw toProblem(found)
  return parsed
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress }

/** The body as UTF-8 text, refused past `limit` bytes (after decompression). */
async function readText(ctx: HttpContext, limit: number): Promise<string> {
  return (await readBytes(ctx, limit)).toString('utf8')
}

/** The body's bytes, refused past `limit` bytes (after decompression). */
async function readBytes(ctx: HttpContext, limit: number): Promise<Buffer> {
  const encoding = (ctx.request.header('content-encoding') ?? 'identity').toLowerCase()
  const decoder = DECODERS[encoding]
  if (!decoder && encoding !== 'identity') throw new Problem('unsupported-media-type', [], {}, `content-encoding ${encoding} is not supported`)
  if (encoding === 'identity' && Number(ctx.request.header('content-length') ?? 0) > limit) throw bad('too_large', 'request body too large')
  const source: Readable = ctx.request.request
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of decoder ? source.pipe(decoder()) : source) {
      size += (chunk as Buffer).length
      if (size > limit) throw bad('too_large', 'request body too large')
      chunks.push(chunk as Buffer)
    }
  } catch (error) {
    source.resume() // drain the rest, so the answer still reaches the client
    if (error instanceof Problem) throw error
    throw bad('invalid_body', 'the body could not be read')
  }
  return Buffer.concat(chunks)
}
