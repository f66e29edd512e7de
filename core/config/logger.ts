import { defineConfig } from '@adonisjs/core/logger'
import env from '#start/env'
import { maskLogObject, maskText, REDACTED_KEYS } from '#core/shared/log_mask'

/**
 * One pino logger. Personal data and secrets never reach the log (issue 10, item 14): keys that
 * hold secrets or message bodies are censored by pino `redact`, and every logged string
 * (messages, error messages and stacks, any value) has phone-like digit runs masked to their
 * last two digits and API tokens cut to their prefix (core/shared/log_mask.ts).
 */
export default defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'vikno',
      level: env.get('LOG_LEVEL', 'info'),
      redact: { paths: REDACTED_KEYS.filter((k) => /^\w+$/.test(k)).flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[redacted]' },
      serializers: { err: (e: unknown) => maskLogObject(serializeError(e)) },
      formatters: { log: (object: Record<string, unknown>) => maskLogObject(object) as Record<string, unknown> },
      hooks: {
        logMethod(args: unknown[], method: (...a: unknown[]) => void) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? maskText(a) : a))
          )
        },
      },
    },
  },
})

function serializeError(e: unknown) {
  if (!(e instanceof Error)) return e
  const { message, stack, name } = e
  return { type: name, message, stack, ...Object.fromEntries(Object.entries(e).filter(([k]) => !['message', 'stack'].includes(k))) }
}
