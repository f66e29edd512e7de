/**
 * The telegram instance's config (manifest.json) with its defaults filled in and the rules
 * JSON Schema cannot say checked: the webhook secret's alphabet (the clear value is known only
 * once resolved) and the URL Telegram posts to.
 */
export interface TelegramConfig {
  token: string
  mode: 'webhook' | 'polling'
  publicUrl?: string
  webhookSecret?: string
  apiRoot: string
  perSecond: number
  perChatPerSecond: number
  maxFileBytes: number
  pollTimeoutSeconds: number
  checkIntervalSeconds: number
}

/** Telegram's rule for `secret_token` (setWebhook). */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/

/** The config with defaults; throws a message without the secrets when it cannot work. */
export function telegramConfig(raw: Record<string, any>): TelegramConfig {
  const config: TelegramConfig = {
    token: String(raw.token ?? ''),
    mode: raw.mode === 'polling' ? 'polling' : 'webhook',
    publicUrl: raw.publicUrl,
    webhookSecret: raw.webhookSecret,
    apiRoot: String(raw.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    perSecond: raw.limits?.perSecond ?? 30,
    perChatPerSecond: raw.limits?.perChatPerSecond ?? 1,
    maxFileBytes: raw.maxFileBytes ?? 10_000_000,
    pollTimeoutSeconds: raw.pollTimeoutSeconds ?? 25,
    checkIntervalSeconds: raw.checkIntervalSeconds ?? 60,
  }
  if (!/^[0-9]+:[A-Za-z0-9_-]+$/.test(config.token)) throw new Error('the bot token does not look like a token from @BotFather (digits:letters)')
  if (config.mode === 'webhook') {
    if (!config.publicUrl) throw new Error('publicUrl is required in webhook mode')
    if (!config.webhookSecret || !SECRET_TOKEN.test(config.webhookSecret)) throw new Error('webhookSecret must be 1-256 characters A-Z, a-z, 0-9, _ and - in webhook mode')
  }
  return config
}

/** Where Telegram posts this instance's updates. */
export function webhookUrl(config: TelegramConfig, instance: string): string {
  return `${config.publicUrl!.replace(/\/+$/, '')}/api/v1/connectors/${encodeURIComponent(instance)}/webhook`
}
